"""Writing many plain rows fast: COPY on PostgreSQL, one prepared statement elsewhere.

Only for rows the seed builds itself (integers, dates, timestamps, short texts), so
they skip the ORM's per-value preparation, signals, history and validation; the
database constraints still hold every row.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Model
from django.utils import timezone


def timestamp_value(model: type[Model], moment: datetime.datetime | None = None):
    """`moment` (default now) as the database stores `created_at`/`updated_at` of `model`."""
    connection = connections[router.db_for_write(model)]
    field = model._meta.get_field("created_at")
    return field.get_db_prep_save(moment or timezone.now(), connection)


def ids_reserve(model: type[Model], count: int) -> list[int]:
    """`count` new primary keys for `model`, taken before its rows are inserted with them.

    PostgreSQL hands them out from the table's sequence, so concurrent writers never
    collide; elsewhere (SQLite) they follow the highest key ever used, which is safe
    because the seed writes alone inside its transaction.
    """
    if count <= 0:
        return []
    connection = connections[router.db_for_write(model)]
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT MAX({connection.ops.quote_name(column)}) FROM {connection.ops.quote_name(table)}"
        )
        highest = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
    return list(range(highest + 1, highest + 1 + count))


def value_preparer(model: type[Model], field_name: str):
    """A function turning a Python value into what the database stores for `model.field_name`."""
    connection = connections[router.db_for_write(model)]
    field = model._meta.get_field(field_name)

    def prepare(value):
        return None if value is None else field.get_db_prep_save(value, connection)

    return prepare


def rows_insert(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (database-ready values in `columns` order) into `model`'s table; returns the count."""
    rows = list(rows)
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column_list = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor.cursor, f"COPY {table} ({column_list}) FROM STDIN", rows)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})", rows)
    return len(rows)


def _copy(raw_cursor, statement: str, rows: list[Sequence]) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_text(value) for value in row))
        buffer.write("\n")
    if hasattr(raw_cursor, "copy_expert"):  # psycopg2
        buffer.seek(0)
        raw_cursor.copy_expert(statement, buffer)
    else:  # psycopg 3
        with raw_cursor.copy(statement) as copy:
            copy.write(buffer.getvalue())


def _copy_text(value) -> str:
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | Decimal | datetime.date | datetime.datetime):
        return str(value)
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def statistics_refresh(models: Sequence[type[Model]]) -> None:
    """Let PostgreSQL's planner see tables that just grew (ANALYZE); nothing to do elsewhere."""
    for model in models:
        connection = connections[router.db_for_write(model)]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def database_statistics_refresh(using: str = DEFAULT_DB_ALIAS) -> None:
    """After a bulk load, let PostgreSQL's planner see every table as it now is (ANALYZE).

    A fresh cluster may not have autovacuumed yet, and stale statistics alone can make
    an id-ordered page many times slower. Nothing to do elsewhere.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def commit_without_waiting(model: type[Model]) -> None:
    """Inside a transaction: on PostgreSQL, do not wait for its commit to reach the disk.

    A crash may lose the last few synthetic chunks (a rerun rebuilds them), never
    leave one half-written.
    """
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")

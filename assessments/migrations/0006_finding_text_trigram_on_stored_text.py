"""The findings' trigram index moves from `UPPER(text)` to the stored text itself, on PostgreSQL only.

The admin's search asked `UPPER(text) LIKE UPPER('%…%')`; for a common word the planner
rightly reads the table until a page and the capped count are found, and `UPPER` of every
Persian text it reads was most of that time (about 1 µs a row). Persian has no letter case,
so a word without cased letters is now searched with a plain `text LIKE '%…%'`, and a word
with them (a code, a Latin name) with `text ILIKE '%…%'`: pg_trgm's GIN index on the plain
column answers both (its trigrams ignore case), so one index on `text` replaces the one
on `UPPER(text)` (see `assessments/admin/findings.py`).

Built CONCURRENTLY, so that writes to a national-scale table go on meanwhile (hence the
migration is not atomic). SQLite keeps its plain search: there this migration does nothing.
Like 0005's, the index is PostgreSQL's alone and not part of the models' state.
"""

from django.db import migrations

INDEX = "finding_text_trgm"
OLD_INDEX = "finding_text_upper_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON assessments_finding USING gin (text gin_trgm_ops)"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {OLD_INDEX}")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {OLD_INDEX} ON assessments_finding "
        "USING gin (UPPER(text) gin_trgm_ops)"
    )
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("assessments", "0005_admin_finding_text_trigram")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]

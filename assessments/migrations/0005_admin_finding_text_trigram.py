"""A trigram index on the findings' text, for the admin's search, on PostgreSQL only.

The admin searches with `icontains`, which PostgreSQL runs as `UPPER(text) LIKE UPPER('%…%')`:
no B-tree helps, and at national scale (a million findings) every search read the whole
table. A GIN index of pg_trgm trigrams on `UPPER(text)` answers the same LIKE from the index.
The text is stored normalized (Persian ی/ک, ASCII digits), as the search term is.

SQLite has no such index and keeps its plain search: on SQLite this migration does nothing.
The index is not part of the models' state (it is PostgreSQL's alone), so `makemigrations`
does not see it. Creating the extension needs a role allowed to (the database owner on
PostgreSQL 13+ for this trusted extension).
"""

from django.db import migrations

INDEX = "finding_text_upper_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON assessments_finding USING gin (UPPER(text) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_project_progress_updates")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]

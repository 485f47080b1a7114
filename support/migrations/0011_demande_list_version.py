"""Demandes carry a version the database sets on every insert and update.

The ``list_version`` column is not a model field: Django's ``save()`` writes
every field, and would write back the old value an instance holds.

The lists (the agents' queue, the client's list, the API's) are cached under
the greatest version of the Demandes they can show (support/list_cache.py):
a trigger, not the portal's code, moves it, so a bulk ``UPDATE`` of the
deadline sweep changes it as surely as a form does (issue 11).

- PostgreSQL: a ``BEFORE`` trigger takes the next value of a sequence (no lock
  between writers).
- SQLite: an ``AFTER`` trigger writes the table's greatest version plus one
  (SQLite has one writer at a time, so versions follow the commits).
"""

from django.db import migrations

COLUMN = [
    "ALTER TABLE support_demande ADD COLUMN list_version bigint NOT NULL DEFAULT 0",
    # The Demandes already there are numbered by their id, before the triggers.
    "UPDATE support_demande SET list_version = id",
    "CREATE INDEX demande_version_idx ON support_demande (list_version)",
    "CREATE INDEX demande_org_version_idx ON support_demande (organisation_id, list_version)",
]
COLUMN_REVERSE = [
    "DROP INDEX IF EXISTS demande_org_version_idx",
    "DROP INDEX IF EXISTS demande_version_idx",
    "ALTER TABLE support_demande DROP COLUMN list_version",
]
SQLITE = [
    """
    CREATE TRIGGER support_demande_version_insert AFTER INSERT ON support_demande
    FOR EACH ROW BEGIN
        UPDATE support_demande
        SET list_version = (SELECT COALESCE(MAX(list_version), 0) + 1 FROM support_demande)
        WHERE id = NEW.id;
    END
    """,
    # The WHEN clause: the trigger's own UPDATE must not set it off again.
    """
    CREATE TRIGGER support_demande_version_update AFTER UPDATE ON support_demande
    FOR EACH ROW WHEN NEW.list_version = OLD.list_version BEGIN
        UPDATE support_demande
        SET list_version = (SELECT COALESCE(MAX(list_version), 0) + 1 FROM support_demande)
        WHERE id = NEW.id;
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS support_demande_version_insert",
    "DROP TRIGGER IF EXISTS support_demande_version_update",
]
POSTGRESQL = [
    "CREATE SEQUENCE support_demande_list_version_seq",
    """
    SELECT setval(
        'support_demande_list_version_seq',
        (SELECT COALESCE(MAX(list_version), 0) + 1 FROM support_demande),
        false
    )
    """,
    """
    CREATE FUNCTION support_demande_list_version() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.list_version := nextval('support_demande_list_version_seq');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER support_demande_list_version
    BEFORE INSERT OR UPDATE ON support_demande
    FOR EACH ROW EXECUTE FUNCTION support_demande_list_version()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS support_demande_list_version ON support_demande",
    "DROP FUNCTION IF EXISTS support_demande_list_version()",
    "DROP SEQUENCE IF EXISTS support_demande_list_version_seq",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("support", "0010_demande_references_in_number_sequence")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": COLUMN + SQLITE, "postgresql": COLUMN + POSTGRESQL}),
            _run(
                {
                    "sqlite": SQLITE_REVERSE + COLUMN_REVERSE,
                    "postgresql": POSTGRESQL_REVERSE + COLUMN_REVERSE,
                }
            ),
        ),
    ]

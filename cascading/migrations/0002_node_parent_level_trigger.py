"""Refuse, in the database itself, a plan node whose parent is not exactly one level up.

A check constraint cannot look at another row, so this is a trigger, written for each backend.
"""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION cascading_node_parent_level() RETURNS trigger AS $$
BEGIN
    IF NEW.parent_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM cascading_plannode p
        WHERE p.id = NEW.parent_id AND p.level = NEW.level - 1 AND p.period_id = NEW.period_id
    ) THEN
        RAISE EXCEPTION 'plan node parent must be one level up in the same period'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND EXISTS (
        SELECT 1 FROM cascading_plannode c
        WHERE c.parent_id = NEW.id AND (c.level <> NEW.level + 1 OR c.period_id <> NEW.period_id)
    ) THEN
        RAISE EXCEPTION 'plan node children must stay one level down in the same period'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cascading_node_parent_level
    BEFORE INSERT OR UPDATE ON cascading_plannode
    FOR EACH ROW EXECUTE FUNCTION cascading_node_parent_level();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS cascading_node_parent_level ON cascading_plannode;
DROP FUNCTION IF EXISTS cascading_node_parent_level();
"""

SQLITE_CHECK = """
SELECT RAISE(ABORT, 'plan node parent must be one level up in the same period')
WHERE NEW.parent_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM cascading_plannode p
    WHERE p.id = NEW.parent_id AND p.level = NEW.level - 1 AND p.period_id = NEW.period_id
);
"""
SQLITE_FORWARD = [
    f"""CREATE TRIGGER cascading_node_parent_level_insert
        BEFORE INSERT ON cascading_plannode BEGIN {SQLITE_CHECK} END;""",
    f"""CREATE TRIGGER cascading_node_parent_level_update
        BEFORE UPDATE ON cascading_plannode BEGIN {SQLITE_CHECK}
        SELECT RAISE(ABORT, 'plan node children must stay one level down in the same period')
        WHERE EXISTS (
            SELECT 1 FROM cascading_plannode c
            WHERE c.parent_id = NEW.id
              AND (c.level <> NEW.level + 1 OR c.period_id <> NEW.period_id)
        );
        END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS cascading_node_parent_level_insert;",
    "DROP TRIGGER IF EXISTS cascading_node_parent_level_update;",
]


def forward(apps, schema_editor):
    run(schema_editor, POSTGRES_FORWARD, SQLITE_FORWARD)


def reverse(apps, schema_editor):
    run(schema_editor, POSTGRES_REVERSE, SQLITE_REVERSE)


def run(schema_editor, postgres_sql, sqlite_statements):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgres_sql)
    elif vendor == "sqlite":
        for statement in sqlite_statements:
            schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"no parent-level trigger for {vendor}")


class Migration(migrations.Migration):
    dependencies = [("cascading", "0001_initial")]

    operations = [migrations.RunPython(forward, reverse)]

"""Database-side guards for the audit trail, per dialect.

The database itself refuses to update or delete entries, to insert an entry that does not
extend the current head, and to move the head anywhere but one step forward to an
existing entry. Code never needs these paths; they make tampering a deliberate act.
"""

from __future__ import annotations

SQLITE = [
    """CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    """CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    """CREATE TRIGGER audit_entries_extend_head BEFORE INSERT ON audit_entries
    WHEN NOT EXISTS (SELECT 1 FROM audit_head
                     WHERE id = 1 AND seq + 1 = NEW.seq AND entry_hash = NEW.prev_hash)
    BEGIN SELECT RAISE(ABORT, 'an audit entry must extend the head of the chain'); END""",
    """CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
    BEGIN SELECT RAISE(ABORT, 'the audit head cannot be deleted'); END""",
    """CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
    WHEN NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1 OR NOT EXISTS (
        SELECT 1 FROM audit_entries WHERE seq = NEW.seq AND entry_hash = NEW.entry_hash)
    BEGIN SELECT RAISE(ABORT, 'the audit head only moves one step forward'); END""",
]

POSTGRESQL = [
    """CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit entries are append-only' USING ERRCODE = '42501'; END $$""",
    """CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    """CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
    """CREATE FUNCTION audit_extend_head() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM audit_head
                     WHERE id = 1 AND seq + 1 = NEW.seq AND entry_hash = NEW.prev_hash) THEN
        RAISE EXCEPTION 'an audit entry must extend the head of the chain'
          USING ERRCODE = '42501';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER audit_entries_extend_head BEFORE INSERT ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_extend_head()""",
    """CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'UPDATE' OR NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1 OR NOT EXISTS (
          SELECT 1 FROM audit_entries WHERE seq = NEW.seq AND entry_hash = NEW.entry_hash) THEN
        RAISE EXCEPTION 'the audit head only moves one step forward' USING ERRCODE = '42501';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER audit_head_guard BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only()""",
    """CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_entries_no_update",
    "DROP TRIGGER IF EXISTS audit_entries_no_delete",
    "DROP TRIGGER IF EXISTS audit_entries_extend_head",
    "DROP TRIGGER IF EXISTS audit_head_no_delete",
    "DROP TRIGGER IF EXISTS audit_head_forward_only",
]

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_head",
    "DROP TRIGGER IF EXISTS audit_head_guard ON audit_head",
    "DROP TRIGGER IF EXISTS audit_entries_extend_head ON audit_entries",
    "DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries",
    "DROP TRIGGER IF EXISTS audit_entries_no_change ON audit_entries",
    "DROP FUNCTION IF EXISTS audit_head_forward_only()",
    "DROP FUNCTION IF EXISTS audit_extend_head()",
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
]


def guard_statements(dialect: str) -> list[str]:
    return POSTGRESQL if dialect == "postgresql" else SQLITE


def drop_statements(dialect: str) -> list[str]:
    return POSTGRESQL_DROP if dialect == "postgresql" else SQLITE_DROP

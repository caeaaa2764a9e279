"""Raw database access for tests that look under the service (counts, tampering)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select, text

from audits.ddl import drop_statements, guard_statements
from audits.models import AuditEntry
from kyc_service.customers.models import Customer


def count_rows(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            "customers": connection.scalar(select(func.count()).select_from(Customer)) or 0,
            "audit": connection.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        }


def without_audit_guards(engine: Engine, *statements: str) -> None:
    """Run statements with the append-only triggers removed, as an intruder with direct
    database access could, then put the triggers back."""
    dialect = engine.dialect.name
    with engine.begin() as connection:
        for statement in drop_statements(dialect):
            connection.execute(text(statement))
        for statement in statements:
            connection.execute(text(statement))
        for statement in guard_statements(dialect):
            connection.execute(text(statement))

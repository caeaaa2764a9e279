"""Worker processes that append to the audit trail concurrently (spawned, not forked)."""

from __future__ import annotations

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.db import make_engine, make_session_factory, transaction


def append_entries(database_url: str, worker: int, count: int) -> int:
    engine = make_engine(database_url, sqlite_busy_timeout_s=120)
    factory = make_session_factory(engine)
    ctx = AuditContext(f"worker-{worker}", "system", request_id=f"w{worker}")
    try:
        for index in range(count):
            with transaction(factory) as session:
                record(session, ctx, AuditEvent(AuditAction.CUSTOMER_SEARCH,
                                                details={"worker": worker, "index": index}))
    finally:
        engine.dispose()
    return count

"""/api/v1/audit: chain verification for auditors."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from audits import verify as chain
from audits.tags import AuditAction
from audits.trail import AuditEvent, record
from kyc_service.api.schemas import ChainReportSchema
from kyc_service.auth import current_actor
from kyc_service.request_scope import db_session

blp = Blueprint("audit", __name__, url_prefix="/api/v1/audit",
                description="The tamper-evident audit trail.")


@blp.route("/verify", methods=["GET"])
@blp.response(200, ChainReportSchema)
def verify_chain() -> dict[str, Any]:
    """Recompute the hash chain and name the first entry that does not hold."""
    session = db_session()
    report = chain.verify_chain(session)
    record(session, current_actor().audit_context(), AuditEvent(
        AuditAction.AUDIT_VERIFY, object_type="audit_chain",
        details={"ok": report.ok, "entries_checked": report.entries_checked,
                 "first_bad_seq": report.first_bad_seq},
    ))
    return report.as_dict()

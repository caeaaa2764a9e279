"""/api/v1/transactions: the operator's money and play events, in batches."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from kyc_service.api.aml_schemas import IntakeResultSchema, TransactionBatchSchema
from kyc_service.auth import current_actor
from kyc_service.request_scope import db_session, runtime

blp = Blueprint("transactions", __name__, url_prefix="/api/v1/transactions",
                description="Transaction intake for AML monitoring (idempotent by external_id).")



@blp.route("", methods=["POST"])
@blp.arguments(TransactionBatchSchema)
@blp.response(200, IntakeResultSchema)
def ingest_transactions(data: dict[str, Any]) -> dict[str, Any]:
    """Store a batch of events and evaluate the AML rules on them.

    Each event is validated alone: the answer lists the stored, duplicate (already
    stored), rejected (with index and reasons) and parked events.
    """
    result = runtime().intake.ingest(db_session(), current_actor().audit_context(), data["events"])
    return result.as_dict()

"""/api/v1/alerts: for compliance staff and auditors only (agents: tipping-off)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from cases.alerts import Resolution
from cases.alerts.queries import AlertFilter, alert_view, close_alert, get_alert, list_alerts
from kyc_service.api.aml_schemas import (
    AlertCloseSchema,
    AlertDetailSchema,
    AlertPageSchema,
    AlertQuerySchema,
)
from kyc_service.auth import current_actor
from kyc_service.request_scope import db_session

blp = Blueprint("alerts", __name__, url_prefix="/api/v1/alerts",
                description="Alerts from AML rules, screening and document checks.")
FILTERS = ("customer_id", "code", "source", "status", "min_score", "seen_from", "seen_to")


@blp.route("", methods=["GET"])
@blp.arguments(AlertQuerySchema, location="query")
@blp.response(200, AlertPageSchema)
def list_alerts_view(query: dict[str, Any]) -> dict[str, Any]:
    """Alerts, highest score first; filter by customer, rule, status, score and dates."""
    page, page_size = query["page"], query["page_size"]
    rows, total = list_alerts(db_session(), AlertFilter(**{k: query.get(k) for k in FILTERS}),
                              offset=(page - 1) * page_size, limit=page_size)
    return {"items": [alert_view(a) for a in rows], "total": total, "page": page,
            "page_size": page_size}


@blp.route("/<alert_id>", methods=["GET"])
@blp.response(200, AlertDetailSchema)
def get_alert_view(alert_id: str) -> dict[str, Any]:
    """One alert with its hits and evidence (the read is audited)."""
    alert = get_alert(db_session(), current_actor().audit_context(), alert_id)
    return alert_view(alert, with_evidence=True)


@blp.route("/<alert_id>/close", methods=["POST"])
@blp.arguments(AlertCloseSchema)
@blp.response(200, AlertDetailSchema)
def close_alert_view(data: dict[str, Any], alert_id: str) -> dict[str, Any]:
    """Close an open alert with a resolution; a new hit later opens a new alert."""
    alert = close_alert(db_session(), current_actor().audit_context(), alert_id,
                        Resolution(data["resolution"]))
    return alert_view(alert, with_evidence=True)

"""Liveness and readiness for load balancers; no personal data, no token."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import text

from kyc_service.request_scope import db_session

blp = Blueprint("health", __name__, url_prefix="/healthz", description="Service health.")


@blp.route("", methods=["GET"])
@blp.response(200)
def health() -> dict[str, Any]:
    """The service is up and its database answers."""
    db_session().execute(text("SELECT 1"))
    return {"status": "ok"}

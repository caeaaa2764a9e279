"""Re-upload requests: agents create one-time links for players to send new photos."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kyc_service.auth import current_actor
from kyc_service.documents.quality import DOCUMENT_SPECS, QualityCode
from kyc_service.documents.reupload import ReuploadRequest, progress
from kyc_service.request_scope import db_session, runtime

blp = Blueprint("reupload", __name__, url_prefix="/api/v1",
                description="One-time links for players to send documents again.")


class RequestedDocumentSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(list(DOCUMENT_SPECS)))
    side = fields.String(required=True, validate=validate.Length(1, 16))
    reasons = fields.List(fields.String(validate=validate.OneOf([c.value for c in QualityCode])),
                          load_default=list, metadata={
                              "description": "Quality codes to explain on the player's page."})


class ReuploadCreateSchema(Schema):
    documents = fields.List(fields.Nested(RequestedDocumentSchema), required=True,
                            validate=validate.Length(1, 4))
    expires_in_hours = fields.Integer(validate=validate.Range(1, 24 * 14))


class ReuploadSchema(Schema):
    id = fields.String()
    customer_id = fields.String()
    status = fields.String()
    url = fields.String(metadata={"description": "Shown once, at creation."})
    language = fields.String()
    expires_at = fields.DateTime()
    documents = fields.List(fields.Dict())


def request_view(session: Any, request: ReuploadRequest) -> dict[str, Any]:
    return {"id": request.id, "customer_id": request.customer_id, "status": request.status,
            "language": request.language, "expires_at": request.expires_at,
            "documents": progress(session, request)}


@blp.route("/customers/<customer_id>/reupload-requests", methods=["POST"])
@blp.arguments(ReuploadCreateSchema)
@blp.response(201, ReuploadSchema)
def create_reupload_request(data: dict[str, Any], customer_id: str) -> dict[str, Any]:
    """Create a one-time, expiring upload link in the customer's language."""
    actor, session, rt = current_actor(), db_session(), runtime()
    customer = rt.customers.get(session, customer_id)
    hours = data.get("expires_in_hours")
    request, token = rt.reupload_links.create(
        session, actor.audit_context(), customer, data["documents"],
        timedelta(hours=hours) if hours else None)
    view = request_view(session, request)
    view["url"] = f"{rt.settings.public_base_url.rstrip('/')}/u/{token}"
    return view


@blp.route("/reupload-requests/<request_id>", methods=["GET"])
@blp.response(200, ReuploadSchema)
def get_reupload_request(request_id: str) -> dict[str, Any]:
    """Progress of a request: each document's latest status and attempts (agents poll it)."""
    session = db_session()
    return request_view(session, runtime().reupload_links.get(session, request_id))


@blp.route("/reupload-requests/<request_id>/revoke", methods=["POST"])
@blp.response(200, ReuploadSchema)
def revoke_reupload_request(request_id: str) -> dict[str, Any]:
    """Withdraw a link; the player then sees that it is no longer valid."""
    actor, session = current_actor(), db_session()
    request = runtime().reupload_links.get(session, request_id)
    runtime().reupload_links.revoke(session, actor.audit_context(), request)
    return request_view(session, request)

"""/api/v1/privacy: data-subject requests, their export, legal holds, the restricted view.

Also the restriction guard: once a customer's erasure is requested, every other route
that names the customer (or one of their documents) answers 410 Gone; only the audited
restricted view here shows what the AML law makes us keep.
"""

from __future__ import annotations

from typing import Any

from flask import Response, g, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from audits.tags import AuditAction, Outcome
from audits.trail import AuditEvent, record
from kyc_service.api.errors import problem
from kyc_service.auth import current_actor
from kyc_service.documents.models import Document
from kyc_service.privacy import access, requests
from kyc_service.privacy.models import RequestKind
from kyc_service.privacy.wiring import privacy_deps
from kyc_service.request_scope import db_session, runtime

blp = Blueprint("privacy", __name__, url_prefix="/api/v1/privacy",
                description="Data-subject requests (KVKK Art. 11, GDPR Art. 15-17).")
RESTRICTION_EXEMPT = ("privacy.", "static", "web.static")


class RequestCreateSchema(Schema):
    customer_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(RequestKind.ALL))
    channel = fields.String(load_default="email", validate=validate.Length(1, 16))
    jurisdiction = fields.String(validate=validate.OneOf(("TR", "EU")))
    received_at = fields.AwareDateTime()
    relationship_ended_at = fields.AwareDateTime()
    changes = fields.Dict(keys=fields.String())


class RequestSchema(Schema):
    id = fields.String()
    customer_id = fields.String()
    kind = fields.String()
    status = fields.String()
    channel = fields.String()
    jurisdiction = fields.String()
    received_at = fields.DateTime()
    due_at = fields.DateTime()
    completed_at = fields.DateTime(allow_none=True)
    overdue = fields.Boolean()
    result = fields.Dict()


class HoldCreateSchema(Schema):
    customer_id = fields.String(required=True)
    reason_code = fields.String(required=True, validate=validate.Length(1, 64))


class HoldSchema(Schema):
    id = fields.String()
    customer_id = fields.String()
    reason_code = fields.String()
    placed_at = fields.DateTime()
    released_at = fields.DateTime(allow_none=True)


@blp.route("/requests", methods=["POST"])
@blp.arguments(RequestCreateSchema)
@blp.response(201, RequestSchema)
def create_request(data: dict[str, Any]) -> dict[str, Any]:
    """Record a data-subject request; rectification and erasure are carried out at once."""
    created = requests.create_request(db_session(), current_actor().audit_context(),
                                      privacy_deps(runtime()), **data)
    return requests.request_view(created)


@blp.route("/requests/<request_id>", methods=["GET"])
@blp.response(200, RequestSchema)
def get_request(request_id: str) -> dict[str, Any]:
    """A request with its legal deadline and status."""
    return requests.request_view(requests.get_request(db_session(), request_id))


@blp.route("/requests/<request_id>/export", methods=["GET"])
@blp.response(200)
def export_request(request_id: str) -> Response:
    """The access export: a zip of data.json and the document images (audited)."""
    session = db_session()
    found = requests.get_request(session, request_id)
    body = access.build_export(session, current_actor().audit_context(),
                               privacy_deps(runtime()), found)
    return Response(body, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="subject-access-{found.id}.zip"',
        "Cache-Control": "no-store"})


@blp.route("/subjects/<customer_id>", methods=["GET"])
@blp.response(200)
def restricted_view(customer_id: str) -> dict[str, Any]:
    """The retained AML records of an erased customer (restricted, audited)."""
    return access.restricted_view(db_session(), current_actor().audit_context(),
                                  privacy_deps(runtime()), customer_id)


@blp.route("/holds", methods=["POST"])
@blp.arguments(HoldCreateSchema)
@blp.response(201, HoldSchema)
def place_hold(data: dict[str, Any]) -> Any:
    """Place a legal hold: nothing of the customer is destroyed while it stands."""
    return requests.place_hold(db_session(), current_actor().audit_context(),
                               privacy_deps(runtime()), data["customer_id"],
                               data["reason_code"])


@blp.route("/holds/<hold_id>/release", methods=["POST"])
@blp.response(200, HoldSchema)
def release_hold(hold_id: str) -> Any:
    """Release a legal hold; the next destruction run finishes what it postponed."""
    return requests.release_hold(db_session(), current_actor().audit_context(), hold_id)


def restricted_customer_refusal() -> str | None:
    """The restricted customer this request names (recording the refusal), or None.

    Used by the API guard below and by the officer pages' access check, which runs after
    the page's signed-in actor is known."""
    endpoint = request.endpoint or ""
    args = request.view_args or {}
    actor = g.get("actor")  # API: set by the token check; pages: by the page access check
    if actor is None or endpoint.startswith(RESTRICTION_EXEMPT) or not args:
        return None
    session = db_session()
    customer_id = args.get("customer_id")
    if customer_id is None and "document_id" in args:
        document = session.get(Document, args["document_id"])
        customer_id = document.customer_id if document is not None else None
    if customer_id is None or not requests.is_restricted(session, customer_id):
        return None
    record(session, actor.audit_context(), AuditEvent(
        AuditAction.PRIVACY_RESTRICTED_DENY, outcome=Outcome.DENIED, object_type="customer",
        object_id=customer_id, customer_ref=customer_id, details={"endpoint": endpoint}))
    session.commit()  # the refusal is recorded even though the response is an error
    return str(customer_id)


@blp.before_app_request
def _refuse_restricted() -> Response | None:
    if restricted_customer_refusal() is None:
        return None
    return problem(410, "customer_restricted", "The customer's data is restricted.",
                   "An erasure was requested; AML records are kept in restricted form.")

"""The document review queue for compliance officers: list, inspect, decide."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kyc_service.api.documents import DocumentSchema, document_view
from kyc_service.api.schemas import PurposeQuerySchema
from kyc_service.auth import current_actor
from kyc_service.documents import review
from kyc_service.request_scope import db_session, runtime

blp = Blueprint("review", __name__, url_prefix="/api/v1",
                description="Documents the pipeline could not decide, for compliance officers.")


class QueueQuerySchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class QueuePageSchema(Schema):
    items = fields.List(fields.Nested(DocumentSchema))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()


class ExtractionSchema(Schema):
    mrz = fields.Dict(allow_none=True)
    extracted = fields.Dict(data_key="fields", attribute="fields")


class ReviewDecisionSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(review.REVIEW_DECISIONS))
    reason = fields.String(required=True, validate=validate.OneOf(review.REVIEW_REASONS))


@blp.route("/review/documents", methods=["GET"])
@blp.arguments(QueueQuerySchema, location="query")
@blp.response(200, QueuePageSchema)
def review_queue(query: dict[str, Any]) -> dict[str, Any]:
    """Documents waiting for a decision, oldest first."""
    page, size = query["page"], query["page_size"]
    rows, total = review.review_queue(db_session(), (page - 1) * size, size)
    return {"items": [document_view(d, full=True) for d in rows], "total": total,
            "page": page, "page_size": size}


@blp.route("/documents/<document_id>/extraction", methods=["GET"])
@blp.arguments(PurposeQuerySchema, location="query")
@blp.response(200, ExtractionSchema)
def document_extraction(query: dict[str, Any], document_id: str) -> dict[str, Any]:
    """What was read from the document (decrypted; the read is audited)."""
    rt, session = runtime(), db_session()
    document = rt.documents.get(session, document_id)
    purpose = query.get("purpose")
    kwargs = {"purpose": purpose.value} if purpose else {}
    return review.read_extraction(session, rt.vault, current_actor().audit_context(),
                                  document, **kwargs)


@blp.route("/documents/<document_id>/image", methods=["GET"])
@blp.arguments(PurposeQuerySchema, location="query")
@blp.response(200, content_type="image/jpeg")
def document_image(query: dict[str, Any], document_id: str) -> Response:
    """The review copy of the photo, EXIF removed (the read is audited)."""
    rt, session = runtime(), db_session()
    document = rt.documents.get(session, document_id)
    purpose = query.get("purpose")
    kwargs = {"purpose": purpose.value} if purpose else {}
    image = review.read_preview(session, rt.vault, rt.storage,
                                current_actor().audit_context(), document, **kwargs)
    response = Response(image, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/documents/<document_id>/review", methods=["POST"])
@blp.arguments(ReviewDecisionSchema)
@blp.response(200, DocumentSchema)
def review_document(data: dict[str, Any], document_id: str) -> dict[str, Any]:
    """Accept or reject a document that waits for review, with a reason code."""
    rt, session = runtime(), db_session()
    document = rt.documents.get(session, document_id)
    review.decide_review(session, current_actor().audit_context(), document, data["decision"],
                         data["reason"], rt.settings.require_address_proof)
    return document_view(document, full=True)

"""Document uploads and results: parse, call the document service, dump."""

from __future__ import annotations

import json
from typing import Any

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kyc_service.auth import current_actor
from kyc_service.core.errors import PayloadTooLarge, ValidationFailed
from kyc_service.documents.models import Document
from kyc_service.documents.quality import DOCUMENT_SPECS
from kyc_service.permissions import FULL_DISCLOSURE_ROLES
from kyc_service.request_scope import db_session, runtime

blp = Blueprint("documents", __name__, url_prefix="/api/v1",
                description="Identity documents and address proofs: upload, check, results.")
MULTIPART_OVERHEAD = 64 * 1024


class UploadFormSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(list(DOCUMENT_SPECS)))
    side = fields.String(required=True, validate=validate.Length(1, 16), metadata={
        "description": "id_card: front|back; passport: data_page; address_proof: page"})


class UploadFileSchema(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class QualityIssueSchema(Schema):
    code = fields.String()
    metric = fields.Float(allow_none=True)
    threshold = fields.Float(allow_none=True)
    guidance = fields.Dict(keys=fields.String(), values=fields.String())


class QualitySchema(Schema):
    passed = fields.Boolean()
    issues = fields.List(fields.Nested(QualityIssueSchema))


class DocumentSchema(Schema):
    id = fields.String()
    customer_id = fields.String()
    kind = fields.String()
    side = fields.String()
    media_type = fields.String()
    size_bytes = fields.Integer()
    status = fields.String(metadata={
        "description": "processing, accepted, rejected, needs_review or failed"})
    quality = fields.Nested(QualitySchema, allow_none=True)
    findings = fields.List(fields.Dict(), metadata={"description": "Compliance roles only."})
    created_at = fields.DateTime()
    processed_at = fields.DateTime(allow_none=True)


class DocumentListSchema(Schema):
    items = fields.List(fields.Nested(DocumentSchema))


def document_view(document: Document, full: bool) -> dict[str, Any]:
    view: dict[str, Any] = {
        key: getattr(document, key) for key in (
            "id", "customer_id", "kind", "side", "media_type", "size_bytes", "status",
            "created_at", "processed_at")}
    view["quality"] = json.loads(document.quality_json) if document.quality_json else None
    # Findings can reveal other customers or suspicions: never to agents (tipping-off).
    view["findings"] = json.loads(document.findings_json or "[]") if full else []
    return view


@blp.before_request
def _allow_large_uploads() -> None:
    if request.method == "POST":
        request.max_content_length = runtime().settings.max_upload_bytes + MULTIPART_OVERHEAD


@blp.route("/customers/<customer_id>/documents", methods=["POST"])
@blp.arguments(UploadFormSchema, location="form")
@blp.arguments(UploadFileSchema, location="files")
@blp.response(202, DocumentSchema)
def upload_document(form: dict[str, Any], files: dict[str, Any],
                    customer_id: str) -> dict[str, Any]:
    """Upload a photo or PDF; answers 202 at once, the checks run in the background."""
    actor = current_actor()
    customer = runtime().customers.get(db_session(), customer_id)
    upload = files["file"]
    limit = runtime().settings.max_upload_bytes
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(f"The file is larger than {limit // (1024 * 1024)} MB.")
    if not data:
        raise ValidationFailed("The file is empty.", code="empty_file",
                               fields={"file": ["The file is empty."]})
    document = runtime().documents.upload(db_session(), actor.audit_context(), customer,
                                          form["kind"], form["side"], data)
    runtime().runner.submit(document.id)
    return document_view(document, actor.role in FULL_DISCLOSURE_ROLES)


@blp.route("/documents/<document_id>", methods=["GET"])
@blp.response(200, DocumentSchema)
def get_document(document_id: str) -> dict[str, Any]:
    """A document's status, quality issues with guidance (TR/EN), and decision."""
    actor = current_actor()
    document = runtime().documents.get(db_session(), document_id)
    return document_view(document, actor.role in FULL_DISCLOSURE_ROLES)


@blp.route("/customers/<customer_id>/documents", methods=["GET"])
@blp.response(200, DocumentListSchema)
def list_documents(customer_id: str) -> dict[str, Any]:
    """A customer's documents, newest first."""
    actor = current_actor()
    customer = runtime().customers.get(db_session(), customer_id)
    documents = runtime().documents.for_customer(db_session(), customer.id)
    full = actor.role in FULL_DISCLOSURE_ROLES
    return {"items": [document_view(d, full) for d in documents]}

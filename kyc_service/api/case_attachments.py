"""/api/v1/cases/<id>/attachments: evidence files on a case (compliance staff only).

Uploads are multipart (`file`, optional `description`); the type comes from the bytes.
Listing opens file names and descriptions, downloading opens the file: both audited.
Downloads are always served as attachments with the sniffed type and `nosniff`, so a
browser never renders or reinterprets an uploaded file inside the service's origin.
"""

from __future__ import annotations

import io
from typing import Any

from flask import Response, request, send_file
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from cases.casework.attachments import CaseAttachments, Download, Upload, list_attachments
from cases.casework.records import MAX_TEXT, CaseText
from kyc_service.api.cases import settings
from kyc_service.api.documents import MULTIPART_OVERHEAD
from kyc_service.auth import current_actor
from kyc_service.request_scope import db_session, runtime

blp = Blueprint("case_attachments", __name__, url_prefix="/api/v1",
                description="Evidence files attached to cases, stored encrypted.")
# A downloaded file is never a page of ours: no scripts, no plugins, no framing.
DOWNLOAD_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
                    "Content-Security-Policy": "default-src 'none'; sandbox"}


class AttachmentFormSchema(Schema):
    description = fields.String(load_default=None, allow_none=True,
                                validate=validate.Length(0, MAX_TEXT))


class AttachmentFileSchema(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class AttachmentSchema(Schema):
    id = fields.String()
    case_id = fields.String()
    media_type = fields.String(metadata={"description": "Sniffed from the bytes."})
    size_bytes = fields.Integer()
    uploaded_by = fields.String(allow_none=True)
    uploaded_at = fields.DateTime()
    file_name = fields.String(allow_none=True)
    description = fields.String(allow_none=True)


class AttachmentListSchema(Schema):
    items = fields.List(fields.Nested(AttachmentSchema))


def attachments() -> CaseAttachments:
    rt = runtime()
    return CaseAttachments(rt.vault, rt.storage, settings())


def read_upload(stream: Any) -> bytes:
    """At most one byte over the limit: enough for the domain to refuse, never more."""
    data: bytes = stream.read(settings().attachment_max_bytes + 1)
    return data


def upload_cap() -> int:
    return settings().attachment_max_bytes + MULTIPART_OVERHEAD


def file_response(download: Download) -> Response:
    response = send_file(io.BytesIO(download.data), mimetype=download.media_type,
                         as_attachment=True, download_name=download.file_name,
                         conditional=False, max_age=None)
    response.headers.update(DOWNLOAD_HEADERS)
    return response


@blp.before_request
def _allow_attachment_uploads() -> None:
    if request.method == "POST":
        request.max_content_length = upload_cap()


@blp.route("/cases/<case_id>/attachments", methods=["POST"])
@blp.arguments(AttachmentFormSchema, location="form")
@blp.arguments(AttachmentFileSchema, location="files")
@blp.response(201, AttachmentSchema)
def upload_attachment(form: dict[str, Any], files: dict[str, Any],
                      case_id: str) -> dict[str, Any]:
    """Attach a PDF, PNG, JPEG, text or CSV file to an active case (413
    `attachment_too_large`, 415 `attachment_type_unsupported`, 409
    `attachment_case_closed` / `attachment_duplicate`)."""
    upload = files["file"]
    return attachments().attach(
        db_session(), current_actor().audit_context(), CaseText(runtime().vault), case_id,
        Upload(read_upload(upload.stream), upload.filename, form["description"]))


@blp.route("/cases/<case_id>/attachments", methods=["GET"])
@blp.response(200, AttachmentListSchema)
def list_case_attachments(case_id: str) -> dict[str, Any]:
    """The case's files, oldest first, with names and descriptions (an audited read)."""
    return {"items": list_attachments(db_session(), current_actor().audit_context(),
                                      CaseText(runtime().vault), case_id)}


@blp.route("/cases/<case_id>/attachments/<attachment_id>", methods=["GET"])
@blp.response(200, description="The file as uploaded, as an attachment.")
def download_attachment(case_id: str, attachment_id: str) -> Response:
    """Download one file (an audited read of personal data)."""
    download = attachments().download(db_session(), current_actor().audit_context(),
                                      CaseText(runtime().vault), case_id, attachment_id)
    return file_response(download)

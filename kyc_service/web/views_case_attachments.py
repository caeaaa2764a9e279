"""The Attachments section of the case page: upload an evidence file, download one.

Thin views over `cases.casework.attachments`, the same domain calls the API makes. A
refused upload rolls the request's work back (which also deletes a blob already stored)
and returns to the case page with a message (post/redirect/get). A download is served
as an attachment with the sniffed type, never rendered in the page's origin.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_babel import LazyString, format_decimal, lazy_gettext
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from cases.casework.attachment_types import CSV, JPEG, PDF, PNG, TEXT
from cases.casework.attachments import Upload
from cases.casework.records import CaseText
from kyc_service.api.case_attachments import (
    attachments,
    file_response,
    read_upload,
)
from kyc_service.api.cases import settings
from kyc_service.auth import current_actor
from kyc_service.core.errors import (
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
)
from kyc_service.request_scope import db_session, runtime
from kyc_service.web.blueprint import NAME, bp
from kyc_service.web.case_labels import error_message

REFUSALS = (Conflict, ValidationFailed, PayloadTooLarge, UnsupportedMediaType)
UPLOAD_ENDPOINT = f"{NAME}.case_attachment_upload"

TYPE_LABELS: dict[str, LazyString] = {
    PDF: lazy_gettext("PDF document"),
    PNG: lazy_gettext("PNG image"),
    JPEG: lazy_gettext("JPEG image"),
    TEXT: lazy_gettext("Text file"),
    CSV: lazy_gettext("CSV table"),
}

# What a refused upload means for the officer, by the domain error's code.
REFUSAL_MESSAGES: dict[str, LazyString] = {
    "attachment_type_unsupported": lazy_gettext(
        "This kind of file cannot be attached. Attach a PDF, a PNG or JPEG image, or a "
        "text or CSV export."),
    "attachment_too_large": lazy_gettext("The file is larger than the limit shown below "
                                         "the form."),
    "attachment_empty": lazy_gettext("The file is empty. Choose the file again."),
    "attachment_corrupt": lazy_gettext(
        "The file is damaged, incomplete or password-protected and was not attached."),
    "attachment_case_closed": lazy_gettext(
        "Files can be attached to active cases only. Reopen the case first."),
    "attachment_duplicate": lazy_gettext("This file is already attached to the case."),
}


def file_size(size: int) -> str:
    """Bytes in the reader's number format: 12 B, 340 KB, 1,5 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{format_decimal(size / 1024, format='#,##0')} KB"
    return f"{format_decimal(size / (1024 * 1024), format='#,##0.#')} MB"


@bp.app_context_processor
def _attachment_helpers() -> dict[str, Any]:
    return {"attachment_type_label": lambda code: str(TYPE_LABELS.get(code, code)),
            "file_size": file_size,
            "attachment_limit": lambda: file_size(settings().attachment_max_bytes)}


@bp.route("/cases/<case_id>/attachments", methods=["POST"])
def case_attachment_upload(case_id: str) -> Response:
    ctx, file = current_actor().audit_context(), request.files.get("file")
    upload = Upload(read_upload(file.stream) if file else b"",
                    file.filename if file else None, request.form.get("description"))
    try:
        attachments().attach(db_session(), ctx, CaseText(runtime().vault), case_id, upload)
    except REFUSALS as refusal:
        db_session().rollback()
        flash(str(REFUSAL_MESSAGES.get(refusal.code) or error_message(refusal.code)),
              "error")
    else:
        flash(_("The file was attached."), "success")
    return redirect(url_for("web.case_page", case_id=case_id) + "#attachments-title", code=303)


@bp.route("/cases/<case_id>/attachments/<attachment_id>", methods=["GET"])
def case_attachment_download(case_id: str, attachment_id: str) -> Response:
    download = attachments().download(db_session(), current_actor().audit_context(),
                                      CaseText(runtime().vault), case_id, attachment_id)
    return file_response(download)


"""The player's upload page, reached through a one-time link (no account, no sign-in).

Opening the link checks its signature and state, remembers the request in the session
and redirects to a URL without the token, so the token reaches the access log once.
The page speaks the customer's language (the player may switch), shows what was wrong
and how to fix it, takes the new photo, and shows the outcome as soon as it is known.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.db import utcnow
from kyc_service.core.errors import KycError
from kyc_service.documents.guidance import guidance_for
from kyc_service.documents.reupload import LinkProblem, RequestStatus, ReuploadRequest, progress
from kyc_service.request_scope import db_session, runtime
from kyc_service.web.blueprint import bp
from kyc_service.web.views_auth import LANGUAGE_KEY

REQUEST_KEY = "upload_request"
PROBLEM_STATUS = {"link_invalid": 404, "link_expired": 410, "link_used": 410,
                  "link_revoked": 410}


def _player_context() -> AuditContext:
    return AuditContext(None, "player", request.headers.get("X-Request-Id"),
                        request.remote_addr)


def _language(upload: ReuploadRequest | None, known: str | None = None) -> str:
    chosen = session.get(LANGUAGE_KEY)
    if chosen:
        return str(chosen)
    if upload is not None:
        return upload.language
    return known or request.accept_languages.best_match(["tr", "en"]) or "tr"


def _problem_page(code: str, upload: ReuploadRequest | None = None,
                  language: str | None = None) -> Response:
    with force_locale(_language(upload, language)):
        html = render_template("web/player_problem.html", code=code)
    return Response(html, status=PROBLEM_STATUS.get(code, 410), mimetype="text/html")


def _open_request() -> ReuploadRequest | LinkProblem:
    request_id = session.get(REQUEST_KEY)
    upload = db_session().get(ReuploadRequest, request_id) if request_id else None
    if upload is None:
        return LinkProblem(code="link_invalid")
    if upload.status == RequestStatus.REVOKED:
        return LinkProblem(code="link_revoked")
    if upload.status == RequestStatus.OPEN and upload.expires_at <= utcnow():
        return LinkProblem(code="link_expired")
    return upload


def _items(upload: ReuploadRequest, language: str) -> list[dict[str, Any]]:
    items = []
    for item in progress(db_session(), upload):
        quality = item.get("quality") or {}
        issues = [issue["code"] for issue in quality.get("issues", [])] or list(
            item.get("reasons") or [])
        items.append({"kind": item["kind"], "side": item["side"], "status": item["status"],
                      "advice": [guidance_for(code)[language] for code in issues]})
    return items


@bp.route("/u/<token>", methods=["GET"])
def player_open(token: str) -> Response:
    """The link from the message: checked, remembered, then out of the URL."""
    try:
        upload = runtime().reupload_links.open(db_session(), token)
    except LinkProblem as problem:
        return _problem_page(problem.code, language=problem.extra.get("language"))
    session[REQUEST_KEY] = upload.id
    record(db_session(), _player_context(), AuditEvent(
        AuditAction.REUPLOAD_LINK_OPEN, object_type="reupload_request", object_id=upload.id,
        customer_ref=upload.customer_id))
    return redirect(url_for("web.player_page"))


@bp.route("/upload", methods=["GET"])
def player_page(error: str | None = None) -> Response:
    upload = _open_request()
    if isinstance(upload, LinkProblem):
        return _problem_page(upload.code)
    language = _language(upload)
    with force_locale(language):
        html = render_template("web/player.html", items=_items(upload, language),
                               completed=upload.status == RequestStatus.COMPLETED,
                               upload_error=error, language=language)
    return Response(html, status=422 if error else 200, mimetype="text/html")


@bp.route("/upload", methods=["POST"])
def player_upload() -> Response:
    """Take a new photo for one of the requested documents; checks run at once."""
    upload = _open_request()
    if isinstance(upload, LinkProblem):
        return _problem_page(upload.code)
    if upload.status != RequestStatus.OPEN:
        return _problem_page("link_used", upload)
    wanted = {(d["kind"], d["side"]) for d in upload.documents}
    kind, side = request.form.get("kind", ""), request.form.get("side", "")
    file = request.files.get("file")
    if (kind, side) not in wanted or file is None:
        return player_page(error=_("Choose the document and a photo to send."))
    rt = runtime()
    data = file.stream.read(rt.settings.max_upload_bytes + 1)
    customer = rt.customers.get(db_session(), upload.customer_id)
    try:
        document = rt.documents.upload(db_session(), _player_context(), customer, kind, side,
                                       data, reupload_request_id=upload.id)
    except KycError as problem:
        db_session().rollback()
        with force_locale(_language(upload)):
            message = upload_problem_message(problem.code)
        return player_page(error=message)
    rt.runner.submit(document.id)
    return redirect(url_for("web.player_page", sent=1))


def upload_problem_message(code: str) -> str:
    messages = {
        "empty_file": _("The file is empty. Take the photo again."),
        "unsupported_file_type": _("Send a photo (JPEG, PNG or HEIC) or a PDF."),
        "image_corrupt": _("The photo could not be read. Take it again and send it."),
        "image_too_large": _("The photo is too large. Send the camera's normal photo."),
        "payload_too_large": _("The file is too large. Send a photo under 15 MB."),
        "pdf_not_allowed": _("Send a photo of the document, not a PDF."),
    }
    return messages.get(code, _("The file could not be accepted. Try another photo."))


@bp.route("/upload/status", methods=["GET"])
def player_status() -> Response:
    """What the page polls until every requested document has an outcome."""
    upload = _open_request()
    if isinstance(upload, LinkProblem):
        return jsonify({"problem": upload.code}), 410  # type: ignore[return-value]
    language = _language(upload)
    return jsonify({"completed": upload.status == RequestStatus.COMPLETED,
                    "documents": _items(upload, language)})

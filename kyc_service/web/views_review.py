"""The document review screen: a document the pipeline could not decide, its image and
what was read from it side by side with the customer's profile, and the decision.

The image, the extraction and the profile are each an audited read (by the functions in
`kyc_service.documents.review` and `CustomerService.read`); the decision is a reason code,
never free text, through `decide_review`.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from audits.tags import Purpose
from kyc_service.auth import current_actor
from kyc_service.core.errors import Conflict
from kyc_service.customers.service import Disclosure
from kyc_service.documents import review
from kyc_service.documents.models import DocumentStatus
from kyc_service.request_scope import db_session, runtime
from kyc_service.web.blueprint import bp, safe_next
from kyc_service.web.case_labels import error_message

PURPOSE = Purpose.KYC_VERIFICATION.value


def side_by_side(read: dict[str, Any], profile: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per field read from the document (printed face, then MRZ), with the
    profile's value of the same name and whether they agree."""
    rows = []
    for source, values in (("document", read.get("fields") or {}),
                           ("mrz", read.get("mrz") or {})):
        for name in sorted(values):
            value, known = values[name], profile.get(name)
            if isinstance(value, dict | list):
                continue
            rows.append({"source": source, "field": name, "read": value, "profile": known,
                         "agrees": None if known is None else
                         str(value).strip().casefold() == str(known).strip().casefold()})
    return rows


@bp.route("/review/documents/<document_id>", methods=["GET"])
def document_review(document_id: str) -> Response:
    rt, session, ctx = runtime(), db_session(), current_actor().audit_context()
    document = rt.documents.get(session, document_id)
    read = review.read_extraction(session, rt.vault, ctx, document, PURPOSE)
    customers = rt.customers
    profile = customers.read(session, ctx, customers.get(session, document.customer_id),
                             Disclosure.FULL, PURPOSE)
    html = render_template(
        "web/document_review.html", document=document, profile=profile,
        rows=side_by_side(read, profile), reasons=review.REVIEW_REASONS,
        waiting=document.status == DocumentStatus.NEEDS_REVIEW,
        back=safe_next(request.args.get("back")))
    return Response(html, mimetype="text/html")


@bp.route("/review/documents/<document_id>/image", methods=["GET"])
def document_review_image(document_id: str) -> Response:
    """The EXIF-free review copy, for the <img> of the review screen (audited read)."""
    rt, session = runtime(), db_session()
    document = rt.documents.get(session, document_id)
    image = review.read_preview(session, rt.vault, rt.storage,
                                current_actor().audit_context(), document, PURPOSE)
    response = Response(image, mimetype="image/jpeg")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/review/documents/<document_id>", methods=["POST"])
def document_review_decide(document_id: str) -> Response:
    rt, session = runtime(), db_session()
    decision, reason = request.form.get("decision", ""), request.form.get("reason", "")
    back = safe_next(request.form.get("back"))
    here = url_for("web.document_review", document_id=document_id, back=back)
    if decision not in review.REVIEW_DECISIONS or reason not in review.REVIEW_REASONS:
        flash(_("Choose accept or reject and a reason."), "error")
        return redirect(here, code=303)
    document = rt.documents.get(session, document_id)
    try:
        review.decide_review(session, current_actor().audit_context(), document, decision,
                             reason, rt.settings.require_address_proof)
    except Conflict as refusal:
        session.rollback()
        flash(error_message(refusal.code), "error")
        return redirect(here, code=303)
    flash(_("Your decision on the document was saved."), "success")
    return redirect(back or here, code=303)

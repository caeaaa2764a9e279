"""The agent's document tools on the customer page: a live list and re-upload links.

The list refreshes itself by polling a small JSON view (no reload needed). A new link is
shown once, in the response page, never stored in the session cookie.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kyc_service.auth import current_actor
from kyc_service.core.errors import ValidationFailed
from kyc_service.customers.service import Disclosure
from kyc_service.permissions import DEFAULT_PURPOSE, FULL_DISCLOSURE_ROLES
from kyc_service.request_scope import db_session, runtime
from kyc_service.web.blueprint import bp
from kyc_service.web.documents import REQUESTABLE, documents_for, latest_problem_codes


def render_customer(customer_id: str, **extra: Any) -> Response:
    actor = current_actor()
    service = runtime().customers
    record = service.get(db_session(), customer_id)
    disclosure = Disclosure.FULL if actor.role in FULL_DISCLOSURE_ROLES else Disclosure.MASKED
    view = service.read(db_session(), actor.audit_context(), record, disclosure,
                        DEFAULT_PURPOSE[actor.role].value)
    documents = documents_for(record.id)
    html = render_template("web/customer.html", customer=view,
                           masked=disclosure is Disclosure.MASKED, documents=documents,
                           requestable=REQUESTABLE, problems=latest_problem_codes(documents),
                           **extra)
    return Response(html, mimetype="text/html")


@bp.route("/customers/<customer_id>/documents.json", methods=["GET"])
def customer_documents_json(customer_id: str) -> Response:
    """What the customer page polls: KYC status and documents (no personal values)."""
    customer = runtime().customers.get(db_session(), customer_id)
    documents = [{**d, "created_at": d["created_at"].isoformat()}
                 for d in documents_for(customer.id)]
    return jsonify({"kyc_status": customer.kyc_status, "documents": documents})


@bp.route("/customers/<customer_id>/reupload", methods=["POST"])
def create_reupload(customer_id: str) -> Response:
    """Create a one-time link asking the player for the chosen documents again."""
    session = db_session()
    customer = runtime().customers.get(session, customer_id)
    wanted = [value.split(":", 1) for value in request.form.getlist("document")
              if value.count(":") == 1]
    if not wanted:
        return render_customer(customer_id, link_error=_("Choose at least one document."))
    problems = latest_problem_codes(documents_for(customer.id))
    documents = [{"kind": kind, "side": side, "reasons": problems.get(f"{kind}:{side}", [])}
                 for kind, side in wanted]
    try:
        _request, token = runtime().reupload_links.create(
            session, current_actor().audit_context(), customer, documents)
    except ValidationFailed:
        return render_customer(customer_id, link_error=_("Choose at least one document."))
    base = runtime().settings.public_base_url.rstrip("/")
    return render_customer(customer_id, new_link=f"{base}/u/{token}")

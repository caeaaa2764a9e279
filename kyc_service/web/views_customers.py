"""The agent's day: the home page with the player search, and the customer page.

The search is a POST so the player id (personal data) never lands in URLs, access logs
or browser history; it redirects to the customer's page, whose URL holds only an id.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kyc_service.auth import current_actor
from kyc_service.permissions import PERMISSIONS, acting_role
from kyc_service.request_scope import db_session, runtime
from kyc_service.web.blueprint import bp
from kyc_service.web.views_documents import render_customer

MAX_PLAYER_ID = 128
FIND_PERMISSION = PERMISSIONS[("POST", "web.find_customer")]


def _home(player_id: str = "", error: str | None = None) -> Response:
    can_find = acting_role(current_actor().roles, FIND_PERMISSION) is not None
    html = render_template("web/home.html", player_id=player_id, search_error=error,
                           can_find=can_find)
    return Response(html, mimetype="text/html")


@bp.route("/", methods=["GET"])
def home() -> Response:
    return _home()


@bp.route("/customers/find", methods=["POST"])
def find_customer() -> Response:
    """Exact lookup by the operator's player id; the search itself is audited."""
    player_id = request.form.get("player_id", "").strip()
    if not player_id:
        return _home(error=_("Enter a player id."))
    if len(player_id) > MAX_PLAYER_ID:
        return _home(player_id[:MAX_PLAYER_ID], _("A player id is at most %(n)d characters.",
                                                    n=MAX_PLAYER_ID))
    service = runtime().customers
    rows, total = service.find(db_session(), external_ref=player_id, limit=1)
    service.record_search(db_session(), current_actor().audit_context(), ["external_ref"], total)
    if not rows:
        return _home(player_id, _("No customer has this player id. Check it with the player "
                                  "and try again."))
    return redirect(url_for("web.customer", customer_id=rows[0].id))


@bp.route("/customers/<customer_id>", methods=["GET"])
def customer(customer_id: str) -> Response:
    """KYC status, the personal data the acting role may see (audited) and documents."""
    return render_customer(customer_id)

"""The `web` blueprint and its gate: every page goes through the permission table.

Pages act for the signed-in person (a Flask-Login session backed by a server-side
record, see `sessions.py`) instead of a bearer token, so `kyc_service.auth` leaves the
`web` blueprint to the check here, which reads the same `PERMISSIONS` table:
(1) public endpoints pass; (2) no live session -> redirect to sign-in; (3) no role of
the user fits -> 403 page (404 where existence must not leak); (4) otherwise `g.actor`
is set exactly as for the API, so `current_actor()` works in page views; (5) a page
naming a customer whose erasure was requested answers 410, like the API.
Refusals are audited in their own transaction, like the API's.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, UserMixin, current_user
from werkzeug.wrappers import Response

from audits.tags import AuditAction, Outcome
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.api.privacy import restricted_customer_refusal
from kyc_service.auth import Actor
from kyc_service.core.db import transaction
from kyc_service.permissions import acting_role, permission_for
from kyc_service.request_scope import db_session, runtime
from kyc_service.web.errors import error_page
from kyc_service.web.sessions import live_session
from kyc_service.web.settings import WebSettings

log = logging.getLogger(__name__)
NAME = "web"
SETTINGS_KEY = "kyc_web"
SESSION_KEY = "_user_id"  # where Flask-Login keeps the id
SIGNED_IN_FLAG = "web_signed_in"  # on `g`: lets a 403 page still offer sign-out

bp = Blueprint(NAME, __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets")
login_manager = LoginManager()


def web_settings() -> WebSettings:
    settings: WebSettings = current_app.extensions[SETTINGS_KEY]
    return settings


class SessionUser(UserMixin):
    """The signed-in person as Flask-Login sees them; the id is the session's, not the user's."""

    def __init__(self, session_id: str, user_id: str, roles: frozenset[str]) -> None:
        self.session_id = session_id
        self.user_id = user_id
        self.roles = roles

    def get_id(self) -> str:
        return self.session_id


@login_manager.user_loader
def _load_session_user(session_id: str) -> SessionUser | None:
    idle = timedelta(minutes=web_settings().idle_minutes)
    token = live_session(db_session(), session_id, idle)
    if token is None:
        return None
    return SessionUser(token.id, token.user_id, token.user.role_names)


def safe_next(target: str | None) -> str | None:
    """A local path to go back to, or None: never an open redirect to another site."""
    if not target or len(target) > 2000 or not target.startswith("/"):
        return None
    if target.startswith("//") or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def _audit_refusal(user_id: str | None, reason: str) -> None:
    pending = g.get("db_session")
    if pending is not None:
        pending.rollback()  # the refusal commits on its own, the request never will
    ctx = AuditContext(user_id, "anonymous" if user_id is None else "user", g.get("request_id"),
                       request.remote_addr)
    event = AuditEvent(AuditAction.AUTH_DENIED, outcome=Outcome.DENIED, object_type="endpoint",
                       object_id=(request.endpoint or "")[:64],
                       details={"method": request.method, "reason": reason})
    try:
        with transaction(runtime().session_factory) as audit_session:
            record(audit_session, ctx, event)
    except Exception:  # the visitor must still get an answer
        log.exception("could not audit a refused page", extra={"request_id": g.get("request_id")})


def _to_sign_in() -> Response:
    if session.pop(SESSION_KEY, None) is not None:
        flash(_("Your session has ended. Please sign in again."), "info")
    here = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("web.sign_in", next=safe_next(here)))


@bp.before_request
def check_page_access() -> Response | None:
    permission = permission_for(request.method, request.endpoint)
    if permission is not None and permission.public:  # (1)
        return None
    if not current_user.is_authenticated:  # (2)
        _audit_refusal(None, "no_session")
        return _to_sign_in()
    user: SessionUser = current_user
    setattr(g, SIGNED_IN_FLAG, True)
    role = acting_role(user.roles, permission) if permission else None
    if role is None:  # (3)
        _audit_refusal(user.user_id, "role_not_allowed" if permission else "no_permission_rule")
        if permission is None:
            log.error("no permission rule for %s %s", request.method, request.endpoint)
        abort(404 if permission is not None and permission.hide_as_not_found else 403)
    g.actor = Actor(user.user_id, user.roles, role, user.session_id)  # (4)
    if restricted_customer_refusal() is not None:  # (5)
        return error_page(410, _("This customer's data is restricted"),
                          _("An erasure was requested for this customer, so their data is no "
                            "longer shown here. The records the AML law makes us keep are "
                            "available to compliance staff in restricted form."))
    return None

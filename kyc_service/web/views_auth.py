"""Sign in, sign out, and the language switch."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from audits.trail import AuditContext
from kyc_service.accounts import service as accounts
from kyc_service.accounts.models import User
from kyc_service.auth import anonymous_context, current_actor
from kyc_service.core.db import transaction
from kyc_service.core.errors import Unauthenticated
from kyc_service.request_scope import db_session, runtime
from kyc_service.web.blueprint import SessionUser, bp, safe_next, web_settings
from kyc_service.web.sessions import close_session, open_session

LANGUAGE_KEY = "lang"
MAX_EMAIL = 254
MAX_PASSWORD = 1024


def _restart_session() -> None:
    """Drop everything the browser's session held, keeping only its language choice.

    Called at sign-in and sign-out so nothing set before (a planted session, an old CSRF
    token) survives a change of identity: no session fixation.
    """
    language = session.get(LANGUAGE_KEY)
    session.clear()
    if language:
        session[LANGUAGE_KEY] = language


def _refusal_message(error: Unauthenticated) -> str:
    if error.code == "login_locked":
        return _("Too many failed attempts. Try again later, "
                 "or ask an administrator to unlock your account.")
    return _("The e-mail address or password is wrong.")


def _sign_in_page(error: str | None = None, email: str = "", status: int = 200) -> Response:
    html = render_template("web/sign_in.html", error=error, email=email,
                           next_url=safe_next(request.values.get("next")))
    return Response(html, status=status, mimetype="text/html")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Response:
    """Password sign-in; failures are audited and count towards the account lockout."""
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(url_for("web.home"))
        return _sign_in_page()
    email = request.form.get("email", "").strip()[:MAX_EMAIL]
    password = request.form.get("password", "")[:MAX_PASSWORD]
    if not email or not password:
        return _sign_in_page(_("Enter your e-mail address and password."), email)
    rt = runtime()
    # A failed attempt must be remembered although nothing else commits: its own
    # transaction, as in the API's token login.
    refusal: Unauthenticated | None = None
    with transaction(rt.session_factory) as check_session:
        try:
            user_id = accounts.check_password(check_session, rt.vault, anonymous_context(),
                                              email, password).id
        except Unauthenticated as exc:
            refusal = exc
    if refusal is not None:
        return _sign_in_page(_refusal_message(refusal), email)
    request_session = db_session()
    user = request_session.get(User, user_id)
    assert user is not None  # it was just found
    ctx = AuditContext(user.id, "user", g.get("request_id"), request.remote_addr)
    if current_user.is_authenticated:  # signing in over a live session replaces it
        close_session(request_session, ctx, current_user.get_id())
    session_id = open_session(request_session, ctx, user,
                              timedelta(hours=web_settings().session_hours))
    _restart_session()
    session.permanent = True  # the cookie expires after the idle time, see init_app
    login_user(SessionUser(session_id, user.id, user.role_names))
    return redirect(safe_next(request.form.get("next")) or url_for("web.home"))


@bp.route("/sign-out", methods=["POST"])
def sign_out() -> Response:
    """End the session on the server (audited) and in the browser."""
    actor = current_actor()
    close_session(db_session(), actor.audit_context(), actor.token_id)
    logout_user()
    _restart_session()
    flash(_("You have signed out."), "info")
    return redirect(url_for("web.sign_in"))


@bp.route("/language", methods=["POST"])
def set_language() -> Response:
    """Remember the chosen language for this browser session and go back."""
    choice = request.form.get("lang", "")
    if choice in web_settings().languages:
        session[LANGUAGE_KEY] = choice
    return redirect(safe_next(request.form.get("next")) or url_for("web.home"))

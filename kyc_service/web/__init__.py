"""Server-rendered pages for agents, officers and auditors: `init_app` wires them in.

Steps, in order: settings and hardened session cookie; Turkish/English catalogs and
locale choice; CSRF for every form outside the bearer-token API; Flask-Login; security
headers; HTML error pages outside `/api`; the `web` blueprint (whose own gate checks the
permission table, see `blueprint.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, g, request, session
from flask_babel import Babel, get_locale
from flask_wtf.csrf import CSRFProtect
from werkzeug.wrappers import Response

from kyc_service.api.case_attachments import upload_cap
from kyc_service.api.documents import MULTIPART_OVERHEAD
from kyc_service.runtime import Runtime
from kyc_service.web import (
    errors,
    views_audit,
    views_auth,
    views_case_actions,
    views_case_attachments,
    views_case_bulk,
    views_case_hits,
    views_cases,
    views_customers,
    views_documents,
    views_player,
    views_review,
    views_str,
)
from kyc_service.web.blueprint import (
    NAME,
    SETTINGS_KEY,
    SIGNED_IN_FLAG,
    bp,
    login_manager,
    safe_next,
)
from kyc_service.web.i18n import compile_catalogs, pick_language
from kyc_service.web.labels import (
    LANGUAGE_NAMES,
    address_line,
    document_label,
    document_status_label,
    kyc_status_label,
    player_status_label,
    role_label,
)
from kyc_service.web.settings import WebSettings

__all__ = [
    "init_app",
    "views_audit", "views_auth",
    "views_case_actions",
    "views_case_attachments",
    "views_case_bulk",
    "views_case_hits",
    "views_cases",
    "views_customers",
    "views_documents",
    "views_player",
    "views_review",
    "views_str",
]

csrf = CSRFProtect()
babel = Babel()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _configure(app: Flask, rt: Runtime, settings: WebSettings) -> None:
    hours = settings.session_hours
    app.config.update(
        # `__Host-` makes browsers refuse the cookie unless Secure, host-only and Path=/.
        SESSION_COOKIE_NAME="__Host-kyc_session" if rt.settings.is_production else "kyc_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=rt.settings.is_production,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=settings.idle_minutes),
        WTF_CSRF_CHECK_DEFAULT=False,  # checked by `_check_csrf`, outside /api only
        WTF_CSRF_TIME_LIMIT=hours * 3600,
        BABEL_DEFAULT_LOCALE=settings.default_locale,
        BABEL_DEFAULT_TIMEZONE="Europe/Istanbul",
        BABEL_TRANSLATION_DIRECTORIES=str(rt.settings.data_dir.resolve() / "cache" /
                                          "translations"),
    )


def _select_locale() -> str:
    settings: WebSettings = current_app.extensions[SETTINGS_KEY]
    return pick_language(session.get(views_auth.LANGUAGE_KEY), list(request.accept_languages),
                         settings.languages, settings.default_locale)


def _upload_caps() -> dict[str, Callable[[], int]]:
    """Page forms that carry files, and their body caps (forms are capped lower)."""
    def photo_cap() -> int:
        rt: Runtime = current_app.extensions["kyc"]
        return rt.settings.max_upload_bytes + MULTIPART_OVERHEAD

    return {f"{NAME}.player_upload": photo_cap,
            views_case_attachments.UPLOAD_ENDPOINT: upload_cap}


UPLOAD_CAPS = _upload_caps()


def _allow_uploads() -> None:
    """Registered before the CSRF check (which reads the form): raise the body cap for a
    file form before anything parses it."""
    cap = UPLOAD_CAPS.get(request.endpoint or "")
    if cap is not None and request.method == "POST":
        request.max_content_length = cap()


def _check_csrf() -> None:
    """Every state-changing request carries a CSRF token, except the API's: it takes no
    cookies, only bearer tokens, so a forged cross-site request has nothing to ride on."""
    if not current_app.config["WTF_CSRF_ENABLED"]:
        return
    if request.endpoint is None or errors.is_api_request():
        return
    csrf.protect()


def _security_headers(response: Response) -> Response:
    if errors.is_api_request():
        return response
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint != f"{NAME}.static":
        headers["Cache-Control"] = "no-store"  # pages may show personal data
    return response


def _page_context() -> dict[str, Any]:
    settings: WebSettings = current_app.extensions[SETTINGS_KEY]
    here = request.full_path.rstrip("?") if request.method == "GET" else None
    return {
        "actor": g.get("actor"),
        "signed_in": g.get("actor") is not None or g.get(SIGNED_IN_FLAG, False),
        "languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in settings.languages],
        "language_names": LANGUAGE_NAMES,
        "current_language": str(get_locale() or settings.default_locale),
        "here": safe_next(here),
        "role_label": role_label,
        "kyc_status_label": kyc_status_label,
        "address_line": address_line,
        "document_label": document_label,
        "document_status_label": document_status_label,
        "player_status_label": player_status_label,
    }


def init_app(app: Flask) -> None:
    rt: Runtime = app.extensions["kyc"]
    settings = WebSettings.from_settings(rt.settings)
    app.extensions[SETTINGS_KEY] = settings
    _configure(app, rt, settings)
    compile_catalogs(rt.settings.data_dir.resolve() / "cache" / "translations")
    babel.init_app(app, locale_selector=_select_locale)
    csrf.init_app(app)
    app.before_request(_allow_uploads)
    app.before_request(_check_csrf)
    login_manager.init_app(app)
    login_manager.login_view = f"{NAME}.sign_in"
    app.after_request(_security_headers)
    app.context_processor(_page_context)
    errors.init_app(app)
    app.register_blueprint(bp)

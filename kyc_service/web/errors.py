"""Friendly HTML error pages for everything outside `/api/`; the API keeps problem+json.

Flask has one error-handler table per app, and the API registers problem+json handlers
for all errors. These handlers replace them with dispatchers: a request under `/api`
goes to the API's own handler unchanged, anything else gets a page. Pages never show a
stack trace; a 500 shows the request id, which the log carries next to the trace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from kyc_service.api import errors as api_errors
from kyc_service.core import errors as e

log = logging.getLogger(__name__)
API_PREFIX = "/api"
MACHINE_PATHS = ("/metrics",)  # bearer-token endpoints outside /api (Prometheus scrapes)


def is_api_request() -> bool:
    return (request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")
            or request.path in MACHINE_PATHS)


def _explanation(status: int) -> tuple[str, str]:
    """Title and a sentence saying what to do, in the visitor's language."""
    texts = {
        400: (_("The request could not be processed"),
              _("Go back, reload the page and try again.")),
        403: (_("Access denied"),
              _("Your role does not allow this page. Ask your manager if you need it.")),
        404: (_("Page not found"),
              _("The page or record does not exist, or you may not see it.")),
        405: (_("The request could not be processed"),
              _("Go back, reload the page and try again.")),
        413: (_("The file is too large"), _("Send a smaller file.")),
    }
    return texts.get(status, (_("Something went wrong"),
                              _("Please try again. If it keeps happening, tell support the "
                                "reference below.")))


def error_page(status: int, title: str | None = None, message: str | None = None) -> Response:
    default_title, default_message = _explanation(status)
    html = render_template("web/error.html", status=status, title=title or default_title,
                           message=message or default_message,
                           request_id=g.get("request_id"))
    return Response(html, status=status, mimetype="text/html")


def page_for_kyc_error(error: e.KycError) -> Response:
    if isinstance(error, e.Unauthenticated):
        return redirect(url_for("web.sign_in"))
    status = api_errors.status_for(error)
    if status >= 500:
        log.error("%s: %s", error.code, error.detail, extra={"request_id": g.get("request_id")})
    return error_page(status)


def page_for_http_error(error: HTTPException) -> Response:
    status = error.code or 500
    if isinstance(error, CSRFError):
        return error_page(400, _("This form has expired"),
                          _("For your security, forms only work for a limited time and only "
                            "from this site. Go back, reload the page and try again."))
    if status >= 500:
        log.error("HTTP %s", status, extra={"request_id": g.get("request_id")},
                  exc_info=getattr(error, "original_exception", None))
    return error_page(status)


def page_for_unexpected(_error: Exception) -> Response:
    log.exception("unhandled error on a page", extra={"request_id": g.get("request_id")})
    return error_page(500)


def _dispatch(for_api: Callable[..., Response],
              for_page: Callable[..., Response]) -> Callable[..., Response]:
    def handle(error: Exception) -> Response:
        return for_api(error) if is_api_request() else for_page(error)

    handle.__name__ = f"{for_page.__name__}_or_problem"
    return handle


def init_app(app: Flask) -> None:
    """Call after `api.init_app`: replaces its handlers with path-aware ones."""
    app.register_error_handler(e.KycError, _dispatch(api_errors.handle_kyc_error,
                                                     page_for_kyc_error))
    app.register_error_handler(HTTPException, _dispatch(api_errors.handle_http_error,
                                                        page_for_http_error))
    app.register_error_handler(Exception, _dispatch(api_errors.handle_unexpected,
                                                    page_for_unexpected))

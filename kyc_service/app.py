"""The composition root: a list of named steps, each concern wiring itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from kyc_service import api, auth, request_scope, web
from kyc_service.config import Settings, load_settings
from kyc_service.core.logs import configure_logging
from kyc_service.periodic import PeriodicJobs
from kyc_service.runtime import Runtime


def build_app(config: Settings | Mapping[str, Any] | None = None) -> Flask:
    settings = config if isinstance(config, Settings) else load_settings(**dict(config or {}))
    settings.check_production_ready()
    configure_logging(settings.log_level)

    app = Flask("kyc_service")
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_json_bytes,
        JSON_SORT_KEYS=False,
    )
    if settings.trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies,  # type: ignore[method-assign]
                                x_proto=settings.trusted_proxies)
    request_scope.init_app(app, Runtime.from_settings(settings))
    auth.init_app(app)
    api.init_app(app)
    web.init_app(app)
    return app


def serving_app(config: Settings | Mapping[str, Any] | None = None) -> Flask:
    """The app as a server process runs it: with its background document workers.

    Commands (`kyc users ...`) build the app too, but must not start worker threads, so
    starting them is a separate step that only servers take.
    """
    app = build_app(config)
    runtime: Runtime = app.extensions["kyc"]
    runtime.runner.start()
    PeriodicJobs(runtime).start()
    return app

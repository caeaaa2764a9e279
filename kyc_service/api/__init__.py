"""HTTP API: one blueprint per resource, OpenAPI from the marshmallow schemas."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, send_from_directory
from flask_smorest import Api
from swagger_ui_bundle import swagger_ui_path

from kyc_service.api import (
    alerts,
    audit,
    audit_log,
    auth,
    case_attachments,
    cases,
    customers,
    documents,
    errors,
    health,
    metrics,
    privacy,
    reupload,
    review,
    rules,
    screening,
    str_pdf,
    transactions,
)

DOCS_ASSETS_URL = "/api/docs/assets/"


class KycApi(Api):
    """flask-smorest's Api, minus its JSON error handlers: ours answer problem+json."""

    def _register_error_handlers(self) -> None:
        errors.init_app(self._app)


def _docs_assets() -> Blueprint:
    """Swagger UI's files from the installed bundle, so the docs work offline."""
    assets = Blueprint("docs_assets", __name__)
    root = Path(swagger_ui_path)

    @assets.route(DOCS_ASSETS_URL + "<path:filename>")
    def asset(filename: str) -> Response:
        return send_from_directory(root, filename)

    return assets


def init_app(app: Flask) -> None:
    app.config.update(
        API_TITLE="KYC/AML case management",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        OPENAPI_SWAGGER_UI_URL=DOCS_ASSETS_URL,
    )
    api = KycApi(app, spec_kwargs={"security": [{"bearerAuth": []}]})
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for blueprint in (health.blp, auth.blp, customers.blp, audit.blp, documents.blp,
                      reupload.blp, review.blp, screening.blp, audit_log.blp,
                      transactions.blp, alerts.blp, rules.blp, cases.blp, privacy.blp,
                      metrics.blp, case_attachments.blp, str_pdf.blp):
        api.register_blueprint(blueprint)
    app.register_blueprint(_docs_assets())

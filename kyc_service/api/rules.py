"""/api/v1/rules: the AML rules and their settings; changes are versioned and audited."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from cases.monitoring.rule_store import build_engine, change_rule, rule_view
from kyc_service.api.aml_schemas import RuleChangedSchema, RuleChangeSchema, RuleListSchema
from kyc_service.auth import current_actor
from kyc_service.request_scope import db_session, runtime

blp = Blueprint("rules", __name__, url_prefix="/api/v1/rules",
                description="AML monitoring rules and their settings.")


@blp.route("", methods=["GET"])
@blp.response(200, RuleListSchema)
def list_rules() -> dict[str, Any]:
    """Every rule with its current settings, and the settings version findings carry."""
    engine = build_engine(db_session(), runtime().intake.settings.engine)
    return {"settings_version": engine.settings_version, "fingerprint": engine.fingerprint,
            "rules": [rule_view(rule) for rule in engine.rules]}


@blp.route("/<rule_id>", methods=["PATCH"])
@blp.arguments(RuleChangeSchema)
@blp.response(200, RuleChangedSchema)
def update_rule(data: dict[str, Any], rule_id: str) -> dict[str, Any]:
    """Enable or disable a rule or change its thresholds, with a reason (audited)."""
    rule, version = change_rule(db_session(), current_actor().audit_context(),
                                runtime().intake.settings.engine, rule_id, reason=data["reason"],
                                enabled=data.get("enabled"), settings=data.get("settings"))
    return {**rule_view(rule), "settings_version": version}

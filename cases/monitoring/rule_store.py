"""Rule settings kept in the database: versioned, audited, the same for every process.

Absent rows mean the shipped defaults. Each change gets the next settings version (the
primary key of the change log keeps numbering linear under concurrency), is recorded
with before/after and reason, and audited (the reason only as a hash: it is free text).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from cases.monitoring.models import RuleSettingChange, RuleSettingRecord
from cases.rules import RULE_TYPES, EngineSettings, Rule, RuleEngine, RuleSettings, SharedKeyIndex
from cases.rules.errors import NoActiveRulesError, RuleConfigurationError
from kyc_service.core.db import utcnow
from kyc_service.core.errors import ConfigurationError, Conflict, NotFound, ValidationFailed

RULES_BY_ID: dict[str, type[Rule[Any]]] = {rule_type.id: rule_type for rule_type in RULE_TYPES}
_DECIMAL = re.compile(r"^-?\d{1,15}(\.\d{1,8})?$")


def current_version(session: Session) -> int:
    latest = session.scalar(select(func.max(RuleSettingChange.settings_version)))
    return int(latest) if latest is not None else 1


def load_rules(session: Session) -> tuple[list[Rule[Any]], int]:
    """Every shipped rule with its stored settings, and the settings version."""
    stored = {row.rule_id: row for row in session.scalars(select(RuleSettingRecord))}
    rules = []
    for rule_id, rule_type in RULES_BY_ID.items():
        row = stored.get(rule_id)
        try:
            settings = (settings_from_json(rule_type, json.loads(row.settings_json))
                        if row else rule_type.settings_type())
        except ValidationFailed as exc:  # e.g. a rule's settings changed in a new release
            raise ConfigurationError(f"Stored settings of rule {rule_id} are no longer valid; "
                                     "set them again.", code="aml_rule_settings_invalid",
                                     fields=exc.fields) from None
        rules.append(rule_type(settings))
    return rules, current_version(session)


def build_engine(session: Session, settings: EngineSettings,
                 shared_keys: SharedKeyIndex | None = None) -> RuleEngine:
    rules, version = load_rules(session)
    return RuleEngine(rules, dataclasses.replace(settings, version=version), shared_keys)


def settings_from_json(rule_type: type[Rule[Any]], data: Mapping[str, Any],
                       base: RuleSettings | None = None) -> RuleSettings:
    """Settings from their JSON form; each value must have the type of the default."""
    template = base or rule_type.settings_type()
    names = {f.name for f in dataclasses.fields(template)}
    problems = {str(k): ["Unknown setting."] for k in data if k not in names}
    values: dict[str, Any] = {}
    for name, raw in data.items():
        if name in names:
            try:
                values[name] = _coerce(raw, getattr(template, name))
            except ValueError as exc:
                problems[name] = [str(exc)]
    if problems:
        raise ValidationFailed(f"Invalid settings for {rule_type.id}.",
                               code="invalid_rule_settings", fields=problems)
    return dataclasses.replace(template, **values)


def _coerce(raw: Any, template: Any) -> Any:
    if isinstance(template, bool):
        if not isinstance(raw, bool):
            raise ValueError("Must be true or false.")
        return raw
    if isinstance(template, int):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError("Must be a whole number.")
        if raw < 0:
            raise ValueError("Must not be negative.")
        return raw
    if isinstance(template, Decimal):
        return _decimal(raw)
    if isinstance(template, Mapping):
        if not isinstance(raw, dict) or not all(
                isinstance(k, str) and re.fullmatch(r"[A-Z]{3}", k) for k in raw):
            raise ValueError("Must map ISO 4217 currency codes to decimal strings.")
        return {k: _decimal(v) for k, v in sorted(raw.items())}
    if isinstance(template, frozenset):
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise ValueError("Must be a list of strings.")
        return frozenset(raw)
    raise ValueError("This setting cannot be changed here.")


def _decimal(raw: Any) -> Decimal:
    if not isinstance(raw, str) or not _DECIMAL.match(raw):
        raise ValueError('Must be a decimal string such as "2000" or "0.30" (not a number).')
    try:
        value = Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern guarantees a number
        raise ValueError("Not a decimal.") from None
    if value < 0:
        raise ValueError("Must not be negative.")
    return value


def change_rule(session: Session, ctx: AuditContext, engine_settings: EngineSettings,
                rule_id: str, *, reason: str, enabled: bool | None = None,
                settings: Mapping[str, Any] | None = None) -> tuple[Rule[Any], int]:
    """Apply a settings change; returns the rule as now configured and the new version."""
    if rule_id not in RULES_BY_ID:
        raise NotFound("No such rule.", code="rule_not_found")
    if enabled is None and not settings:
        raise ValidationFailed("Nothing to change.", code="empty_update")
    engine = build_engine(session, engine_settings)
    rule_type = RULES_BY_ID[rule_id]
    current = next(rule for rule in engine.rules if rule.id == rule_id)
    new_settings = settings_from_json(rule_type, dict(settings or {}), base=current.settings)
    if enabled is not None:
        new_settings = dataclasses.replace(new_settings, enabled=enabled)
    try:
        change = engine.replace_settings(rule_id, new_settings, reason)
    except NoActiveRulesError:
        raise Conflict("At least one rule must stay enabled.", code="last_active_rule") from None
    except RuleConfigurationError as exc:
        raise ValidationFailed(str(exc), code="invalid_rule_settings") from None
    after = change.after or {}
    row = session.get(RuleSettingRecord, rule_id) or RuleSettingRecord(rule_id=rule_id)
    row.rule_version, row.enabled = rule_type.version, bool(after["enabled"])
    row.settings_json = json.dumps(after, sort_keys=True)
    row.settings_version, row.updated_at, row.updated_by = change.version, utcnow(), ctx.actor_id
    session.add(row)
    session.add(RuleSettingChange(
        settings_version=change.version, rule_id=rule_id, rule_version=rule_type.version,
        before_json=json.dumps(change.before, sort_keys=True),
        after_json=json.dumps(after, sort_keys=True), reason=reason,
        fingerprint=change.fingerprint, actor_id=ctx.actor_id))
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("Another settings change was saved at the same time; retry.",
                       code="concurrent_rule_change") from None
    changed = sorted(k for k in after if (change.before or {}).get(k) != after[k])
    record(session, ctx, AuditEvent(
        AuditAction.AML_RULE_CHANGE, object_type="aml_rule", object_id=rule_id,
        details={"settings_version": change.version, "fingerprint": change.fingerprint,
                 "changed": changed, "before": {k: (change.before or {}).get(k) for k in changed},
                 "after": {k: after[k] for k in changed},
                 "reason_sha256": hashlib.sha256(reason.encode()).hexdigest()}))
    new_rule = next(rule for rule in engine.rules if rule.id == rule_id)
    return new_rule, change.version


def rule_view(rule: Rule[Any]) -> dict[str, Any]:
    return {"id": rule.id, "version": rule.version, "description": rule.description,
            "enabled": rule.enabled, "kinds": sorted(str(k) for k in rule.kinds),
            "settings": rule.settings.describe()}

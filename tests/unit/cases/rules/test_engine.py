"""Engine: fail closed, disabled rules, versioned settings, cool-downs, scheduled pass."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from decimal import Decimal

import pytest

from cases.rules import RULE_IDS, EngineSettings, MoneySettings, RuleEngine, default_rules
from cases.rules.aggregate_parts import AggregateSettings
from cases.rules.errors import (
    InvalidEventError,
    NoActiveRulesError,
    RuleConfigurationError,
    UnknownCurrencyError,
)
from cases.rules.large_transaction import LargeTransactionRule, LargeTransactionSettings
from cases.rules.structuring import StructuringRule, StructuringSettings
from cases.rules.velocity_spike import VelocitySpikeRule, VelocitySpikeSettings

from .streams import T0, day, ev, run


def test_empty_rule_set_is_refused() -> None:
    with pytest.raises(NoActiveRulesError) as info:
        RuleEngine([])
    assert info.value.code == "aml_no_active_rules"


def test_all_rules_disabled_is_refused() -> None:
    with pytest.raises(NoActiveRulesError):
        RuleEngine([LargeTransactionRule(LargeTransactionSettings(enabled=False))])


def test_disabling_the_last_active_rule_is_refused_and_nothing_changes() -> None:
    engine = RuleEngine([LargeTransactionRule()])
    with pytest.raises(NoActiveRulesError):
        engine.set_enabled("large_transaction", False, "test")
    assert engine.rules[0].enabled
    assert engine.settings_version == 1


def test_disabled_rule_does_not_fire_and_the_change_is_audited() -> None:
    engine = RuleEngine(default_rules())
    before = engine.fingerprint
    change = engine.set_enabled("large_transaction", False, "ticket AML-12")
    assert change.version == engine.settings_version == 2
    assert change.before is not None and change.before["enabled"] is True
    assert change.after is not None and change.after["enabled"] is False
    assert change.fingerprint == engine.fingerprint != before
    assert [c.reason for c in engine.history] == ["initial settings", "ticket AML-12"]
    assert run([ev("deposit", 50000)], engine) == []
    engine.set_enabled("large_transaction", True, "back on")
    (finding,) = run([ev("deposit", 50000)], engine)
    assert finding.settings_version == 3


def test_replaced_settings_take_effect() -> None:
    engine = RuleEngine(default_rules())
    engine.replace_settings("large_transaction", LargeTransactionSettings(
        threshold_reporting=Decimal("500")), "lower limit")
    assert [f.rule_id for f in run([ev("deposit", 600)], engine)] == ["large_transaction"]
    with pytest.raises(RuleConfigurationError):
        engine.replace_settings("large_transaction", StructuringSettings(), "wrong type")
    with pytest.raises(RuleConfigurationError):
        engine.replace_settings("no_such_rule", LargeTransactionSettings(), "typo")


def test_duplicate_rules_and_too_long_windows_are_refused() -> None:
    with pytest.raises(RuleConfigurationError):
        RuleEngine([LargeTransactionRule(), LargeTransactionRule()])
    with pytest.raises(RuleConfigurationError):
        RuleEngine([StructuringRule(StructuringSettings(window_seconds=30 * 86_400))])
    with pytest.raises(RuleConfigurationError):
        RuleEngine([VelocitySpikeRule(VelocitySpikeSettings(baseline_days=400))],
                   EngineSettings(aggregates=AggregateSettings(daily_bucket_days=30)))


def test_unknown_currency_fails_before_the_state_changes() -> None:
    engine = RuleEngine(default_rules())
    state = engine.new_state("c1")
    with pytest.raises(UnknownCurrencyError):
        engine.on_event(ev("deposit", 100, currency="GBP"), state)
    assert state.event_count == 0 and not state.deposits


def test_state_of_another_customer_is_refused() -> None:
    engine = RuleEngine(default_rules())
    with pytest.raises(InvalidEventError):
        engine.on_event(ev("deposit", 100, cust="c2"), engine.new_state("c1"))


def test_cooldown_suppresses_repeats_of_the_same_subject() -> None:
    stream = [ev("deposit", 1900, h) for h in (0, 1, 2, 3, 4)]
    findings = run(stream, [StructuringRule()])
    assert len(findings) == 1
    later = [ev("deposit", 1900, day(8) + h) for h in (0, 1, 2)]
    assert len(run(stream + later, [StructuringRule()])) == 2  # after the cool-down


def test_every_shipped_rule_is_in_the_default_set_with_a_stable_id() -> None:
    engine = RuleEngine(default_rules())
    assert [r.id for r in engine.rules] == list(RULE_IDS)
    assert len(set(RULE_IDS)) == len(RULE_IDS) == 11
    for rule in engine.rules:
        assert rule.version >= 1 and rule.description
    assert RuleEngine(default_rules()).fingerprint == engine.fingerprint


def test_money_settings_change_the_fingerprint() -> None:
    rates = {"EUR": Decimal(1), "USD": Decimal("0.9"), "TRY": Decimal("0.02")}
    other = RuleEngine(default_rules(), EngineSettings(money=MoneySettings(rates=rates)))
    assert other.fingerprint != RuleEngine(default_rules()).fingerprint


def test_scheduled_pass_prunes_idle_state_and_catches_late_structuring() -> None:
    engine = RuleEngine(default_rules())
    state = engine.new_state("c1")
    # The third just-under deposit arrives late, out of order: intake cannot see the pattern
    for event in (ev("deposit", 1900, 10), ev("deposit", 1950, 20), ev("deposit", 1800, 1)):
        assert engine.on_event(event, state) == []
    findings = engine.scheduled(T0 + timedelta(days=1), [state])
    assert [f.rule_id for f in findings] == ["structuring"]
    assert engine.scheduled(T0 + timedelta(days=1), [state]) == []  # already reported
    engine.scheduled(T0 + timedelta(days=400), [state])
    assert not state.deposits and not state.days
    with pytest.raises(InvalidEventError):
        engine.scheduled(T0.replace(tzinfo=None), [state])


def test_findings_serialise_to_json_types() -> None:
    (finding,) = run([ev("deposit", 20000)], [LargeTransactionRule()])
    data = finding.to_dict()
    assert data["rule_id"] == "large_transaction" and data["settings_version"] == 1
    assert data["message_key"] == "aml.large_transaction"
    assert data["evidence"]["amount"] == "20000.00"
    with pytest.raises(RuleConfigurationError):
        dataclasses.replace(finding, evidence={"ratio": 1.5})
    with pytest.raises(RuleConfigurationError):
        dataclasses.replace(finding, score=101)

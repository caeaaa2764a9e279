"""Each rule, positive and negative, on small handcrafted streams."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from cases.rules import CustomerProfile, Rule, TransactionEvent
from cases.rules.chargeback_pattern import ChargebackPatternRule
from cases.rules.dormant_reactivation import DormantReactivationRule
from cases.rules.high_risk_method import HighRiskMethodRule
from cases.rules.large_transaction import LargeTransactionRule, LargeTransactionSettings
from cases.rules.low_wagering_withdrawal import LowWageringWithdrawalRule
from cases.rules.shared_access import (
    SharedDeviceRule,
    SharedDeviceSettings,
    SharedInstrumentRule,
)
from cases.rules.structuring import StructuringRule, StructuringSettings
from cases.rules.third_party_payment import ThirdPartyPaymentRule
from cases.rules.velocity_spike import VelocitySpikeRule
from cases.rules.withdrawal_to_new_instrument import WithdrawalToNewInstrumentRule

from .streams import day, ev, run

Stream = Callable[[], list[TransactionEvent]]
AYSE = {"c1": CustomerProfile(name="Ayşe Yılmaz")}


def _history(days: int, amount: str = "50") -> list[TransactionEvent]:
    return [ev("deposit", amount, day(d)) for d in range(1, days + 1)]


def _crypto(amount: str, n: int) -> list[TransactionEvent]:
    return [ev("deposit", amount, day(i), method="crypto", instrument_key="w1") for i in range(n)]


CASES: list[Any] = [
    # rule, stream, profiles, expected findings of that rule (customer refs)
    pytest.param(LowWageringWithdrawalRule(), lambda: [
        ev("deposit", 1000), ev("bet", 50, 1), ev("bet", 30, 2), ev("withdrawal", 900, 3)],
        None, ["c1"], id="low_wagering+8pct"),
    pytest.param(LowWageringWithdrawalRule(), lambda: [
        ev("deposit", 100), ev("bet", 100, 1), ev("win", 300, 1), ev("deposit", 1000, 30),
        ev("bet", 20, 31), ev("withdrawal", 1000, 32)],
        None, ["c1"], id="low_wagering+old_play_does_not_hide_fresh_deposit"),
    pytest.param(LowWageringWithdrawalRule(), lambda: [
        ev("deposit", 1000), ev("bet", 600, 1), ev("win", 1100, 2), ev("withdrawal", 1200, 3)],
        None, [], id="low_wagering-60pct_played"),
    pytest.param(LowWageringWithdrawalRule(), lambda: [
        ev("deposit", 1000), ev("bet", 300, 1), ev("withdrawal", 700, 3)],
        None, [], id="low_wagering-exactly_30pct"),
    pytest.param(LowWageringWithdrawalRule(), lambda: [
        ev("deposit", 1000), ev("bet", 10, 1), ev("withdrawal", 50, 3)],
        None, [], id="low_wagering-small_withdrawal"),
    pytest.param(StructuringRule(), lambda: [
        ev("deposit", 1900), ev("deposit", 1850, 20), ev("deposit", 1950, day(3))],
        None, ["c1"], id="structuring+three_under_2000_in_3_days"),
    pytest.param(StructuringRule(), lambda: [ev("deposit", 1900), ev("deposit", 1850, 20)],
                 None, [], id="structuring-only_two"),
    pytest.param(StructuringRule(), lambda: [
        ev("deposit", 1900), ev("deposit", 1850, day(5)), ev("deposit", 1950, day(10))],
        None, [], id="structuring-spread_over_10_days"),
    pytest.param(StructuringRule(), lambda: [ev("deposit", 1000, h) for h in range(5)],
                 None, [], id="structuring-not_near_threshold"),
    pytest.param(StructuringRule(StructuringSettings(
        thresholds_by_currency={"TRY": Decimal("75000")})), lambda: [
        ev("deposit", 70000, h, currency="TRY") for h in (0, 5, 9)],
        None, ["c1"], id="structuring+native_TRY_threshold"),
    pytest.param(LargeTransactionRule(), lambda: [ev("deposit", 12000)],
                 None, ["c1"], id="large+deposit"),
    pytest.param(LargeTransactionRule(), lambda: [ev("withdrawal", 600000, currency="TRY")],
                 None, ["c1"], id="large+withdrawal_in_TRY"),
    pytest.param(LargeTransactionRule(), lambda: [ev("deposit", "9999.99"), ev("bet", 20000)],
                 None, [], id="large-below_threshold_and_bets_ignored"),
    pytest.param(LargeTransactionRule(LargeTransactionSettings(
        thresholds_by_currency={"TRY": Decimal("100000")})),
        lambda: [ev("deposit", 150000, currency="TRY")], None, ["c1"], id="large+native_TRY"),
    pytest.param(VelocitySpikeRule(), lambda: [
        *_history(5), *[ev("deposit", 150, day(10) + h / 2) for h in range(12)]],
        None, ["c1"], id="velocity+12_deposits_after_quiet_history"),
    pytest.param(VelocitySpikeRule(), lambda: [
        *_history(5), ev("deposit", 100, day(10)), ev("deposit", 100, day(10) + 1)],
        None, [], id="velocity-normal_day"),
    pytest.param(VelocitySpikeRule(), lambda: [ev("deposit", 150, h / 2) for h in range(12)],
                 None, [], id="velocity-no_history"),
    pytest.param(VelocitySpikeRule(), lambda: [
        *_history(5, "400"), ev("deposit", 1200, day(10))],
        None, [], id="velocity-3x_usual_is_not_a_spike"),
    pytest.param(DormantReactivationRule(), lambda: [
        ev("deposit", 100), ev("deposit", 2000, day(200))],
        None, ["c1"], id="dormant+200_days"),
    pytest.param(DormantReactivationRule(), lambda: [
        ev("deposit", 100), ev("deposit", 2000, day(100))], None, [], id="dormant-100_days"),
    pytest.param(DormantReactivationRule(), lambda: [
        ev("deposit", 100), ev("deposit", 200, day(200))], None, [], id="dormant-small"),
    pytest.param(DormantReactivationRule(), lambda: [ev("deposit", 5000)],
                 None, [], id="dormant-first_deposit"),
    pytest.param(WithdrawalToNewInstrumentRule(), lambda: [
        ev("deposit", 100), ev("withdrawal", 150, 5, instrument_key="B"),
        ev("withdrawal", 150, 9, instrument_key="B")],
        None, ["c1"], id="new_instrument+once_per_instrument"),
    pytest.param(WithdrawalToNewInstrumentRule(), lambda: [
        ev("deposit", 100), ev("withdrawal", 150, 5)], None, [], id="new_instrument-same"),
    pytest.param(ThirdPartyPaymentRule(), lambda: [
        ev("deposit", 100, payer_name="Mehmet Kaya")], AYSE, ["c1"], id="third_party+stranger"),
    pytest.param(ThirdPartyPaymentRule(), lambda: [
        ev("deposit", 100, payer_name="Fatma Yılmaz")], AYSE, ["c1"], id="third_party+relative"),
    pytest.param(ThirdPartyPaymentRule(), lambda: [
        ev("deposit", 100, payer_name=name) for name in (
            "AYSE YILMAZ", "Yılmaz Ayşe", "Ayşe Nur Yılmaz", "AYŞE YILMAZ", "ayse yilmaz")],
        AYSE, [], id="third_party-own_name_variants"),
    pytest.param(ThirdPartyPaymentRule(), lambda: [
        ev("deposit", 100, payer_name_key="k2")],
        {"c1": CustomerProfile(name_key="k1")}, ["c1"], id="third_party+blind_keys_differ"),
    pytest.param(ThirdPartyPaymentRule(), lambda: [ev("deposit", 100, payer_name="Mehmet Kaya")],
                 None, [], id="third_party-no_profile_to_compare"),
    pytest.param(SharedInstrumentRule(), lambda: [
        ev("deposit", 100, instrument_key="X"), ev("deposit", 100, 1, cust="c2",
                                                   instrument_key="X"),
        ev("deposit", 100, 2, instrument_key="X")],
        None, ["c2", "c1"], id="shared_instrument+both_accounts"),
    pytest.param(SharedInstrumentRule(), lambda: [
        ev("deposit", 100, instrument_key="X"), ev("withdrawal", 100, 2, instrument_key="X")],
        None, [], id="shared_instrument-one_customer"),
    pytest.param(SharedDeviceRule(), lambda: [
        ev("bet", 5, h, cust=f"c{h}", device_key="D") for h in range(3)],
        None, ["c2"], id="shared_device+third_account"),
    pytest.param(SharedDeviceRule(), lambda: [
        ev("bet", 5, h, cust=f"c{h}", device_key="D") for h in range(2)],
        None, [], id="shared_device-household_of_two"),
    pytest.param(SharedDeviceRule(), lambda: [
        ev("bet", 5, h, cust=f"c{h}", ip_key="IP") for h in range(6)],
        None, ["c5"], id="shared_device+six_on_one_ip"),
    pytest.param(SharedDeviceRule(SharedDeviceSettings(check_ip=False)), lambda: [
        ev("bet", 5, h, cust=f"c{h}", ip_key="IP") for h in range(6)],
        None, [], id="shared_device-ip_check_off"),
    pytest.param(HighRiskMethodRule(), lambda: _crypto("1000", 4),
                 None, ["c1"], id="high_risk+4000_crypto"),
    pytest.param(HighRiskMethodRule(), lambda: _crypto("500", 4),
                 None, [], id="high_risk-2000_crypto"),
    pytest.param(HighRiskMethodRule(), lambda: [
        ev("deposit", 3000, 0), *_crypto("3500", 1)], None, [], id="high_risk-mixed_funding"),
    pytest.param(ChargebackPatternRule(), lambda: [
        ev("deposit", 100), ev("chargeback", 100, day(10)), ev("chargeback", 100, day(60))],
        None, ["c1"], id="chargeback+two_in_window"),
    pytest.param(ChargebackPatternRule(), lambda: [
        ev("deposit", 300), ev("withdrawal", 250, day(1)), ev("chargeback", 300, day(5))],
        None, ["c1"], id="chargeback+after_withdrawal"),
    pytest.param(ChargebackPatternRule(), lambda: [
        ev("deposit", 100), ev("chargeback", 100, day(10))], None, [], id="chargeback-single"),
]


@pytest.mark.parametrize(("rule", "stream", "profiles", "expected"), CASES)
def test_rule(rule: Rule[Any], stream: Stream, profiles: dict[str, CustomerProfile] | None,
              expected: list[str]) -> None:
    findings = run(stream(), [rule], profiles)
    assert [f.customer_ref for f in findings] == expected
    for finding in findings:
        assert finding.rule_id == rule.id
        assert finding.explanation and "{" not in finding.explanation
        assert 0 <= finding.score <= 100
        assert finding.transaction_ids


def test_low_wagering_evidence_is_structured_without_floats() -> None:
    deposit, bet, payout = ev("deposit", 1000), ev("bet", 80, 1), ev("withdrawal", 900, 2)
    (finding,) = run([deposit, bet, payout], [LowWageringWithdrawalRule()])
    assert finding.transaction_ids == (deposit.external_id, payout.external_id)
    assert finding.evidence["play_percent"] == 8
    assert finding.evidence["deposits"] == "1000.00"
    assert all(isinstance(v, str | int | tuple) for v in finding.evidence.values())
    assert finding.to_dict()["evidence"]["stakes"] == "80.00"
    assert "8%" in finding.explanation


def test_third_party_evidence_never_contains_names() -> None:
    (finding,) = run([ev("deposit", 100, payer_name="Mehmet Kaya")],
                     [ThirdPartyPaymentRule()], AYSE)
    text = str(finding.to_dict()).lower()
    assert "mehmet" not in text and "ayse" not in text and "ayşe" not in text

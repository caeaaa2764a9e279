"""The rule types the product ships, and a default rule set built from them."""

from __future__ import annotations

from typing import Any

from cases.rules.base import Rule
from cases.rules.chargeback_pattern import ChargebackPatternRule
from cases.rules.dormant_reactivation import DormantReactivationRule
from cases.rules.high_risk_method import HighRiskMethodRule
from cases.rules.large_transaction import LargeTransactionRule
from cases.rules.low_wagering_withdrawal import LowWageringWithdrawalRule
from cases.rules.shared_access import SharedDeviceRule, SharedInstrumentRule
from cases.rules.structuring import StructuringRule
from cases.rules.third_party_payment import ThirdPartyPaymentRule
from cases.rules.velocity_spike import VelocitySpikeRule
from cases.rules.withdrawal_to_new_instrument import WithdrawalToNewInstrumentRule

RULE_TYPES: tuple[type[Rule[Any]], ...] = (
    LowWageringWithdrawalRule,
    StructuringRule,
    LargeTransactionRule,
    VelocitySpikeRule,
    DormantReactivationRule,
    WithdrawalToNewInstrumentRule,
    ThirdPartyPaymentRule,
    SharedInstrumentRule,
    SharedDeviceRule,
    HighRiskMethodRule,
    ChargebackPatternRule,
)
RULE_IDS = tuple(rule_type.id for rule_type in RULE_TYPES)


def default_rules() -> list[Rule[Any]]:
    """Fresh instances of every shipped rule with default settings."""
    return [rule_type() for rule_type in RULE_TYPES]

"""Payout to an instrument that never funded the account (breaks the closed loop)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cases.rules.base import FOREVER, EvidenceValue, Facts, Finding, Rule, RuleSettings, money_text
from cases.rules.events import TransactionKind


@dataclass(frozen=True, slots=True)
class NewInstrumentSettings(RuleSettings):
    min_withdrawal_reporting: Decimal = Decimal("0")
    cooldown_seconds: int = FOREVER  # once per payout instrument


class WithdrawalToNewInstrumentRule(Rule[NewInstrumentSettings]):
    id = "withdrawal_to_new_instrument"
    version = 1
    description = "Withdrawal to a payment instrument that never funded the account."
    explanation_en = ("Withdrawal of {amount} {currency} to an instrument that never funded "
                      "the account ({funding_instruments} known funding instruments)")
    settings_type = NewInstrumentSettings
    kinds = frozenset({TransactionKind.WITHDRAWAL})

    def evaluate(self, facts: Facts) -> list[Finding]:
        event = facts.event
        key = event.instrument_key
        if not key or key in facts.state.instruments:
            return []
        if facts.reporting_amount < self.settings.min_withdrawal_reporting:
            return []
        evidence: dict[str, EvidenceValue] = {
            "amount": money_text(event.amount),
            "currency": event.currency,
            "instrument_key": key,
            "funding_instruments": len(facts.state.instruments),
        }
        score = 60 if facts.state.instruments else 70
        return [self.finding(customer_ref=event.customer_ref, at=event.epoch, score=score,
                             evidence=evidence, transaction_ids=(event.external_id,),
                             subject=key)]

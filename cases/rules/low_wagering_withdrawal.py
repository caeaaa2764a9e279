"""Withdrawal when little of the deposited money was played (deposit, barely bet, cash out).

Launderers stake a small share (often 5-10%) of a deposit to look like players and
then withdraw "clean" winnings. The wagering cycle in the aggregates holds the deposits
not yet played through and the stakes since; the latest withdrawal snapshots it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cases.rules.base import EvidenceValue, Facts, Finding, Rule, RuleSettings, money_text, percent
from cases.rules.events import TransactionKind


@dataclass(frozen=True, slots=True)
class LowWageringSettings(RuleSettings):
    min_play_share: Decimal = Decimal("0.30")
    min_withdrawal_reporting: Decimal = Decimal("100")
    min_deposits_reporting: Decimal = Decimal("100")


class LowWageringWithdrawalRule(Rule[LowWageringSettings]):
    id = "low_wagering_withdrawal"
    version = 1
    description = "Withdrawal after staking less than a set share of the deposits."
    explanation_en = ("Withdrawal of {withdrawal} {currency} after staking only {play_percent}% "
                      "of {deposits} {basis} deposited")
    settings_type = LowWageringSettings
    kinds = frozenset({TransactionKind.WITHDRAWAL})

    def evaluate(self, facts: Facts) -> list[Finding]:
        cfg, event, cycle = self.settings, facts.event, facts.state.withdrawal_cycle
        if cycle is None or facts.state.last_withdrawal_at != event.epoch:
            return []
        if (facts.reporting_amount < cfg.min_withdrawal_reporting
                or cycle.deposits < cfg.min_deposits_reporting
                or cycle.stakes >= cycle.deposits * cfg.min_play_share):
            return []
        share = cycle.stakes / cycle.deposits
        score = 50 + int((1 - share / cfg.min_play_share) * 40)
        evidence: dict[str, EvidenceValue] = {
            "withdrawal": money_text(event.amount),
            "currency": event.currency,
            "deposits": money_text(cycle.deposits),
            "stakes": money_text(cycle.stakes),
            "basis": facts.money.reporting_currency,
            "play_percent": percent(cycle.stakes, cycle.deposits),
            "min_play_percent": percent(cfg.min_play_share, Decimal(1)),
        }
        ids = (*cycle.deposit_ids, event.external_id)
        return [self.finding(customer_ref=event.customer_ref, at=event.epoch, score=score,
                             evidence=evidence, transaction_ids=ids)]

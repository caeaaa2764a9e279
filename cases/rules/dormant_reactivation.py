"""A large deposit after a long silence: dormant accounts are bought and reused."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cases.rules.base import EvidenceValue, Facts, Finding, Rule, RuleSettings, money_text
from cases.rules.events import TransactionKind

DAY = 86_400


@dataclass(frozen=True, slots=True)
class DormantReactivationSettings(RuleSettings):
    dormant_seconds: int = 180 * DAY
    min_deposit_reporting: Decimal = Decimal("1000")


class DormantReactivationRule(Rule[DormantReactivationSettings]):
    id = "dormant_reactivation"
    version = 1
    description = "Large deposit after a long period without any activity."
    explanation_en = ("Deposit of {amount} {currency} after {idle_days} days without activity "
                      "(dormant from {dormant_days} days)")
    settings_type = DormantReactivationSettings
    kinds = frozenset({TransactionKind.DEPOSIT})

    def evaluate(self, facts: Facts) -> list[Finding]:
        cfg, event, previous = self.settings, facts.event, facts.state.previous_event_at
        if previous is None or facts.reporting_amount < cfg.min_deposit_reporting:
            return []
        idle = event.epoch - previous
        if idle < cfg.dormant_seconds:
            return []
        evidence: dict[str, EvidenceValue] = {
            "amount": money_text(event.amount),
            "currency": event.currency,
            "reporting_amount": money_text(facts.reporting_amount),
            "idle_days": idle // DAY,
            "dormant_days": cfg.dormant_seconds // DAY,
        }
        score = min(80, 55 + int(idle // cfg.dormant_seconds) * 5)
        return [self.finding(customer_ref=event.customer_ref, at=event.epoch, score=score,
                             evidence=evidence, transaction_ids=(event.external_id,))]

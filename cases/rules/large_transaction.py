"""A single deposit or withdrawal at or above a threshold (a due-diligence trigger)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from cases.rules.base import EvidenceValue, Facts, Finding, Rule, RuleSettings, money_text
from cases.rules.events import MONEY_MOVEMENTS


@dataclass(frozen=True, slots=True)
class LargeTransactionSettings(RuleSettings):
    threshold_reporting: Decimal = Decimal("10000")
    # A currency listed here is compared in its own units (e.g. a national TRY limit).
    thresholds_by_currency: Mapping[str, Decimal] = field(default_factory=dict)


class LargeTransactionRule(Rule[LargeTransactionSettings]):
    id = "large_transaction"
    version = 1
    description = "Single deposit or withdrawal at or above the large-transaction threshold."
    explanation_en = "{kind} of {amount} {currency} is at or above the {threshold} {basis} limit"
    settings_type = LargeTransactionSettings
    kinds = MONEY_MOVEMENTS

    def evaluate(self, facts: Facts) -> list[Finding]:
        event, cfg = facts.event, self.settings
        native = cfg.thresholds_by_currency.get(event.currency)
        if native is not None:
            amount, threshold, basis = event.amount, native, event.currency
        else:
            amount, threshold = facts.reporting_amount, cfg.threshold_reporting
            basis = facts.money.reporting_currency
        if amount < threshold:
            return []
        ratio = amount / threshold
        score = 50 if ratio < 2 else 65 if ratio < 5 else 80
        evidence: dict[str, EvidenceValue] = {
            "kind": str(event.kind),
            "amount": money_text(event.amount),
            "currency": event.currency,
            "reporting_amount": money_text(facts.reporting_amount),
            "threshold": money_text(threshold),
            "basis": basis,
        }
        return [self.finding(customer_ref=event.customer_ref, at=event.epoch, score=score,
                             evidence=evidence, transaction_ids=(event.external_id,))]

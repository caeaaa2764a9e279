"""Several deposits just under a threshold within a window, together crossing it.

EU gambling due diligence applies from 2,000 EUR "in one operation or in several
operations which appear to be linked"; splitting a sum into near-threshold deposits is
the classic way to stay under it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from cases.rules.aggregate_parts import AggregateSettings, MoneyEntry
from cases.rules.aggregates import CustomerAggregates
from cases.rules.base import EvidenceValue, Facts, Finding, Rule, RuleSettings, money_text
from cases.rules.events import MoneySettings, TransactionKind

WEEK = 7 * 86_400


@dataclass(frozen=True, slots=True)
class StructuringSettings(RuleSettings):
    threshold_reporting: Decimal = Decimal("2000")
    thresholds_by_currency: Mapping[str, Decimal] = field(default_factory=dict)
    near_share: Decimal = Decimal("0.80")  # "just under" = from 80% up to the threshold
    min_count: int = 3
    window_seconds: int = WEEK
    cooldown_seconds: int = WEEK


class StructuringRule(Rule[StructuringSettings]):
    id = "structuring"
    version = 1
    description = "Several deposits just under the threshold in a window, summing above it."
    explanation_en = ("{count} deposits just under {threshold} {basis} within {window_hours} h "
                      "add up to {total} {basis}")
    settings_type = StructuringSettings
    kinds = frozenset({TransactionKind.DEPOSIT})

    def check_settings(self, aggregates: AggregateSettings) -> None:
        self.needs_history(self.settings.window_seconds, aggregates.deposit_window_seconds,
                           "deposits")

    def evaluate(self, facts: Facts) -> list[Finding]:
        event = facts.event
        return self._check(facts.state, event.epoch, event.currency, facts.money,
                           require_last=event.external_id)

    def evaluate_scheduled(
        self, now: int, state: CustomerAggregates, money: MoneySettings
    ) -> list[Finding]:
        """Re-check each currency's window: catches deposits that arrived out of order."""
        if not state.deposits:
            return []
        end = max(entry.epoch for entry in state.deposits)
        currencies = {entry.currency for entry in state.deposits}
        findings: list[Finding] = []
        for currency in sorted(currencies):
            findings += self._check(state, end, currency, money, require_last=None)
        return findings

    def _check(self, state: CustomerAggregates, end: int, currency: str,
               money: MoneySettings, require_last: str | None) -> list[Finding]:
        cfg = self.settings
        native = cfg.thresholds_by_currency.get(currency)
        threshold = native if native is not None else cfg.threshold_reporting
        floor = threshold * cfg.near_share

        def measured(entry: MoneyEntry) -> Decimal:
            return entry.amount if native is not None else entry.reporting

        near = [e for e in state.deposits_since(end - cfg.window_seconds)
                if e.epoch <= end and (native is None or e.currency == currency)
                and floor <= measured(e) < threshold]
        if require_last is not None and (not near or near[-1].external_id != require_last):
            return []  # only a just-under deposit can complete the pattern
        total = sum((measured(e) for e in near), Decimal(0))
        if len(near) < cfg.min_count or total < threshold:
            return []
        basis = currency if native is not None else money.reporting_currency
        evidence: dict[str, EvidenceValue] = {
            "count": len(near),
            "total": money_text(total),
            "threshold": money_text(threshold),
            "basis": basis,
            "window_hours": cfg.window_seconds // 3600,
        }
        score = min(85, 55 + 5 * (len(near) - cfg.min_count))
        return [self.finding(customer_ref=state.customer_ref, at=near[-1].epoch, score=score,
                             evidence=evidence,
                             transaction_ids=tuple(e.external_id for e in near),
                             subject=basis)]

"""Heavy funding through crypto or prepaid instruments, which hide the money's origin."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cases.rules.aggregate_parts import DAY, AggregateSettings
from cases.rules.base import EvidenceValue, Facts, Finding, Rule, RuleSettings, money_text, percent
from cases.rules.events import TransactionKind


@dataclass(frozen=True, slots=True)
class HighRiskMethodSettings(RuleSettings):
    window_days: int = 90
    min_high_risk_reporting: Decimal = Decimal("3000")
    min_share: Decimal = Decimal("0.70")
    cooldown_seconds: int = 30 * DAY


class HighRiskMethodRule(Rule[HighRiskMethodSettings]):
    id = "high_risk_method"
    version = 1
    description = "Most funding in the window came through crypto or prepaid methods."
    explanation_en = ("{high_risk_total} of {total} {basis} deposited in {window_days} days "
                      "({share_percent}%) came through high-risk methods")
    settings_type = HighRiskMethodSettings
    kinds = frozenset({TransactionKind.DEPOSIT})

    def check_settings(self, aggregates: AggregateSettings) -> None:
        self.needs_history(self.settings.window_days, aggregates.daily_bucket_days,
                           "daily buckets")

    def evaluate(self, facts: Facts) -> list[Finding]:
        cfg, event = self.settings, facts.event
        if event.method is None or event.method not in facts.state.settings.high_risk_methods:
            return []
        today = event.epoch // DAY
        total = high_risk = Decimal(0)
        for bucket in facts.state.days_between(today - cfg.window_days + 1, today):
            total += bucket.total
            high_risk += bucket.high_risk_total
        if high_risk < cfg.min_high_risk_reporting or high_risk < total * cfg.min_share:
            return []
        evidence: dict[str, EvidenceValue] = {
            "high_risk_total": money_text(high_risk),
            "total": money_text(total),
            "basis": facts.money.reporting_currency,
            "window_days": cfg.window_days,
            "share_percent": percent(high_risk, total),
            "methods": tuple(sorted(facts.state.settings.high_risk_methods)),
        }
        score = min(80, 50 + int(high_risk / cfg.min_high_risk_reporting) * 5)
        return [self.finding(customer_ref=event.customer_ref, at=event.epoch, score=score,
                             evidence=evidence, transaction_ids=(event.external_id,))]

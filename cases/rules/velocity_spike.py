"""Deposits in a short window far above the customer's own daily history.

The baseline is the mean per *active* day of the daily buckets before the window, so a
player who deposits once a week is compared with their deposit days, not diluted by
idle days. Absolute floors keep small-stakes players from alerting on noise.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cases.rules.aggregate_parts import DAY, AggregateSettings
from cases.rules.base import EvidenceValue, Facts, Finding, Rule, RuleSettings, money_text
from cases.rules.events import TransactionKind


@dataclass(frozen=True, slots=True)
class VelocitySpikeSettings(RuleSettings):
    window_seconds: int = DAY
    baseline_days: int = 90
    min_baseline_active_days: int = 3
    sum_multiplier: Decimal = Decimal("5")
    min_window_sum_reporting: Decimal = Decimal("1000")
    count_multiplier: Decimal = Decimal("4")
    min_window_count: int = 10
    cooldown_seconds: int = DAY


class VelocitySpikeRule(Rule[VelocitySpikeSettings]):
    id = "velocity_spike"
    version = 1
    description = "Deposit count or sum in a short window far above the customer's history."
    explanation_en = ("{count} deposits totalling {total} {basis} in {window_hours} h against "
                      "a usual {baseline_count} deposits / {baseline_total} {basis} per day")
    settings_type = VelocitySpikeSettings
    kinds = frozenset({TransactionKind.DEPOSIT})

    def check_settings(self, aggregates: AggregateSettings) -> None:
        cfg = self.settings
        self.needs_history(cfg.window_seconds, aggregates.deposit_window_seconds, "deposits")
        self.needs_history(cfg.baseline_days * DAY, aggregates.daily_bucket_days * DAY,
                           "daily buckets")

    def evaluate(self, facts: Facts) -> list[Finding]:
        cfg, state, now = self.settings, facts.state, facts.event.epoch
        start = now - cfg.window_seconds
        window = [e for e in state.deposits_since(start) if e.epoch <= now]
        count = len(window)
        total = sum((e.reporting for e in window), Decimal(0))
        if count < cfg.min_window_count and total < cfg.min_window_sum_reporting:
            return []
        last_baseline_day = start // DAY - 1
        base = [b for b in state.days_between(last_baseline_day - cfg.baseline_days + 1,
                                              last_baseline_day) if b.count]
        if len(base) < cfg.min_baseline_active_days:
            return []  # too little history to call anything a spike
        mean_total = sum((b.total for b in base), Decimal(0)) / len(base)
        mean_count = Decimal(sum(b.count for b in base)) / len(base)
        by_sum = total >= cfg.min_window_sum_reporting and total >= cfg.sum_multiplier * mean_total
        by_count = count >= cfg.min_window_count and count >= cfg.count_multiplier * mean_count
        if not (by_sum or by_count):
            return []
        ratio = total / mean_total if mean_total else Decimal(99)
        evidence: dict[str, EvidenceValue] = {
            "count": count,
            "total": money_text(total),
            "basis": facts.money.reporting_currency,
            "window_hours": cfg.window_seconds // 3600,
            "baseline_count": str(mean_count.quantize(Decimal("0.1"))),
            "baseline_total": money_text(mean_total),
            "baseline_active_days": len(base),
        }
        score = min(85, 50 + int(ratio))
        return [self.finding(customer_ref=state.customer_ref, at=now, score=score,
                             evidence=evidence,
                             transaction_ids=tuple(e.external_id for e in window))]

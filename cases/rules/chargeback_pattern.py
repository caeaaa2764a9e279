"""Repeated chargebacks, or a chargeback soon after a withdrawal (cash out, then dispute)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cases.rules.aggregate_parts import DAY, AggregateSettings
from cases.rules.base import EvidenceValue, Facts, Finding, Rule, RuleSettings, money_text
from cases.rules.events import TransactionKind


@dataclass(frozen=True, slots=True)
class ChargebackSettings(RuleSettings):
    window_seconds: int = 180 * DAY
    min_count: int = 2
    after_withdrawal_seconds: int = 30 * DAY
    cooldown_seconds: int = 30 * DAY


class ChargebackPatternRule(Rule[ChargebackSettings]):
    id = "chargeback_pattern"
    version = 1
    description = "Several chargebacks in a window, or one shortly after a withdrawal."
    explanation_en = ("{count} chargebacks ({total} {basis}) in {window_days} days; "
                      "{withdrawals_before} withdrawals in the {after_withdrawal_days} days before")
    settings_type = ChargebackSettings
    kinds = frozenset({TransactionKind.CHARGEBACK})

    def check_settings(self, aggregates: AggregateSettings) -> None:
        cfg = self.settings
        self.needs_history(cfg.window_seconds, aggregates.chargeback_retention_seconds,
                           "chargebacks")
        self.needs_history(cfg.after_withdrawal_seconds,
                           aggregates.withdrawal_retention_seconds, "withdrawals")

    def evaluate(self, facts: Facts) -> list[Finding]:
        cfg, state, now = self.settings, facts.state, facts.event.epoch
        recent = [c for c in state.chargebacks if now - cfg.window_seconds <= c.epoch <= now]
        before = [w for w in state.withdrawals
                  if now - cfg.after_withdrawal_seconds <= w.epoch <= now]
        if len(recent) < cfg.min_count and not before:
            return []
        total = sum((c.reporting for c in recent), Decimal(0))
        evidence: dict[str, EvidenceValue] = {
            "count": len(recent),
            "total": money_text(total),
            "basis": facts.money.reporting_currency,
            "window_days": cfg.window_seconds // DAY,
            "withdrawals_before": len(before),
            "after_withdrawal_days": cfg.after_withdrawal_seconds // DAY,
        }
        score = min(90, 55 + 10 * (len(recent) - 1) + (15 if before else 0))
        ids = tuple(c.external_id for c in recent) + tuple(w.external_id for w in before)
        return [self.finding(customer_ref=state.customer_ref, at=now, score=score,
                             evidence=evidence, transaction_ids=ids)]

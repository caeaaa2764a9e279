"""Tiny builders for handcrafted event streams used by the rule tests."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from cases.rules import CustomerProfile, Finding, Rule, RuleEngine, TransactionEvent

T0 = datetime(2025, 3, 1, 10, tzinfo=UTC)
_ids = itertools.count()


def ev(kind: str, amount: str | int, hours: float = 0, *, cust: str = "c1",
       currency: str = "EUR", **extra: Any) -> TransactionEvent:
    """An event `hours` after T0; deposits and withdrawals default to card instrument A."""
    if kind in ("deposit", "withdrawal", "chargeback"):
        extra.setdefault("method", "card")
        extra.setdefault("instrument_key", f"ins-A-{cust}")
    return TransactionEvent(
        external_id=f"t{next(_ids)}", customer_ref=cust, kind=kind, amount=Decimal(amount),
        currency=currency, occurred_at=T0 + timedelta(hours=hours), **extra)


def day(n: float) -> float:
    return 24 * n


def run(events: Iterable[TransactionEvent], rules: Sequence[Rule[Any]] | RuleEngine,
        profiles: dict[str, CustomerProfile] | None = None) -> list[Finding]:
    """Feed the events through an engine (one state per customer); all findings."""
    engine = rules if isinstance(rules, RuleEngine) else RuleEngine(rules)
    states: dict[str, Any] = {}
    findings: list[Finding] = []
    for event in events:
        state = states.setdefault(event.customer_ref, engine.new_state(event.customer_ref))
        findings += engine.on_event(event, state, (profiles or {}).get(event.customer_ref))
    return findings

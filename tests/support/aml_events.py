"""Operator events as JSON, for the AML intake tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

START = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
_ids = itertools.count(1)


def event(external_ref: str, **overrides: Any) -> dict[str, Any]:
    """A valid small bet unless overridden; `at_minutes` shifts occurred_at from START."""
    minutes = overrides.pop("at_minutes", 0)
    item: dict[str, Any] = {
        "external_id": f"op-{next(_ids):08d}", "external_ref": external_ref, "kind": "bet",
        "amount": "10.00", "currency": "EUR", "game_type": "sports",
        "occurred_at": (START + timedelta(minutes=minutes)).isoformat(),
        "device_id": f"device-of-{external_ref}", "ip": "198.51.100.7"}
    item.update(overrides)
    return {k: v for k, v in item.items() if v is not None}


def deposit(external_ref: str, amount: str, **overrides: Any) -> dict[str, Any]:
    return event(external_ref, **{"kind": "deposit", "amount": amount, "method": "card",
                                  "instrument": f"card-of-{external_ref}", "game_type": None,
                                  **overrides})


def withdrawal(external_ref: str, amount: str, **overrides: Any) -> dict[str, Any]:
    return event(external_ref, **{"kind": "withdrawal", "amount": amount, "method": "card",
                                  "instrument": f"card-of-{external_ref}", "game_type": None,
                                  **overrides})

"""Realistic customer payloads for tests, with valid Turkish national ids."""

from __future__ import annotations

import random
from typing import Any

from kyc_service.demo import demo_customer_data


def customer_payload(index: int, **overrides: Any) -> dict[str, Any]:
    """A JSON-ready customer; `index` makes external_ref and e-mail unique."""
    data = demo_customer_data(random.Random(index), index)
    data["external_ref"] = f"test-player-{index:06d}"
    data["birth_date"] = data["birth_date"].isoformat()  # type: ignore[attr-defined]
    data.update(overrides)
    return data

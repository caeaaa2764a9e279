"""Small value types the customer aggregates are built from, with their JSON forms.

Each part knows how to turn itself into JSON-compatible lists (Decimals as strings,
times as integer epoch seconds) so a stored state never contains floats.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

DAY = 86_400


@dataclass(frozen=True, slots=True)
class AggregateSettings:
    """How much history a customer's aggregates keep; this is what bounds memory.

    Rules declare the history they need and the engine refuses (fails closed) a rule
    whose window is longer than these settings keep. `high_risk_methods` decides which
    deposits the daily buckets count as high-risk funding.
    """

    high_risk_methods: frozenset[str] = frozenset({"crypto", "prepaid"})
    deposit_window_seconds: int = 7 * DAY
    max_window_entries: int = 200
    daily_bucket_days: int = 120
    max_instruments: int = 50
    max_cycle_ids: int = 20
    withdrawal_retention_seconds: int = 90 * DAY
    chargeback_retention_seconds: int = 365 * DAY
    max_money_entries: int = 32
    max_seen_ids: int = 128
    max_marks: int = 64


class MoneyEntry(NamedTuple):
    """A deposit, withdrawal or chargeback kept in a rolling window."""

    epoch: int
    reporting: Decimal
    amount: Decimal
    currency: str
    external_id: str

    def dump(self) -> list[Any]:
        return [self.epoch, str(self.reporting), str(self.amount), self.currency,
                self.external_id]

    @classmethod
    def load(cls, raw: list[Any]) -> MoneyEntry:
        epoch, reporting, amount, currency, external_id = raw
        return cls(int(epoch), Decimal(reporting), Decimal(amount), str(currency),
                   str(external_id))


@dataclass(slots=True)
class DayBucket:
    """Deposits of one UTC day: the long-run baseline for velocity and method mix."""

    day: int
    count: int = 0
    total: Decimal = Decimal(0)
    high_risk_total: Decimal = Decimal(0)

    def dump(self) -> list[Any]:
        return [self.day, self.count, str(self.total), str(self.high_risk_total)]

    @classmethod
    def load(cls, raw: list[Any]) -> DayBucket:
        day, count, total, high_risk = raw
        return cls(int(day), int(count), Decimal(total), Decimal(high_risk))


@dataclass(slots=True)
class InstrumentFunding:
    """What one payment instrument has paid into the account."""

    count: int
    total: Decimal
    first_epoch: int
    last_epoch: int

    def dump(self, key: str) -> list[Any]:
        return [key, self.count, str(self.total), self.first_epoch, self.last_epoch]


@dataclass(slots=True)
class WageringCycle:
    """Deposits not yet fully staked, and the stakes placed since they arrived.

    `unwagered` falls with every stake and withdrawal; when it reaches zero every
    deposit has been played through and the cycle starts afresh, so an old history of
    heavy play cannot hide a fresh deposit that is withdrawn unplayed.
    """

    deposits: Decimal = Decimal(0)
    stakes: Decimal = Decimal(0)
    unwagered: Decimal = Decimal(0)
    deposit_ids: deque[str] = field(default_factory=deque)

    def dump(self) -> dict[str, Any]:
        return {"deposits": str(self.deposits), "stakes": str(self.stakes),
                "unwagered": str(self.unwagered), "ids": list(self.deposit_ids)}

    @classmethod
    def load(cls, raw: dict[str, Any], max_ids: int) -> WageringCycle:
        return cls(Decimal(raw["deposits"]), Decimal(raw["stakes"]),
                   Decimal(raw["unwagered"]), deque(raw["ids"], maxlen=max_ids))

    def snapshot(self, max_ids: int) -> WageringCycle:
        return WageringCycle(self.deposits, self.stakes, self.unwagered,
                             deque(self.deposit_ids, maxlen=max_ids))

"""Per-customer running aggregates, updated by each event without re-reading history.

Every update is O(1) or O(window): running sums for the wagering cycle, per-instrument
funding, rolling windows held in bounded deques keyed by time, daily buckets as the
long-run baseline, and small bounded maps. The whole state serialises to a JSON
dict the caller persists per customer; its size is capped by `AggregateSettings`, so it
stays flat however long the customer plays.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from cases.rules.aggregate_parts import (
    DAY,
    AggregateSettings,
    DayBucket,
    InstrumentFunding,
    MoneyEntry,
    WageringCycle,
)
from cases.rules.errors import CorruptStateError, InvalidEventError
from cases.rules.events import PaymentMethod, TransactionEvent, TransactionKind

STATE_FORMAT = 1
ZERO = Decimal(0)


class CustomerAggregates:
    """Everything the rules know about one customer's past, in bounded form."""

    def __init__(self, customer_ref: str, settings: AggregateSettings | None = None) -> None:
        self.customer_ref = customer_ref
        self.settings = settings or AggregateSettings()
        lim = self.settings
        self.first_event_at: int | None = None
        self.last_event_at: int | None = None
        self.previous_event_at: int | None = None  # activity before the latest event
        self.event_count = 0
        self.last_deposit_at: int | None = None
        self.last_withdrawal_at: int | None = None
        self.cycle = WageringCycle(deposit_ids=deque(maxlen=lim.max_cycle_ids))
        self.withdrawal_cycle: WageringCycle | None = None  # the cycle as the latest
        # withdrawal found it, before that withdrawal reduced it
        self.instruments: dict[str, InstrumentFunding] = {}
        self.method_totals: dict[str, tuple[int, Decimal]] = {}
        self.deposits: deque[MoneyEntry] = deque(maxlen=lim.max_window_entries)
        self.days: deque[DayBucket] = deque(maxlen=lim.daily_bucket_days)
        self.withdrawals: deque[MoneyEntry] = deque(maxlen=lim.max_money_entries)
        self.chargebacks: deque[MoneyEntry] = deque(maxlen=lim.max_money_entries)
        self.chargeback_total = 0
        self.seen_ids: deque[str] = deque(maxlen=lim.max_seen_ids)
        self._seen_set: set[str] = set()
        self.marks: dict[str, int] = {}  # rule cool-downs: "rule_id|subject" -> epoch

    # -- updating -----------------------------------------------------------------
    def apply(self, event: TransactionEvent, reporting: Decimal) -> bool:
        """Fold one event in; False (and no change) when the event was already seen."""
        if event.customer_ref != self.customer_ref:
            raise InvalidEventError("event belongs to another customer")
        if event.external_id in self._seen_set:
            return False
        self._remember_id(event.external_id)
        at = event.epoch
        self.previous_event_at = self.last_event_at
        self.last_event_at = at if self.last_event_at is None else max(self.last_event_at, at)
        if self.first_event_at is None or at < self.first_event_at:
            self.first_event_at = at
        self.event_count += 1
        entry = MoneyEntry(at, reporting, event.amount, event.currency, event.external_id)
        kind = event.kind
        if kind is TransactionKind.DEPOSIT:
            self._apply_deposit(event, entry)
        elif kind is TransactionKind.WITHDRAWAL:
            self._apply_withdrawal(entry)
        elif kind is TransactionKind.BET:
            self.cycle.stakes += reporting
            self._consume(reporting)
        elif kind is TransactionKind.REFUND:
            # A voided bet is not play: take the stake back out of the cycle.
            refunded = min(reporting, self.cycle.stakes)
            self.cycle.stakes -= refunded
            self.cycle.unwagered = min(self.cycle.deposits, self.cycle.unwagered + refunded)
        elif kind is TransactionKind.CHARGEBACK:
            self.chargebacks.append(entry)
            self.chargeback_total += 1
        self.prune(self.last_event_at)
        return True

    def _apply_deposit(self, event: TransactionEvent, entry: MoneyEntry) -> None:
        reporting = entry.reporting
        self.last_deposit_at = entry.epoch
        self.cycle.deposits += reporting
        self.cycle.unwagered += reporting
        self.cycle.deposit_ids.append(entry.external_id)
        self.deposits.append(entry)
        high_risk = reporting if event.method in self.settings.high_risk_methods else ZERO
        self._bucket(entry.epoch // DAY, reporting, high_risk)
        method = str(event.method or PaymentMethod.OTHER)
        count, total = self.method_totals.get(method, (0, ZERO))
        self.method_totals[method] = (count + 1, total + reporting)
        if event.instrument_key:
            self._fund(event.instrument_key, reporting, entry.epoch)

    def _apply_withdrawal(self, entry: MoneyEntry) -> None:
        self.last_withdrawal_at = entry.epoch
        self.withdrawal_cycle = self.cycle.snapshot(self.settings.max_cycle_ids)
        self.withdrawals.append(entry)
        self._consume(entry.reporting)

    def _consume(self, amount: Decimal) -> None:
        """Stakes and withdrawals use up deposited money; a played-through cycle resets."""
        self.cycle.unwagered -= amount
        if self.cycle.unwagered <= 0:
            self.cycle = WageringCycle(deposit_ids=deque(maxlen=self.settings.max_cycle_ids))

    def _bucket(self, day: int, amount: Decimal, high_risk: Decimal) -> None:
        if self.days and self.days[-1].day == day:
            bucket = self.days[-1]
        else:
            found = next((b for b in reversed(self.days) if b.day == day), None)
            bucket = found or DayBucket(day)
            if found is None:  # a new day (a late event for an old day starts its own)
                self.days.append(bucket)
        bucket.count += 1
        bucket.total += amount
        bucket.high_risk_total += high_risk

    def _fund(self, key: str, amount: Decimal, at: int) -> None:
        funding = self.instruments.pop(key, None)
        if funding is None:
            funding = InstrumentFunding(0, ZERO, at, at)
        funding.count += 1
        funding.total += amount
        funding.last_epoch = max(funding.last_epoch, at)
        self.instruments[key] = funding  # re-inserted last: the dict is in LRU order
        while len(self.instruments) > self.settings.max_instruments:
            del self.instruments[next(iter(self.instruments))]

    def _remember_id(self, external_id: str) -> None:
        if len(self.seen_ids) == self.seen_ids.maxlen:
            self._seen_set.discard(self.seen_ids[0])
        self.seen_ids.append(external_id)
        self._seen_set.add(external_id)

    def prune(self, now: int | None) -> None:
        """Drop window entries older than the settings keep; the scheduled pass calls it too."""
        if now is None:
            return
        lim = self.settings
        _drop_before(self.deposits, now - lim.deposit_window_seconds)
        _drop_before(self.withdrawals, now - lim.withdrawal_retention_seconds)
        _drop_before(self.chargebacks, now - lim.chargeback_retention_seconds)
        oldest_day = now // DAY - lim.daily_bucket_days
        while self.days and self.days[0].day <= oldest_day:
            self.days.popleft()

    def set_mark(self, key: str, at: int) -> None:
        """Remember when a rule last fired for a subject (bounded, oldest dropped)."""
        self.marks.pop(key, None)
        self.marks[key] = at
        while len(self.marks) > self.settings.max_marks:
            del self.marks[next(iter(self.marks))]

    # -- reading ------------------------------------------------------------------
    def deposits_since(self, since: int) -> Iterator[MoneyEntry]:
        return (entry for entry in self.deposits if entry.epoch >= since)

    def days_between(self, first_day: int, last_day: int) -> Iterator[DayBucket]:
        return (b for b in self.days if first_day <= b.day <= last_day)

    # -- persistence --------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible state: ints, strings, lists and dicts only, never floats."""
        return {
            "format": STATE_FORMAT,
            "customer_ref": self.customer_ref,
            "first": self.first_event_at,
            "last": self.last_event_at,
            "previous": self.previous_event_at,
            "count": self.event_count,
            "last_deposit": self.last_deposit_at,
            "last_withdrawal": self.last_withdrawal_at,
            "cycle": self.cycle.dump(),
            "withdrawal_cycle": self.withdrawal_cycle.dump() if self.withdrawal_cycle else None,
            "instruments": [f.dump(key) for key, f in self.instruments.items()],
            "methods": {m: [c, str(t)] for m, (c, t) in self.method_totals.items()},
            "deposits": [e.dump() for e in self.deposits],
            "days": [b.dump() for b in self.days],
            "withdrawals": [e.dump() for e in self.withdrawals],
            "chargebacks": [e.dump() for e in self.chargebacks],
            "chargeback_total": self.chargeback_total,
            "seen_ids": list(self.seen_ids),
            "marks": dict(self.marks),
        }

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], settings: AggregateSettings | None = None
    ) -> CustomerAggregates:
        """Rebuild a state; anything malformed raises `CorruptStateError` (never half-loads)."""
        try:
            if data["format"] != STATE_FORMAT:
                raise CorruptStateError(f"unsupported state format {data['format']!r}")
            state = cls(str(data["customer_ref"]), settings)
            state._load(data)
        except CorruptStateError:
            raise
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise CorruptStateError(f"malformed aggregates: {exc!r}") from exc
        return state

    def _load(self, data: dict[str, Any]) -> None:
        lim = self.settings
        self.first_event_at = _opt_int(data["first"])
        self.last_event_at = _opt_int(data["last"])
        self.previous_event_at = _opt_int(data["previous"])
        self.event_count = int(data["count"])
        self.last_deposit_at = _opt_int(data["last_deposit"])
        self.last_withdrawal_at = _opt_int(data["last_withdrawal"])
        self.cycle = WageringCycle.load(data["cycle"], lim.max_cycle_ids)
        raw_wc = data["withdrawal_cycle"]
        self.withdrawal_cycle = WageringCycle.load(raw_wc, lim.max_cycle_ids) if raw_wc else None
        for key, count, total, first, last in data["instruments"]:
            self.instruments[str(key)] = InstrumentFunding(
                int(count), Decimal(total), int(first), int(last))
        self.method_totals = {
            str(m): (int(c), Decimal(t)) for m, (c, t) in data["methods"].items()}
        self.deposits.extend(MoneyEntry.load(raw) for raw in data["deposits"])
        self.days.extend(DayBucket.load(raw) for raw in data["days"])
        self.withdrawals.extend(MoneyEntry.load(raw) for raw in data["withdrawals"])
        self.chargebacks.extend(MoneyEntry.load(raw) for raw in data["chargebacks"])
        self.chargeback_total = int(data["chargeback_total"])
        for external_id in data["seen_ids"]:
            self._remember_id(str(external_id))
        for key, at in data["marks"].items():
            self.set_mark(str(key), int(at))
        while len(self.instruments) > lim.max_instruments:
            del self.instruments[next(iter(self.instruments))]


def _drop_before(window: deque[MoneyEntry], cutoff: int) -> None:
    while window and window[0].epoch < cutoff:
        window.popleft()


def _opt_int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]

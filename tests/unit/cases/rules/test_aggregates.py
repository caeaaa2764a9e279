"""Aggregates: JSON round trip, bounded size, idempotent redelivery, corrupt input."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cases.rules import CustomerAggregates, RuleEngine, SharedKeyIndex, default_rules
from cases.rules.errors import CorruptStateError
from cases.rules.shared_keys import KeyKind, SharedKeyLimits

from .streams import day, ev, run


def _busy_stream(days: int, per_day: int = 6) -> list:
    events = []
    for d in range(days):
        base = day(d)
        events += [ev("deposit", 40, base, method="crypto" if d % 7 == 0 else "card",
                      instrument_key=f"card-{d % 60}", device_key=f"dev-{d % 3}"),
                   *[ev("bet", 15, base + h / 10, game_type="sports") for h in range(per_day)],
                   ev("win", 30, base + 1)]
        if d % 5 == 0:
            events.append(ev("withdrawal", 20, base + 2, instrument_key=f"card-{d % 60}"))
        if d % 90 == 0:
            events.append(ev("chargeback", 40, base + 3))
    return events


def _no_floats(value: object) -> bool:
    if isinstance(value, float):
        return False
    if isinstance(value, dict):
        return all(_no_floats(v) for v in value.values())
    if isinstance(value, list):
        return all(_no_floats(v) for v in value)
    return True


def test_round_trip_is_lossless_and_float_free() -> None:
    engine = RuleEngine(default_rules())
    state = engine.new_state("c1")
    for event in _busy_stream(40):
        engine.on_event(event, state)
    data = state.to_dict()
    assert _no_floats(data)
    restored = engine.load_state(json.loads(json.dumps(data)))
    assert restored.to_dict() == data
    assert restored.cycle.deposits == state.cycle.deposits
    assert isinstance(restored.cycle.deposits, Decimal)


def test_restored_state_gives_the_same_findings_as_an_uninterrupted_one() -> None:
    events = [*_busy_stream(20), ev("deposit", 1500, day(21)), ev("bet", 10, day(21) + 1),
              ev("withdrawal", 1400, day(21) + 2, instrument_key="new-iban")]
    straight = run(events, default_rules())
    engine = RuleEngine(default_rules())
    state, resumed = engine.new_state("c1"), []
    for event in events:
        resumed += engine.on_event(event, state)
        state = engine.load_state(json.loads(json.dumps(state.to_dict())))
    assert [f.to_dict() for f in resumed] == [f.to_dict() for f in straight]
    assert {f.rule_id for f in straight} >= {"low_wagering_withdrawal",
                                            "withdrawal_to_new_instrument"}


def test_memory_stays_flat_as_history_grows() -> None:
    engine = RuleEngine(default_rules())
    state = engine.new_state("c1")
    sizes = {}
    events = _busy_stream(720)
    for index, event in enumerate(events, 1):
        engine.on_event(event, state)
        if index in (len(events) // 4, len(events)):
            sizes[index] = len(json.dumps(state.to_dict()))
    small, large = sizes.values()
    assert large <= small * 1.1  # 4x the history, (almost) the same size
    limits = state.settings
    assert len(state.days) <= limits.daily_bucket_days
    assert len(state.instruments) <= limits.max_instruments
    assert len(state.seen_ids) <= limits.max_seen_ids
    assert len(state.marks) <= limits.max_marks


def test_redelivered_event_is_a_no_op() -> None:
    engine = RuleEngine(default_rules())
    state = engine.new_state("c1")
    deposit = ev("deposit", 12000)
    assert engine.on_event(deposit, state)
    before = state.to_dict()
    assert engine.on_event(deposit, state) == []
    assert state.to_dict() == before


@pytest.mark.parametrize("damage", [
    lambda d: d.pop("cycle"),
    lambda d: d.update(format=99),
    lambda d: d.update(deposits=[["x"]]),
    lambda d: d["cycle"].update(deposits="not a number"),
])
def test_corrupt_state_raises(damage) -> None:
    state = CustomerAggregates("c1")
    state.apply(ev("deposit", 10), Decimal(10))
    data = state.to_dict()
    damage(data)
    with pytest.raises(CorruptStateError):
        CustomerAggregates.from_dict(data)


def test_shared_key_index_is_bounded_and_round_trips() -> None:
    index = SharedKeyIndex(SharedKeyLimits(max_keys=10, max_customers_per_key=3,
                                           stale_after_seconds=86_400))
    for n in range(50):
        index.observe(ev("bet", 1, n, cust=f"c{n % 5}", device_key=f"d{n}", ip_key="ip"))
    assert len(index) == 10
    assert index.customers(KeyKind.IP, "ip") == ("c2", "c3", "c4")  # capped, latest kept
    index.observe(ev("bet", 1, 100, cust="c9", ip_key="ip"))  # two days later: others stale
    assert index.customers(KeyKind.IP, "ip") == ("c9",)
    restored = SharedKeyIndex.from_dict(json.loads(json.dumps(index.to_dict())), index.limits)
    assert restored.to_dict() == index.to_dict()
    with pytest.raises(CorruptStateError):
        SharedKeyIndex.from_dict({"format": 1, "keys": {"x": [1]}})

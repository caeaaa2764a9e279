"""The seeded demo stream: deterministic, covers every typology, and the rules find them."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from cases.demo_stream import PLANTERS, RING_KEYS, generate_demo_stream
from cases.rules import RULE_IDS, RuleEngine, default_rules


@pytest.fixture(scope="module")
def stream():
    return generate_demo_stream(700, seed=7)


def test_same_seed_same_stream(stream) -> None:
    again = generate_demo_stream(700, seed=7)
    assert again.events == stream.events and again.planted == stream.planted
    assert generate_demo_stream(700, seed=8).events != stream.events


def test_every_typology_is_planted_on_its_own_customers(stream) -> None:
    assert set(PLANTERS) | set(RING_KEYS) == set(stream.planted) == set(RULE_IDS)
    planted = [ref for refs in stream.planted.values() for ref in refs]
    assert len(planted) == len(set(planted))  # one typology per planted customer
    assert len(stream.clean_customers()) == 700 - len(planted)


def test_events_are_ordered_and_realistic(stream) -> None:
    times = [e.occurred_at for e in stream.events]
    assert times == sorted(times)
    assert all(isinstance(e.amount, Decimal) for e in stream.events)
    assert {e.currency for e in stream.events} == {"TRY", "EUR", "USD"}
    kinds = {e.kind for e in stream.events}
    assert {"deposit", "withdrawal", "bet", "win", "bonus_credit", "chargeback"} <= kinds
    assert {e.game_type for e in stream.events if e.kind == "bet"} >= {"sports", "casino"}


def test_rules_find_the_planted_customers_and_spare_the_clean(stream) -> None:
    engine = RuleEngine(default_rules())
    states, hits = {}, defaultdict(set)
    for event in stream.events:
        ref = event.customer_ref
        state = states.setdefault(ref, engine.new_state(ref))
        for finding in engine.on_event(event, state, stream.profile(ref)):
            hits[finding.rule_id].add(finding.customer_ref)
    for typology, refs in stream.planted.items():
        assert len(refs & hits[typology]) >= 0.9 * len(refs), typology
    clean = stream.clean_customers()
    alerted = set().union(*hits.values()) & clean
    assert len(alerted) < 0.03 * len(clean)

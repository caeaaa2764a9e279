"""Per-item validation of operator events (no database)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from cases.monitoring.settings import MonitoringSettings
from cases.monitoring.validation import IntakeItem, Rejection, validate_item

NOW = datetime(2025, 6, 1, tzinfo=UTC)
VALID = {"external_id": "op-1", "external_ref": "player-1", "kind": "deposit",
         "amount": "125.50", "currency": "TRY", "occurred_at": "2025-05-31T10:00:00+03:00",
         "method": "bank_transfer"}


def check(**changes):
    raw = {k: v for k, v in {**VALID, **changes}.items() if v is not None}
    return validate_item(4, raw, MonitoringSettings(), NOW)


def test_a_valid_item_is_normalised():
    item = check(ip="::ffff:203.0.113.9", instrument="tr33 0006-1005", currency="try",
                 payer_name="  Ayşe   Yılmaz ")
    assert isinstance(item, IntakeItem)
    assert (item.index, item.amount, item.currency) == (4, Decimal("125.50"), "TRY")
    assert item.occurred_at == datetime(2025, 5, 31, 7, 0, tzinfo=UTC)
    assert (item.ip, item.instrument, item.payer_name) == ("203.0.113.9", "TR3300061005",
                                                           "Ayşe Yılmaz")


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"amount": 125.5}, "amount", "invalid_amount"),
    ({"amount": 125}, "amount", "invalid_amount"),
    ({"amount": True}, "amount", "invalid_amount"),
    ({"amount": "12.345"}, "amount", "invalid_amount"),
    ({"amount": "-1.00"}, "amount", "invalid_amount"),
    ({"amount": "NaN"}, "amount", "invalid_amount"),
    ({"amount": None}, "amount", "invalid_amount"),
    ({"currency": "GBP"}, "currency", "invalid_event"),
    ({"currency": "euro"}, "currency", "invalid_event"),
    ({"kind": "jackpot"}, "kind", "invalid_event"),
    ({"method": None}, "method", "invalid_event"),
    ({"method": "cash"}, "method", "invalid_event"),
    ({"occurred_at": "2025-05-31T10:00:00"}, "occurred_at", "invalid_event"),
    ({"occurred_at": "yesterday"}, "occurred_at", "invalid_event"),
    ({"occurred_at": "2025-06-02T00:00:00Z"}, "occurred_at", "invalid_event"),
    ({"ip": "999.1.1.1"}, "ip", "invalid_event"),
    ({"external_id": "has space"}, "external_id", "invalid_event"),
    ({"external_id": None}, "external_id", "invalid_event"),
    ({"external_ref": ""}, "external_ref", "invalid_event"),
    ({"payer_name": "Ali\nVeli"}, "payer_name", "invalid_event"),
    ({"game_type": "bingo"}, "game_type", "invalid_event"),
    ({"ammount": "1.00"}, "ammount", "invalid_event"),
])
def test_bad_items_are_rejected_with_the_field_and_a_reason(changes, field, code):
    outcome = check(**changes)
    assert isinstance(outcome, Rejection)
    assert (outcome.index, outcome.code) == (4, code)
    assert field in outcome.fields and outcome.reason


def test_trailing_zeros_beyond_the_minor_unit_are_fine_and_bets_need_no_method():
    assert isinstance(check(amount="10.500"), IntakeItem)
    assert isinstance(check(kind="bet", method=None, game_type="casino"), IntakeItem)


def test_every_problem_of_an_item_is_listed():
    outcome = check(amount=1.5, kind="nope", ip="x")
    assert isinstance(outcome, Rejection)
    assert {"amount", "kind", "ip"} <= set(outcome.fields)
    assert outcome.external_id == "op-1"
    assert validate_item(0, ["not", "an", "object"], MonitoringSettings(), NOW).code == (
        "invalid_item")

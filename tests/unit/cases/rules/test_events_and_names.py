"""Event validation, money conversion and Turkish-aware name folding."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from cases.rules import MoneySettings, TransactionEvent, TransactionKind
from cases.rules.errors import InvalidEventError, UnknownCurrencyError
from cases.rules.names import name_similarity, normalise_name

from .streams import T0, ev

GOOD = {"external_id": "t1", "customer_ref": "c1", "kind": "deposit",
        "amount": Decimal("10.50"), "currency": "TRY", "occurred_at": T0}


@pytest.mark.parametrize(("field", "value"), [
    ("amount", 10.5),
    ("amount", Decimal("NaN")),
    ("amount", Decimal("-1")),
    ("currency", "try"),
    ("currency", "EURO"),
    ("occurred_at", datetime(2025, 1, 1)),  # naive on purpose
    ("kind", "transfer"),
    ("method", "cash"),
    ("game_type", "bingo"),
    ("external_id", ""),
])
def test_invalid_events_are_refused(field: str, value: object) -> None:
    with pytest.raises(InvalidEventError):
        TransactionEvent(**{**GOOD, field: value})


def test_plain_strings_become_enums() -> None:
    event = TransactionEvent(**GOOD, method="e_wallet", game_type="esports")
    assert event.kind is TransactionKind.DEPOSIT and event.method == "e_wallet"


def test_conversion_to_reporting_currency_is_decimal_and_rounded() -> None:
    money = MoneySettings()
    assert money.to_reporting(Decimal("1000"), "TRY") == Decimal("20.50")
    assert money.to_reporting(Decimal("1"), "EUR") == Decimal("1.00")
    with pytest.raises(UnknownCurrencyError):
        money.to_reporting(Decimal(1), "GBP")
    with pytest.raises(UnknownCurrencyError):
        MoneySettings(rates={"USD": Decimal(1)})


@pytest.mark.parametrize(("raw", "folded"), [
    ("İSMAİL IŞIK", "ismail isik"),
    ("Ayşe  Gül-Çağlar", "ayse gul caglar"),
    ("ŞÜKRÜ ÖZTÜRK", "sukru ozturk"),
    ("José García", "jose garcia"),
])
def test_turkish_aware_folding(raw: str, folded: str) -> None:
    assert normalise_name(raw) == folded


@pytest.mark.parametrize(("first", "second", "same"), [
    ("Ayşe Yılmaz", "AYSE YILMAZ", True),
    ("Ayşe Yılmaz", "Yılmaz Ayşe", True),
    ("Ayşe Nur Yılmaz", "Ayşe Yılmaz", True),
    ("İbrahim Işık", "IBRAHIM ISIK", True),
    ("Ayşe Yılmaz", "Fatma Yılmaz", False),
    ("Ayşe Yılmaz", "Mehmet Kaya", False),
])
def test_name_similarity_threshold(first: str, second: str, same: bool) -> None:
    assert (name_similarity(first, second) >= 85) is same


def test_event_epoch_is_whole_seconds() -> None:
    assert ev("bet", 1).epoch == int(T0.timestamp())

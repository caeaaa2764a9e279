"""Per-item validation of operator events: a bad item is rejected alone, with a reason.

Amounts must be decimal strings (a JSON number is refused: a float has already lost
the cents by the time we see it). Values that identify people or devices are
normalised here so their blind indexes match however the operator formats them.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from cases.monitoring.settings import MonitoringSettings
from cases.rules import GameType, PaymentMethod, TransactionKind

FIELDS = frozenset({
    "external_id", "external_ref", "kind", "amount", "currency", "occurred_at", "method",
    "instrument", "device_id", "ip", "payer_name", "payee_name", "game_type"})
NEEDS_METHOD = frozenset({TransactionKind.DEPOSIT, TransactionKind.WITHDRAWAL})
_AMOUNT = re.compile(r"^\d{1,15}(?:\.(\d{1,8}))?$")
_PRINTABLE_ID = re.compile(r"^[\x21-\x7e]{1,128}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class IntakeItem:
    """A valid event as the operator sent it, normalised, not yet tied to a customer."""

    index: int
    external_id: str
    external_ref: str
    kind: TransactionKind
    amount: Decimal
    currency: str
    occurred_at: datetime
    method: PaymentMethod | None = None
    instrument: str | None = None
    device_id: str | None = None
    ip: str | None = None
    payer_name: str | None = None
    payee_name: str | None = None
    game_type: GameType | None = None

    def to_json(self) -> dict[str, Any]:
        """The item back as JSON (for parking); amounts stay strings."""
        data: dict[str, Any] = {
            "external_id": self.external_id, "external_ref": self.external_ref,
            "kind": str(self.kind), "amount": str(self.amount), "currency": self.currency,
            "occurred_at": self.occurred_at.isoformat()}
        for name in ("method", "instrument", "device_id", "ip", "payer_name", "payee_name",
                     "game_type"):
            value = getattr(self, name)
            if value is not None:
                data[name] = str(value)
        return data


@dataclass(frozen=True, slots=True)
class Rejection:
    index: int
    external_id: str | None
    code: str
    reason: str
    fields: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "external_id": self.external_id, "code": self.code,
                "reason": self.reason, "fields": self.fields}


class _Invalid(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name, self.message = name, message


def validate_item(index: int, raw: Any, settings: MonitoringSettings,
                  now: datetime) -> IntakeItem | Rejection:
    """The item, normalised, or the reasons it was refused (all fields checked)."""
    if not isinstance(raw, dict):
        return Rejection(index, None, "invalid_item", "Each event must be a JSON object.")
    external_id = raw.get("external_id") if isinstance(raw.get("external_id"), str) else None
    problems: dict[str, list[str]] = {}
    for name in sorted(set(raw) - FIELDS):
        problems[str(name)] = ["Unknown field."]
    values: dict[str, Any] = {}
    for name, check in _CHECKS.items():
        try:
            values[name] = check(raw.get(name), settings, now, raw)
        except _Invalid as exc:
            problems.setdefault(exc.name, []).append(exc.message)
    if problems:
        first = next(iter(problems))
        code = "invalid_amount" if "amount" in problems else "invalid_event"
        return Rejection(index, external_id, code, f"{first}: {problems[first][0]}", problems)
    return IntakeItem(index=index, **values)


def _text(name: str, value: Any, limit: int, *, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise _Invalid(name, "Missing data for required field.")
        return None
    if not isinstance(value, str):
        raise _Invalid(name, "Must be a string.")
    cleaned = " ".join(value.split())
    if not cleaned:
        if required:
            raise _Invalid(name, "Must not be empty.")
        return None
    if len(cleaned) > limit:
        raise _Invalid(name, f"Longer than {limit} characters.")
    if _CONTROL.search(value):
        raise _Invalid(name, "Contains control characters.")
    return cleaned


def _external_id(value: Any, *_: Any) -> str:
    text = _text("external_id", value, 128, required=True)
    assert text is not None
    if not _PRINTABLE_ID.match(text):
        raise _Invalid("external_id", "Use 1-128 printable ASCII characters without spaces.")
    return text


def _external_ref(value: Any, *_: Any) -> str:
    text = _text("external_ref", value, 64, required=True)
    assert text is not None
    return text


def _choice(name: str, enum_type: Any, value: Any, *, required: bool) -> Any:
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise _Invalid(name, "Missing data for required field." if value is None
                       else "Must be a string.")
    try:
        return enum_type(value.strip().lower())
    except ValueError:
        allowed = ", ".join(m.value for m in enum_type)
        raise _Invalid(name, f"Must be one of: {allowed}.") from None


def _kind(value: Any, *_: Any) -> TransactionKind:
    kind: TransactionKind = _choice("kind", TransactionKind, value, required=True)
    return kind


def _currency(value: Any, settings: MonitoringSettings, *_: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{3}", value.strip()):
        raise _Invalid("currency", "Must be an ISO 4217 code such as TRY or EUR.")
    code = value.strip().upper()
    if code not in settings.engine.money.rates:
        raise _Invalid("currency", f"No conversion rate is configured for {code}.")
    return code


def _amount(value: Any, settings: MonitoringSettings, _now: datetime,
            raw: dict[str, Any]) -> Decimal:
    if isinstance(value, int | float):  # bool is an int too
        raise _Invalid("amount", 'Send the amount as a decimal string, e.g. "125.50", '
                                 "never as a JSON number.")
    if not isinstance(value, str):
        raise _Invalid("amount", "Missing data for required field." if value is None
                       else "Must be a decimal string.")
    match = _AMOUNT.match(value.strip())
    if match is None:
        raise _Invalid("amount", 'Not a non-negative decimal such as "125.50".')
    currency = raw.get("currency")
    places = settings.decimals(currency.strip().upper()) if isinstance(currency, str) else 2
    if match.group(1) and len(match.group(1).rstrip("0")) > places:
        raise _Invalid("amount", f"More than {places} decimal places for this currency.")
    try:
        return Decimal(value.strip())
    except InvalidOperation:  # pragma: no cover - the pattern already guarantees a number
        raise _Invalid("amount", "Not a decimal number.") from None


def _occurred_at(value: Any, settings: MonitoringSettings, now: datetime, *_: Any) -> datetime:
    if not isinstance(value, str):
        raise _Invalid("occurred_at", "Missing data for required field." if value is None
                       else "Must be an ISO 8601 date-time string.")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise _Invalid("occurred_at", "Not an ISO 8601 date-time.") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise _Invalid("occurred_at", "Give a time zone, e.g. 2025-03-01T12:00:00+03:00.")
    parsed = parsed.astimezone(UTC)
    if parsed > now + timedelta(seconds=settings.max_future_skew_seconds):
        raise _Invalid("occurred_at", "Lies in the future.")
    return parsed


def _method(value: Any, _s: Any, _n: Any, raw: dict[str, Any]) -> PaymentMethod | None:
    needed = str(raw.get("kind", "")).strip().lower() in NEEDS_METHOD
    method: PaymentMethod | None = _choice("method", PaymentMethod, value, required=needed)
    return method


def _game_type(value: Any, *_: Any) -> GameType | None:
    game: GameType | None = _choice("game_type", GameType, value, required=False)
    return game


def _instrument(value: Any, *_: Any) -> str | None:
    text = _text("instrument", value, 128)
    return None if text is None else text.replace(" ", "").replace("-", "").upper()


def _device(value: Any, *_: Any) -> str | None:
    return _text("device_id", value, 128)


def _ip(value: Any, *_: Any) -> str | None:
    text = _text("ip", value, 64)
    if text is None:
        return None
    normal = _normal_ip(text)
    if normal is None:
        raise _Invalid("ip", "Not an IPv4 or IPv6 address.")
    return normal


@lru_cache(maxsize=16_384)
def _normal_ip(text: str) -> str | None:
    """One spelling per address (IPv4-mapped IPv6 as IPv4), cached: parsing is slow."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.compressed


def _name(name: str) -> Any:
    def check(value: Any, *_: Any) -> str | None:
        return _text(name, value, 200)
    return check


_CHECKS = {
    "external_id": _external_id, "external_ref": _external_ref, "kind": _kind,
    "currency": _currency, "amount": _amount, "occurred_at": _occurred_at,
    "method": _method, "instrument": _instrument, "device_id": _device, "ip": _ip,
    "payer_name": _name("payer_name"), "payee_name": _name("payee_name"),
    "game_type": _game_type,
}

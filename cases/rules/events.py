"""The transaction event the rules see, and the money settings used to compare amounts.

Events carry only opaque keys (blind indexes) for instruments, devices and IPs, never
the raw card number, IBAN or address, so findings and aggregates hold no raw PII.
Money is `Decimal` throughout; floats would make thresholds wobble at the cent.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import TypeVar

from cases.rules.errors import InvalidEventError, UnknownCurrencyError

_E = TypeVar("_E", bound=StrEnum)
CENT = Decimal("0.01")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class TransactionKind(StrEnum):
    DEPOSIT = "deposit"
    WITHDRAWAL = "withdrawal"
    BET = "bet"
    WIN = "win"
    BONUS_CREDIT = "bonus_credit"
    BONUS_WAGER = "bonus_wager"
    REFUND = "refund"
    CHARGEBACK = "chargeback"


class PaymentMethod(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    CARD = "card"
    E_WALLET = "e_wallet"
    PREPAID = "prepaid"
    CRYPTO = "crypto"
    VOUCHER = "voucher"
    OTHER = "other"


class GameType(StrEnum):
    SPORTS = "sports"
    CASINO = "casino"
    LIVE_CASINO = "live_casino"
    POKER = "poker"
    VIRTUAL = "virtual"
    ESPORTS = "esports"


MONEY_MOVEMENTS = frozenset({TransactionKind.DEPOSIT, TransactionKind.WITHDRAWAL})


@dataclass(frozen=True, slots=True)
class TransactionEvent:
    """One operator event. `external_id` is the operator's id, unique per operator."""

    external_id: str
    customer_ref: str
    kind: TransactionKind
    amount: Decimal
    currency: str
    occurred_at: datetime
    method: PaymentMethod | None = None
    instrument_key: str | None = None
    payer_name_key: str | None = None
    payer_name: str | None = None
    device_key: str | None = None
    ip_key: str | None = None
    game_type: GameType | None = None

    def __post_init__(self) -> None:
        # Coerce plain strings from the intake layer into the enums, then validate.
        object.__setattr__(self, "kind", _enum(TransactionKind, self.kind, "kind"))
        if self.method is not None:
            object.__setattr__(self, "method", _enum(PaymentMethod, self.method, "method"))
        if self.game_type is not None:
            object.__setattr__(self, "game_type", _enum(GameType, self.game_type, "game_type"))
        if not self.external_id or not self.customer_ref:
            raise InvalidEventError("external_id and customer_ref are required")
        if not isinstance(self.amount, Decimal) or not self.amount.is_finite():
            raise _bad("amount", "amount must be a finite Decimal")
        if self.amount < 0:
            raise _bad("amount", "amount must not be negative")
        if not isinstance(self.currency, str) or not _CURRENCY.match(self.currency):
            raise _bad("currency", "currency must be an ISO 4217 code")
        if self.occurred_at.tzinfo is None or self.occurred_at.utcoffset() is None:
            raise _bad("occurred_at", "occurred_at must be timezone-aware")

    @property
    def epoch(self) -> int:
        """Whole seconds since the epoch; the resolution every window uses."""
        return int(self.occurred_at.timestamp())


def _bad(field_name: str, message: str) -> InvalidEventError:
    return InvalidEventError(message, fields={field_name: [message]})


def _enum(enum_type: type[_E], value: object, name: str) -> _E:
    try:
        return enum_type(str(value))
    except ValueError:
        raise InvalidEventError(f"unknown {name}: {value!r}", fields={name: ["choice"]}) from None


def _default_rates() -> Mapping[str, Decimal]:
    # Illustrative late-2025 rates; deployments load current rates from configuration.
    return MappingProxyType(
        {"EUR": Decimal("1"), "USD": Decimal("0.86"), "TRY": Decimal("0.0205")}
    )


@dataclass(frozen=True, slots=True)
class MoneySettings:
    """Conversion to the reporting currency: `rates[c]` = reporting units per 1 `c`."""

    reporting_currency: str = "EUR"
    rates: Mapping[str, Decimal] = field(default_factory=_default_rates)

    def __post_init__(self) -> None:
        if self.rates.get(self.reporting_currency) != Decimal(1):
            raise UnknownCurrencyError("the reporting currency must have rate 1")
        for code, rate in self.rates.items():
            if not isinstance(rate, Decimal) or rate <= 0 or not _CURRENCY.match(code):
                raise UnknownCurrencyError(f"bad rate for {code!r}")
        object.__setattr__(self, "rates", MappingProxyType(dict(self.rates)))

    def to_reporting(self, amount: Decimal, currency: str) -> Decimal:
        """Amount in the reporting currency, rounded to the cent; unknown currency fails."""
        rate = self.rates.get(currency)
        if rate is None:
            raise UnknownCurrencyError(f"no rate for {currency}", extra={"currency": currency})
        return (amount * rate).quantize(CENT, rounding=ROUND_HALF_EVEN)

    def from_reporting(self, amount: Decimal, currency: str) -> Decimal:
        """Inverse conversion, used by the demo stream to plant amounts near thresholds."""
        rate = self.rates.get(currency)
        if rate is None:
            raise UnknownCurrencyError(f"no rate for {currency}", extra={"currency": currency})
        return (amount / rate).quantize(CENT, rounding=ROUND_HALF_EVEN)

    def describe(self) -> dict[str, str]:
        """JSON-compatible form, part of the engine's settings fingerprint."""
        return {"reporting": self.reporting_currency} | {
            code: str(rate) for code, rate in sorted(self.rates.items())
        }

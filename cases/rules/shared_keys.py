"""Which customers have used each payment instrument, device and IP (by opaque key).

Multi-accounting shows up as one card, device or address behind several accounts. The
index keeps, per key, the customers seen with it and when they were last seen; it is
bounded in keys (least recently used dropped) and in customers per key (beyond the cap
the key is shared anyway), and members not seen for `stale_after_seconds` drop out.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cases.rules.errors import CorruptStateError
from cases.rules.events import TransactionEvent

INDEX_FORMAT = 1
REFRESH_SECONDS = 3600  # "last seen" is kept to the hour; staleness is measured in months


class KeyKind(StrEnum):
    INSTRUMENT = "instrument"
    DEVICE = "device"
    IP = "ip"


@dataclass(frozen=True, slots=True)
class SharedKeyLimits:
    max_keys: int = 500_000
    max_customers_per_key: int = 32
    stale_after_seconds: int = 180 * 86_400


class SharedKeyIndex:
    """Key -> {customer_ref: last seen epoch}, in least-recently-used order of keys."""

    def __init__(self, limits: SharedKeyLimits | None = None) -> None:
        self.limits = limits or SharedKeyLimits()
        self._keys: dict[str, dict[str, int]] = {}

    def __len__(self) -> int:
        return len(self._keys)

    @staticmethod
    def _slot(kind: KeyKind, key: str) -> str:
        return f"{kind}:{key}"

    def observe(self, event: TransactionEvent) -> None:
        """Record the event's instrument, device and IP keys for its customer."""
        at = event.epoch
        for kind, key in (
            (KeyKind.INSTRUMENT, event.instrument_key),
            (KeyKind.DEVICE, event.device_key),
            (KeyKind.IP, event.ip_key),
        ):
            if key:
                self._touch(self._slot(kind, key), event.customer_ref, at)

    def _touch(self, slot: str, customer_ref: str, at: int) -> None:
        members = self._keys.get(slot)
        seen = members.get(customer_ref) if members is not None else None
        if seen is not None and at - seen < REFRESH_SECONDS:
            return  # seen moments ago (the rest of a session): nothing worth rewriting
        members = self._keys.pop(slot, None) or {}
        members[customer_ref] = max(at, members.pop(customer_ref, at))
        cutoff = at - self.limits.stale_after_seconds
        stale = [ref for ref, seen in members.items() if seen < cutoff]
        for ref in stale:
            del members[ref]
        while len(members) > self.limits.max_customers_per_key:
            del members[next(iter(members))]  # the longest-unseen member goes first
        self._keys[slot] = members
        while len(self._keys) > self.limits.max_keys:
            del self._keys[next(iter(self._keys))]

    def count(self, kind: KeyKind, key: str) -> int:
        """How many customers were seen with the key (cheap: checked on every event)."""
        return len(self._keys.get(self._slot(kind, key), ()))

    def customers(self, kind: KeyKind, key: str | None) -> tuple[str, ...]:
        """Customers seen with the key, least recently seen first."""
        if not key:
            return ()
        return tuple(self._keys.get(self._slot(kind, key), ()))

    def to_dict(self) -> dict[str, Any]:
        return {"format": INDEX_FORMAT, "keys": {s: dict(m) for s, m in self._keys.items()}}

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], limits: SharedKeyLimits | None = None
    ) -> SharedKeyIndex:
        index = cls(limits)
        try:
            if data["format"] != INDEX_FORMAT:
                raise CorruptStateError(f"unsupported index format {data['format']!r}")
            for slot, members in data["keys"].items():
                index._keys[str(slot)] = {str(ref): int(at) for ref, at in members.items()}
        except CorruptStateError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise CorruptStateError(f"malformed shared-key index: {exc!r}") from exc
        while len(index._keys) > index.limits.max_keys:
            del index._keys[next(iter(index._keys))]
        return index

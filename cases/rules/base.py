"""What every rule shares: settings, the facts it reads and the finding it returns.

Rules are plain objects over plain facts (no DB, no Flask): the caller hands in the new
event, the customer's aggregates (already updated with the event), the shared-key index
and the customer's profile. A rule returns findings; it never mutates the facts.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar, Generic, TypeVar

from cases.rules.aggregate_parts import AggregateSettings
from cases.rules.aggregates import CustomerAggregates
from cases.rules.errors import RuleConfigurationError
from cases.rules.events import MoneySettings, TransactionEvent, TransactionKind
from cases.rules.shared_keys import SharedKeyIndex

EvidenceValue = str | int | tuple[str, ...]
FOREVER = 3650 * 86_400  # "once per subject": marks are bounded, so this is best effort


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """Settings common to every rule; subclasses add thresholds and windows."""

    enabled: bool = True
    cooldown_seconds: int = 0  # suppress repeats for the same subject within this time

    def describe(self) -> dict[str, Any]:
        """JSON-compatible form (Decimals as strings, sets sorted) for fingerprints."""
        return {f.name: _jsonable(getattr(self, f.name)) for f in dataclasses.fields(self)}


def _jsonable(value: object) -> Any:
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, Decimal | Enum):
        return str(value)
    if isinstance(value, timedelta):
        return int(value.total_seconds())
    if isinstance(value, frozenset | set):
        return sorted(str(v) for v in value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in sorted(value.items())}
    raise RuleConfigurationError(f"setting value {value!r} is not describable")


@dataclass(frozen=True, slots=True)
class CustomerProfile:
    """The customer's own name (plain or normalised) and/or its blind-index key."""

    name: str | None = None
    name_key: str | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    event: TransactionEvent
    reporting_amount: Decimal
    state: CustomerAggregates
    shared_keys: SharedKeyIndex
    profile: CustomerProfile
    money: MoneySettings


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule hit. Evidence holds strings and ints only (amounts as Decimal strings).

    `explanation` is the English line; the same `evidence` keys feed other languages'
    templates (`message_key` names the template), so a Turkish rendering needs no code.
    """

    rule_id: str
    rule_version: int
    customer_ref: str
    score: int
    occurred_at: datetime
    transaction_ids: tuple[str, ...]
    evidence: Mapping[str, EvidenceValue]
    explanation: str
    subject: str | None = None
    settings_version: int = 0
    message_key: str = field(default="")

    def __post_init__(self) -> None:
        if not 0 <= self.score <= 100:
            raise RuleConfigurationError(f"score {self.score} outside 0-100")
        for key, value in self.evidence.items():
            if not isinstance(value, str | int | tuple) or isinstance(value, bool):
                raise RuleConfigurationError(f"evidence {key!r} must be str, int or tuple")
        if not self.message_key:
            object.__setattr__(self, "message_key", f"aml.{self.rule_id}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "rule_version": self.rule_version,
            "settings_version": self.settings_version,
            "customer_ref": self.customer_ref,
            "score": self.score,
            "occurred_at": self.occurred_at.isoformat(),
            "transaction_ids": list(self.transaction_ids),
            "evidence": {k: list(v) if isinstance(v, tuple) else v
                         for k, v in self.evidence.items()},
            "explanation": self.explanation,
            "message_key": self.message_key,
            "subject": self.subject,
        }


S = TypeVar("S", bound=RuleSettings)


class Rule(ABC, Generic[S]):
    """A typology check. Subclasses set the class attributes and implement `evaluate`."""

    id: ClassVar[str]
    version: ClassVar[int]
    description: ClassVar[str]
    explanation_en: ClassVar[str]  # str.format template over the evidence keys
    settings_type: ClassVar[type[RuleSettings]] = RuleSettings
    kinds: ClassVar[frozenset[TransactionKind]]  # the event kinds worth evaluating

    def __init__(self, settings: S | None = None) -> None:
        chosen = settings if settings is not None else self.settings_type()
        if type(chosen) is not self.settings_type:
            raise RuleConfigurationError(
                f"{self.id} needs {self.settings_type.__name__}, got {type(chosen).__name__}")
        self.settings: S = chosen  # type: ignore[assignment]

    @property
    def enabled(self) -> bool:
        return self.settings.enabled

    @abstractmethod
    def evaluate(self, facts: Facts) -> list[Finding]:
        """Findings for the new event in `facts`; [] when the typology is absent."""

    def evaluate_scheduled(
        self, now: int, state: CustomerAggregates, money: MoneySettings
    ) -> list[Finding]:
        """Findings that only a clock can reveal (windows closing); none by default."""
        return []

    def check_settings(self, aggregates: AggregateSettings) -> None:
        """Raise when the aggregates keep less history than the rule's windows need."""

    def needs_history(self, needed: int, kept: int, what: str) -> None:
        if needed > kept:
            raise RuleConfigurationError(
                f"{self.id}: window {needed}s exceeds the {kept}s of {what} kept")

    def finding(
        self,
        *,
        customer_ref: str,
        at: int,
        score: int,
        evidence: Mapping[str, EvidenceValue],
        transaction_ids: tuple[str, ...],
        subject: str | None = None,
    ) -> Finding:
        return Finding(
            rule_id=self.id,
            rule_version=self.version,
            customer_ref=customer_ref,
            score=max(0, min(100, score)),
            occurred_at=datetime.fromtimestamp(at, UTC),
            transaction_ids=transaction_ids,
            evidence=evidence,
            explanation=self.explanation_en.format(**evidence),
            subject=subject,
        )

    def describe(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "settings": self.settings.describe()}


def money_text(amount: Decimal) -> str:
    """Decimal as a plain string with two decimals, for evidence and explanations."""
    return f"{amount.quantize(Decimal('0.01'))}"


def percent(part: Decimal, whole: Decimal) -> int:
    """Whole percent (floor); 0 when `whole` is zero."""
    return int(part * 100 / whole) if whole else 0

"""Case-management settings: SLA hours per priority, caps, four-eyes and STR deadlines.

Legal and policy figures live here as data, overridable through KYC_CASE_* variables,
never as constants in the code that uses them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from kyc_service.core.errors import ConfigurationError

PRIORITIES = ("critical", "high", "medium", "low")  # most urgent first


def _default_sla() -> dict[str, int]:
    return {"critical": 24, "high": 72, "medium": 168, "low": 336}


def _default_floors() -> dict[str, int]:
    return {"critical": 85, "high": 70, "medium": 40}


@dataclass(frozen=True)
class CaseSettings:
    sla_hours: Mapping[str, int] = field(default_factory=_default_sla)
    priority_floors: Mapping[str, int] = field(default_factory=_default_floors)
    officer_cap: int = 25  # active cases one officer may hold
    due_soon_hours: int = 24
    high_risk_score: int = 70  # closing a case at or above this score needs four-eyes
    four_eyes_dispositions: frozenset[str] = frozenset({"str_filed", "account_restricted"})
    str_filing_business_days: int = 10  # MASAK: 10 business days from the decision
    weekend_days: frozenset[int] = frozenset({5, 6})  # Saturday, Sunday
    holidays: frozenset[date] = frozenset()
    operator_name: str = ""  # the reporting entity printed on STRs
    attachment_max_bytes: int = 10 * 1024 * 1024  # one evidence file attached to a case

    def priority_for(self, score: int) -> str:
        for name in PRIORITIES[:-1]:
            if score >= self.priority_floors[name]:
                return name
        return PRIORITIES[-1]

    def due_at(self, priority: str, start: datetime) -> datetime:
        return start + timedelta(hours=self.sla_hours[priority])

    def filing_deadline(self, decided_at: datetime) -> datetime:
        """The same time of day on the Nth business day after the decision."""
        day, left = decided_at, self.str_filing_business_days
        while left > 0:
            day += timedelta(days=1)
            if day.weekday() not in self.weekend_days and day.date() not in self.holidays:
                left -= 1
        return day

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> CaseSettings:
        """KYC_CASE_OFFICER_CAP=30, KYC_CASE_SLA_HOURS=critical=12,high=48, ..."""
        changes: dict[str, Any]
        base, changes = cls(), {}
        try:
            for name in ("officer_cap", "due_soon_hours", "high_risk_score",
                         "str_filing_business_days", "attachment_max_bytes"):
                raw = environ.get(f"KYC_CASE_{name.upper()}")
                if raw:
                    changes[name] = int(raw)
            if changes.get("attachment_max_bytes", 1) < 1:
                raise ValueError("attachment_max_bytes must be positive")
            if raw := environ.get("KYC_CASE_SLA_HOURS"):
                changes["sla_hours"] = {**base.sla_hours, **_pairs(raw)}
            if raw := environ.get("KYC_CASE_OPERATOR_NAME"):
                changes["operator_name"] = raw.strip()
            if raw := environ.get("KYC_CASE_HOLIDAYS"):
                changes["holidays"] = frozenset(date.fromisoformat(d.strip())
                                                for d in raw.split(",") if d.strip())
        except ValueError as exc:
            raise ConfigurationError(f"Invalid case setting: {exc}",
                                     code="invalid_case_setting") from None
        return replace(base, **changes)


def _pairs(raw: str) -> dict[str, int]:
    pairs = {}
    for part in raw.split(","):
        name, _, value = part.partition("=")
        if name.strip() not in PRIORITIES:
            raise ValueError(f"unknown priority {name.strip()!r}")
        pairs[name.strip()] = int(value)
    return pairs

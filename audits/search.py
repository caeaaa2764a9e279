"""Auditors' filters over the trail, shared by the search page, the API and exports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from audits.canonical import format_time
from audits.models import AuditEntry

_ENTRIES = AuditEntry.__table__


@dataclass(frozen=True)
class AuditFilter:
    """Every field optional; `action` ending in ':' matches a tag prefix ("customer:")."""

    since: datetime | None = None
    until: datetime | None = None
    from_seq: int | None = None
    to_seq: int | None = None
    actor_id: str | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    customer_ref: str | None = None
    outcome: str | None = None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> AuditFilter:
        names = {spec.name for spec in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names and v not in (None, "")})

    @property
    def selects_a_range(self) -> bool:
        """True when only sequence bounds apply, so the result has no gaps."""
        return all(getattr(self, spec.name) is None for spec in fields(self)
                   if spec.name not in ("from_seq", "to_seq"))

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if value is not None:
                result[spec.name] = format_time(value) if isinstance(value, datetime) else value
        return result

    def apply(self, query: Select[Any]) -> Select[Any]:
        c = _ENTRIES.c
        conditions = [
            (self.since, lambda v: c.occurred_at >= v),
            (self.until, lambda v: c.occurred_at < v),
            (self.from_seq, lambda v: c.seq >= v),
            (self.to_seq, lambda v: c.seq <= v),
            (self.actor_id, lambda v: c.actor_id == v),
            (self.object_type, lambda v: c.object_type == v),
            (self.object_id, lambda v: c.object_id == v),
            (self.customer_ref, lambda v: c.customer_ref == v),
            (self.outcome, lambda v: c.outcome == v),
        ]
        for value, condition in conditions:
            if value is not None:
                query = query.where(condition(value))
        if self.action is not None:
            if self.action.endswith(":"):
                query = query.where(c.action.startswith(self.action, autoescape=True))
            else:
                query = query.where(c.action == self.action)
        return query


def search_entries(session: Session, audit_filter: AuditFilter, after_seq: int = 0,
                   limit: int = 100) -> tuple[list[dict[str, Any]], int | None]:
    """One page in sequence order and the cursor for the next (keyset pagination)."""
    query = audit_filter.apply(select(_ENTRIES)).where(_ENTRIES.c.seq > after_seq)
    rows = [dict(row) for row in session.execute(
        query.order_by(_ENTRIES.c.seq).limit(limit + 1)).mappings()]
    next_after = rows[limit - 1]["seq"] if len(rows) > limit else None
    return rows[:limit], next_after


def count_entries(session: Session, audit_filter: AuditFilter) -> int:
    return int(session.scalar(audit_filter.apply(select(func.count()).select_from(_ENTRIES)))
               or 0)

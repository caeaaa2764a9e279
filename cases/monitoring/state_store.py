"""Persisting per-customer aggregates and the shared-key index between batches.

A batch loads only the states of its customers (locked on PostgreSQL, so concurrent
intakes for one customer take turns) and the members of only the keys it carries, and
writes back what changed. Memory therefore depends on the batch, not on the history.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, case, delete, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from cases.monitoring.models import CustomerRuleState, SharedKeyMember
from cases.rules import CustomerAggregates, RuleEngine, SharedKeyIndex
from cases.rules.errors import CorruptStateError
from cases.rules.shared_keys import INDEX_FORMAT, SharedKeyLimits
from kyc_service.core.db import utcnow
from kyc_service.core.errors import IntegrityFailure

CHUNK = 500
_STATES = cast(Table, CustomerRuleState.__table__)
_MEMBERS = cast(Table, SharedKeyMember.__table__)
_UPDATE_STATE = (_STATES.update().where(_STATES.c.customer_id == bindparam("b_customer_id"))
                 .values(state_json=bindparam("b_state_json"),
                         event_count=bindparam("b_event_count"),
                         last_event_at=bindparam("b_last_event_at"),
                         updated_at=bindparam("b_updated_at")))


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start:start + CHUNK]


@dataclass
class StateBatch:
    """The aggregates of one batch's customers; `save` writes the changed ones."""

    states: dict[str, CustomerAggregates] = field(default_factory=dict)
    stored: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, session: Session, engine: RuleEngine, customer_ids: Iterable[str],
             *, lock: bool = True) -> StateBatch:
        batch = cls()
        for chunk in _chunks(customer_ids):
            query = (select(_STATES.c.customer_id, _STATES.c.state_json)
                     .where(_STATES.c.customer_id.in_(chunk)).order_by(_STATES.c.customer_id))
            if lock:
                query = query.with_for_update()
            for customer_id, text in session.execute(query):
                try:
                    batch.states[customer_id] = engine.load_state(json.loads(text))
                except (CorruptStateError, ValueError) as exc:
                    raise IntegrityFailure(f"AML state of customer {customer_id} is unreadable",
                                           code="aml_corrupt_state") from exc
                batch.stored.add(customer_id)
        for customer_id in customer_ids:
            if customer_id not in batch.states:
                batch.states[customer_id] = engine.new_state(customer_id)
        return batch

    def save(self, session: Session, changed: Iterable[str]) -> None:
        now = utcnow()
        inserts, updates = [], []
        for customer_id in sorted(set(changed)):
            state = self.states[customer_id]
            values = {"customer_id": customer_id, "state_json": _dump(state.to_dict()),
                      "event_count": state.event_count, "updated_at": now,
                      "last_event_at": _when(state.last_event_at)}
            if customer_id in self.stored:
                updates.append({f"b_{k}": v for k, v in values.items()})
            else:
                inserts.append(values)
                self.stored.add(customer_id)
        connection = session.connection()
        if inserts:
            connection.execute(_STATES.insert(), inserts)
        if updates:
            connection.execute(_UPDATE_STATE, updates)


@dataclass
class SharedKeyBatch:
    """The shared-key index restricted to one batch's keys, loaded from the database."""

    index: SharedKeyIndex
    loaded: dict[tuple[str, str], dict[str, int]]

    @classmethod
    def load(cls, session: Session, limits: SharedKeyLimits,
             slots: Iterable[tuple[str, str]]) -> SharedKeyBatch:
        wanted = set(slots)
        members: dict[tuple[str, str], dict[str, int]] = {slot: {} for slot in wanted}
        for chunk in _chunks(bidx for _, bidx in wanted):
            rows = session.execute(
                select(_MEMBERS.c.key_kind, _MEMBERS.c.key_bidx, _MEMBERS.c.customer_id,
                       _MEMBERS.c.last_seen_epoch).where(_MEMBERS.c.key_bidx.in_(chunk)))
            for kind, bidx, customer_id, seen in rows:
                if (kind, bidx) in members:
                    members[(kind, bidx)][customer_id] = int(seen)
        keys: dict[str, dict[str, int]] = {}
        for (kind, bidx), found in members.items():
            newest = sorted(found.items(), key=lambda item: (item[1], item[0]))
            keys[f"{kind}:{bidx}"] = dict(newest[-limits.max_customers_per_key:])
        index = SharedKeyIndex.from_dict({"format": INDEX_FORMAT, "keys": keys}, limits)
        return cls(index, {slot: dict(found) for slot, found in members.items()})

    def save(self, session: Session) -> None:
        current = self.index.to_dict()["keys"]
        upserts, removed = [], []
        for (kind, bidx), before in self.loaded.items():
            after = current.get(f"{kind}:{bidx}", {})
            upserts += [{"key_kind": kind, "key_bidx": bidx, "customer_id": ref,
                         "last_seen_epoch": at}
                        for ref, at in after.items() if before.get(ref) != at]
            removed += [(kind, bidx, ref) for ref in before if ref not in after]
        if upserts:
            session.connection().execute(_upsert(session), upserts)
        for start in range(0, len(removed), CHUNK):
            session.execute(delete(SharedKeyMember).where(tuple_(
                SharedKeyMember.key_kind, SharedKeyMember.key_bidx,
                SharedKeyMember.customer_id).in_(removed[start:start + CHUNK])))


def _upsert(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(_MEMBERS)
    newer = statement.excluded.last_seen_epoch
    return statement.on_conflict_do_update(
        index_elements=["key_kind", "key_bidx", "customer_id"],
        set_={"last_seen_epoch": case((newer > _MEMBERS.c.last_seen_epoch, newer),
                                      else_=_MEMBERS.c.last_seen_epoch)})


def prune_shared_keys(session: Session, before_epoch: int) -> int:
    """Forget memberships not seen since `before_epoch` (the index's staleness horizon)."""
    result = session.execute(delete(SharedKeyMember).where(
        SharedKeyMember.last_seen_epoch < before_epoch))
    return int(getattr(result, "rowcount", 0) or 0)


def _dump(state: dict[str, Any]) -> str:
    return json.dumps(state, separators=(",", ":"), sort_keys=False)


def _when(epoch: int | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)

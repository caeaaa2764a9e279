"""Appending to the audit trail inside the caller's transaction.

Domain functions call `record(...)` on the same session as their change, so the change
and its entry commit or roll back together (one commit point). The head row is locked
first, which makes concurrent writers (threads or processes, SQLite or PostgreSQL) take
turns and produce one linear chain; the unique `prev_hash` backs this up in the schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from audits.canonical import canonical_json, entry_document, leaf_hash
from audits.models import AuditEntry, AuditHead
from audits.tags import AuditAction, Outcome
from kyc_service.core.db import utcnow

HEAD_ROW_ID = 1
_ENTRIES: Table = AuditEntry.__table__  # type: ignore[assignment]
_HEAD: Table = AuditHead.__table__  # type: ignore[assignment]
# Built once: plain Core statements skip the ORM's per-call statement building, which
# costs more than the insert itself on this hot path.
_LOCK_HEAD = (select(_HEAD.c.seq, _HEAD.c.entry_hash)
              .where(_HEAD.c.id == HEAD_ROW_ID).with_for_update())
_INSERT_ENTRY = _ENTRIES.insert()
_MOVE_HEAD = (_HEAD.update().where(_HEAD.c.id == HEAD_ROW_ID)
              .values(seq=bindparam("new_seq"), entry_hash=bindparam("new_hash")))


@dataclass(frozen=True)
class AuditContext:
    """Who acts and from where; built once per request or command."""

    actor_id: str | None
    actor_role: str
    request_id: str | None = None
    client_ip: str | None = None

    @classmethod
    def system(cls, request_id: str | None = None) -> AuditContext:
        return cls(actor_id=None, actor_role="system", request_id=request_id)


@dataclass(frozen=True)
class AuditEvent:
    action: AuditAction
    outcome: Outcome = Outcome.SUCCESS
    object_type: str | None = None
    object_id: str | None = None
    customer_ref: str | None = None
    purpose: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)


def record(session: Session, context: AuditContext, event: AuditEvent) -> int:
    """Append one entry in the session's transaction; returns its sequence number."""
    connection = session.connection()
    head = connection.execute(_LOCK_HEAD).one()
    row: dict[str, Any] = {
        "seq": head.seq + 1,
        "occurred_at": utcnow(),
        "actor_id": context.actor_id,
        "actor_role": context.actor_role,
        "action": str(event.action),
        "object_type": event.object_type,
        "object_id": event.object_id,
        "customer_ref": event.customer_ref,
        "request_id": context.request_id,
        "client_ip": context.client_ip,
        "outcome": str(event.outcome),
        "purpose": event.purpose,
        "details": canonical_json(dict(event.details)),
        "prev_hash": head.entry_hash,
    }
    row["entry_hash"] = leaf_hash(entry_document(row))
    connection.execute(_INSERT_ENTRY, row)
    connection.execute(_MOVE_HEAD, {"new_seq": row["seq"], "new_hash": row["entry_hash"]})
    return int(row["seq"])

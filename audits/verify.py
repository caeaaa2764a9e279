"""Recomputing the chain: names the first sequence number that does not hold."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.canonical import entry_document, leaf_hash
from audits.models import GENESIS_HASH, AuditEntry, AuditHead
from audits.trail import HEAD_ROW_ID


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries_checked: int
    head_seq: int
    first_bad_seq: int | None = None
    problem: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "entries_checked": self.entries_checked,
            "head_seq": self.head_seq,
            "first_bad_seq": self.first_bad_seq,
            "problem": self.problem,
        }


def verify_chain(session: Session, batch_size: int = 5000) -> ChainReport:
    """Walk every entry in order, recompute its hash and its link to the one before."""
    head = session.execute(
        select(AuditHead.seq, AuditHead.entry_hash).where(AuditHead.id == HEAD_ROW_ID)
    ).one()
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0

    def broken(seq: int, problem: str) -> ChainReport:
        return ChainReport(False, checked, head.seq, seq, problem)

    result = session.execute(
        select(AuditEntry.__table__).order_by(AuditEntry.seq).execution_options(
            yield_per=batch_size)
    )
    try:
        for row in result.mappings():
            if row["seq"] != expected_seq:
                return broken(expected_seq, f"entry {expected_seq} is missing")
            if row["prev_hash"] != prev_hash:
                return broken(row["seq"], "does not link to the entry before it")
            if leaf_hash(entry_document(row)) != row["entry_hash"]:
                return broken(row["seq"], "its content does not match its hash")
            prev_hash = row["entry_hash"]
            expected_seq += 1
            checked += 1
    finally:
        result.close()  # a server-side cursor must not outlive an early return
    if checked > head.seq:
        return broken(head.seq + 1, "entries exist beyond the recorded head")
    if checked != head.seq:
        missing = checked + 1
        return broken(missing, f"entries {missing}..{head.seq} are missing at the end")
    if head.seq and prev_hash != head.entry_hash:
        return broken(head.seq, "the last entry does not match the recorded head")
    return ChainReport(True, checked, head.seq)

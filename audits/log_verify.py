"""Verifying the database against a checkpoint an auditor kept.

Steps, each naming the first entry that does not hold:
(1) the checkpoint's signature; (2) every entry's content against its hash and its link
to the entry before (edits, deletions, reordering); (3) the log still has at least the
checkpoint's entries (truncation); (4) the Merkle root recomputed from the entries'
*contents* equals the signed root (a careful intruder who rewrote every later hash); the
stored leaf tiles, once they reproduce the signed root themselves, show which entry
changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, cast

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.canonical import entry_document, leaf_hash
from audits.checkpoints import verify_checkpoint
from audits.merkle import RootBuilder
from audits.models import AuditEntry
from audits.tiles import TileStore, head_size
from audits.verify import verify_chain


@dataclass(frozen=True)
class LogReport:
    ok: bool
    checkpoint_size: int
    entries_checked: int
    first_bad_seq: int | None = None
    problem: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _recomputed_leaves(session: Session, size: int, batch_size: int = 5000
                       ) -> Iterator[tuple[int, bytes]]:
    result = session.execute(
        select(AuditEntry.__table__).where(AuditEntry.seq <= size).order_by(AuditEntry.seq)
        .execution_options(yield_per=batch_size))
    try:
        for row in result.mappings():
            yield row["seq"], bytes.fromhex(leaf_hash(entry_document(cast(Any, row))))
    finally:
        result.close()


def verify_against_checkpoint(session: Session, note: str, public_key: Ed25519PublicKey
                              ) -> LogReport:
    checkpoint = verify_checkpoint(note, public_key)  # (1) raises when forged
    size = checkpoint.tree_size
    chain = verify_chain(session)  # (2)
    if not chain.ok:
        return LogReport(False, size, chain.entries_checked, chain.first_bad_seq, chain.problem)
    available = head_size(session.connection())
    if available < size:  # (3)
        return LogReport(False, size, available, available + 1,
                         f"entries {available + 1}..{size} covered by the checkpoint are gone")
    builder = RootBuilder()  # (4)
    for _, leaf in _recomputed_leaves(session, size):
        builder.add(leaf)
    if builder.root() == checkpoint.root_hash:
        return LogReport(True, size, chain.entries_checked)
    return LogReport(False, size, chain.entries_checked, _locate(session, size,
                     checkpoint.root_hash), "the log's history differs from the checkpoint")


def _locate(session: Session, size: int, signed_root: bytes) -> int | None:
    """The first entry whose hash differs from the stored leaf tiles, provided those tiles
    reproduce the signed root (else they were rewritten too and prove nothing)."""
    store = TileStore(session.connection())
    if store.size() < size:
        return None
    builder = RootBuilder()
    for stored in store.leaf_hashes(0, size):
        builder.add(stored)
    if builder.root() != signed_root:
        return None
    stored_leaves = store.leaf_hashes(0, size)
    for seq, recomputed in _recomputed_leaves(session, size):
        if next(stored_leaves) != recomputed:
            return int(seq)
    return None


__all__ = ["LogReport", "verify_against_checkpoint"]

"""Tables of the verifiable log: stored Merkle tiles, the tree size they cover, and the
signed checkpoints published over them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kyc_service.core.db import Base, UtcDateTime

_BIGINT = BigInteger().with_variant(Integer, "sqlite")


class AuditTreeTile(Base):
    """Up to 256 consecutive node hashes of one tree level (tlog-tiles style).

    Tile (level L, index t) holds the roots of the perfect subtrees of height 8*L with
    indices 256*t .. 256*t+width-1, concatenated as 32-byte digests. Level 0 holds the
    leaf hashes themselves, so proofs never rescan the entries table.
    """

    __tablename__ = "audit_tree_tiles"

    level: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    idx: Mapped[int] = mapped_column(_BIGINT, primary_key=True, autoincrement=False)
    width: Mapped[int] = mapped_column(Integer)
    hashes: Mapped[bytes] = mapped_column(LargeBinary)


class AuditTreeState(Base):
    """How many leaves the tiles cover; locking its one row serialises tree extension."""

    __tablename__ = "audit_tree_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    tree_size: Mapped[int] = mapped_column(_BIGINT)


class AuditCheckpoint(Base):
    """A signed statement "the log had `tree_size` entries with this root" (C2SP note)."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tree_size: Mapped[int] = mapped_column(_BIGINT, index=True)
    root_hash: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())
    key_id: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text)
    published_by: Mapped[str | None] = mapped_column(String(36))

"""Cluster-wide "only one of us does this now" locks for periodic work.

On PostgreSQL two server processes can both find a job due at the same moment (they read
before either writes), so each job first takes a transaction-scoped advisory lock and
skips the tick when another process holds it. SQLite needs nothing: every transaction
begins with `BEGIN IMMEDIATE`, so the second process waits for the first to commit and
then sees the job is no longer due.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.orm import Session


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a lock name (PostgreSQL's advisory key type)."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def try_job_lock(session: Session, name: str) -> bool:
    """True when this transaction may run job `name`; released at commit or rollback."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"),
                               {"key": lock_key(name)}))

"""The shred ledger: an append-only file of destroyed data-key ids, kept next to the keyring.

It lives outside the database on purpose: restoring an older database backup brings back
wrapped keys that later erasures destroyed, and the ledger is what `kyc backup restore`
re-applies to shred them again. One JSON line per key: `{"key_id", "destroyed_at"}` -
ids and times only, never personal data. Lines are appended only after the destroying
transaction commits, under an exclusive lock, and fsync'd.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from kyc_service.core.errors import IntegrityFailure

LEDGER_NAME = "shred-ledger.jsonl"
# Session.info entries: the ledger path (set on the session factory by the runtime) and
# the keys destroyed in the current transaction, written after commit.
LEDGER_PATH_INFO = "shred_ledger_path"
PENDING_INFO = "shred_ledger_pending"

log = logging.getLogger(__name__)


def ledger_path(key_file: Path) -> Path:
    return Path(key_file).parent / LEDGER_NAME


class ShredLedger:
    """Appends and reads destroyed key ids; a duplicate line is harmless."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def append(self, entries: Iterable[tuple[str, datetime]]) -> int:
        lines = [json.dumps({"key_id": key_id, "destroyed_at": at.isoformat()},
                            sort_keys=True) + "\n" for key_id, at in entries]
        if not lines:
            return 0
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.fchmod(fd, 0o600)
            # One write per call: concurrent appenders never interleave inside a line.
            os.write(fd, "".join(lines).encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)  # closing releases the lock
        return len(lines)

    def read(self) -> dict[str, datetime]:
        """Key id -> the earliest recorded destruction time."""
        if not self.path.exists():
            return {}
        found: dict[str, datetime] = {}
        with self.path.open(encoding="utf-8") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                    key_id, at = str(entry["key_id"]), datetime.fromisoformat(
                        entry["destroyed_at"])
                except (ValueError, KeyError, TypeError):
                    if not line.endswith("\n"):
                        continue  # a torn last line from a crash mid-append
                    raise IntegrityFailure(f"shred ledger line {number} is malformed",
                                           code="shred_ledger_malformed") from None
                if key_id not in found or at < found[key_id]:
                    found[key_id] = at
        return found


def write_pending(info: dict[str, object]) -> None:
    """After commit: append what this transaction destroyed. Failing loudly matters - an
    erasure missing from the ledger would come back with an older backup."""
    pending = info.pop(PENDING_INFO, None)
    if not pending:
        return
    path = info.get(LEDGER_PATH_INFO)
    entries = list(pending.items()) if isinstance(pending, dict) else []
    if path is None:
        log.warning("shred ledger not configured; %d destroyed key(s) not recorded",
                    len(entries))
        return
    try:
        ShredLedger(Path(str(path))).append(entries)
    except OSError as exc:
        log.error("shred ledger write failed for destroyed key ids %s",
                  [key_id for key_id, _ in entries])
        raise IntegrityFailure(
            "The keys were destroyed but the shred ledger could not be written; "
            "append their ids by hand before restoring any backup.",
            code="shred_ledger_write_failed") from exc

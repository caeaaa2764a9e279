"""Master-key rotation: add a key to the keyring file, re-wrap data keys online, retire.

Only data keys are re-wrapped (never the data): each batch unwraps with the old master
key, wraps with the active one, and updates rows still under the old key, committing per
batch. A data key's `master_key_id` is the progress marker, so a stopped rotation simply
resumes. Running services keep working because `RefreshingKeyProvider`'s keyring re-reads
the key file when it meets a master key id it does not know yet, and wraps new data keys
with the file's active key as soon as the file changes (no restart before `retire`).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Table, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from kyc_service.core.crypto import Keyring, random_key, unwrap_data_key, wrap_data_key
from kyc_service.core.datakeys import DataKey
from kyc_service.core.db import transaction
from kyc_service.core.errors import Conflict, NotFound
from kyc_service.core.keyfile import FileKeyProvider, new_key_id, write_private_json

_KEYS = cast(Table, DataKey.__table__)


def _read_document(path: Path) -> dict[str, Any]:
    FileKeyProvider(path).load()  # validates format and permissions
    document: dict[str, Any] = json.loads(Path(path).read_text("utf-8"))
    return document


def add_master_key(path: Path) -> tuple[str, str]:
    """Add a new master key and make it active; returns (previous id, new id)."""
    document = _read_document(path)
    previous = document["active_master_key"]
    key_id = new_key_id("kek")
    document["master_keys"][key_id] = {"key": base64.b64encode(random_key()).decode(),
                                       "created_at": datetime.now(UTC).isoformat()}
    document["active_master_key"] = key_id
    write_private_json(path, document)
    return previous, key_id


@dataclass
class RewrapProgress:
    rewrapped: int = 0
    batches: int = 0
    by_old_key: dict[str, int] = field(default_factory=dict)


def rewrap_data_keys(
    session_factory: sessionmaker[Session], keyring: Keyring, batch_size: int = 500,
    on_batch: Callable[[Session, dict[str, int]], None] | None = None,
    max_batches: int | None = None,
) -> RewrapProgress:
    """Move every live data key under the active master key, one committed batch at a
    time; `on_batch` runs inside each batch's transaction (e.g. to audit it)."""
    active = keyring.active_master_key_id
    progress = RewrapProgress()
    while max_batches is None or progress.batches < max_batches:
        with transaction(session_factory) as session:
            rows = session.execute(
                select(_KEYS.c.id, _KEYS.c.master_key_id, _KEYS.c.wrapped_key)
                .where(_KEYS.c.master_key_id != active, _KEYS.c.wrapped_key.is_not(None))
                .order_by(_KEYS.c.id).limit(batch_size)).all()
            if not rows:
                break
            moved: dict[str, int] = {}
            for key_id, old_kek, wrapped in rows:
                dek = unwrap_data_key(keyring, key_id, old_kek, wrapped)
                new_kek, new_wrapped = wrap_data_key(keyring, key_id, dek)
                done = cast(CursorResult[Any], session.execute(
                    update(_KEYS).where(_KEYS.c.id == key_id, _KEYS.c.master_key_id == old_kek)
                    .values(master_key_id=new_kek, wrapped_key=new_wrapped))).rowcount
                if done:
                    moved[old_kek] = moved.get(old_kek, 0) + 1
            if on_batch is not None:
                on_batch(session, moved)
        progress.batches += 1
        for old, count in moved.items():
            progress.rewrapped += count
            progress.by_old_key[old] = progress.by_old_key.get(old, 0) + count
    return progress


def data_keys_by_master_key(session: Session) -> dict[str, int]:
    return {kek: count for kek, count in session.execute(
        select(_KEYS.c.master_key_id, func.count()).where(_KEYS.c.wrapped_key.is_not(None))
        .group_by(_KEYS.c.master_key_id)).all()}


def retire_master_key(path: Path, session: Session, key_id: str) -> None:
    """Remove a master key from the keyring; refused while it is active or needed."""
    document = _read_document(path)
    if key_id not in document["master_keys"]:
        raise NotFound(f"No master key {key_id} in the keyring.", code="unknown_master_key")
    if key_id == document["active_master_key"]:
        raise Conflict("The active master key cannot be retired; rotate first.",
                       code="master_key_active")
    dependants = data_keys_by_master_key(session).get(key_id, 0)
    if dependants:
        raise Conflict(f"{dependants} data key(s) are still wrapped with {key_id}; "
                       "run `kyc keys rotate --resume` first.", code="master_key_in_use",
                       extra={"data_keys": dependants})
    del document["master_keys"][key_id]
    write_private_json(path, document)


@dataclass(frozen=True)
class RefreshingKeyring(Keyring):
    """A keyring that re-reads its file when asked for a master key it does not hold,
    so a service keeps opening data keys while `kyc keys rotate` re-wraps them; and that
    follows the file's active key for new wraps, noticed by the file's stat signature."""

    reload: Callable[[], Keyring] | None = field(default=None, compare=False, repr=False)
    signature: Callable[[], object] | None = field(default=None, compare=False, repr=False)
    _seen: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def master_key(self, key_id: str) -> bytes:
        if key_id not in self.master_keys and self.reload is not None:
            self._merge(self.reload())
        return super().master_key(key_id)

    def wrapping_key_id(self) -> str:
        if self.signature is not None and self.reload is not None:
            current = self.signature()
            if current != self._seen.get("signature"):
                self._merge(self.reload())
                self._seen["signature"] = current
        return str(self._seen.get("active", self.active_master_key_id))

    def _merge(self, fresh: Keyring) -> None:
        for known_id, key in fresh.master_keys.items():
            self.master_keys.setdefault(known_id, key)  # the dict itself is mutable
        self._seen["active"] = fresh.active_master_key_id


class RefreshingKeyProvider:
    """A `KeyProvider` over the key file whose keyring refreshes itself on a miss."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _fresh(self) -> Keyring:
        return FileKeyProvider(self.path).load()

    def _signature(self) -> object:
        stat = self.path.stat()
        return stat.st_mtime_ns, stat.st_size, stat.st_ino

    def load(self) -> Keyring:
        signature = self._signature()
        base = self._fresh()
        keyring = RefreshingKeyring(dict(base.master_keys), base.active_master_key_id,
                                    base.index_key, base.index_key_id, reload=self._fresh,
                                    signature=self._signature)
        keyring._seen["signature"] = signature
        return keyring

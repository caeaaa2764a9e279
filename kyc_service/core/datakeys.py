"""Data keys: one random DEK per data owner, stored wrapped by a master key.

Deleting a row's wrapped key crypto-shreds everything sealed with it; re-wrapping under a
new master key (rotation) never touches the data itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import LargeBinary, String, event, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session

from kyc_service.core.crypto import Keyring, random_key, unwrap_data_key, wrap_data_key
from kyc_service.core.db import Base, created_at, new_id, uuid_pk
from kyc_service.core.errors import IntegrityFailure
from kyc_service.core.shredledger import PENDING_INFO, write_pending


class DataKey(Base):
    __tablename__ = "data_keys"

    id: Mapped[uuid_pk]
    owner_type: Mapped[str] = mapped_column(String(32))
    # Only system-wide keys (e.g. the staff directory) have a name; customers' keys do not.
    system_name: Mapped[str | None] = mapped_column(String(32), unique=True)
    master_key_id: Mapped[str | None] = mapped_column(String(64), index=True)
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[created_at]
    destroyed_at: Mapped[datetime | None]


@event.listens_for(DataKey, "after_update")
def _note_destroyed(_mapper: Any, _connection: Any, key: DataKey) -> None:
    """Every destruction, whoever does it, is queued for the shred ledger."""
    history = inspect(key).attrs.destroyed_at.history
    session = object_session(key)
    if session is None or key.destroyed_at is None or not history.added or any(
            history.deleted):
        return
    session.info.setdefault(PENDING_INFO, {})[key.id] = key.destroyed_at


@event.listens_for(Session, "after_commit")
def _write_ledger(session: Session) -> None:
    write_pending(session.info)


@event.listens_for(Session, "after_rollback")
def _forget_destroyed(session: Session) -> None:
    session.info.pop(PENDING_INFO, None)


class DataKeys:
    """Creates and opens data keys with the keyring."""

    def __init__(self, keyring: Keyring) -> None:
        self.keyring = keyring

    def create(self, session: Session, owner_type: str, system_name: str | None = None) -> tuple[
        DataKey, bytes
    ]:
        dek = random_key()
        key = DataKey(owner_type=owner_type, system_name=system_name)
        key.id = new_id()
        key.master_key_id, key.wrapped_key = wrap_data_key(self.keyring, key.id, dek)
        session.add(key)
        return key, dek

    def open(self, key: DataKey) -> bytes:
        if key.wrapped_key is None or key.master_key_id is None:
            raise IntegrityFailure(
                "The data key was destroyed; the data it protected is gone.",
                code="data_destroyed",
            )
        return unwrap_data_key(self.keyring, key.id, key.master_key_id, key.wrapped_key)

    def system_key(self, session: Session, name: str) -> tuple[DataKey, bytes]:
        """The named system key (created on first use), e.g. for staff e-mail addresses."""
        key = session.scalar(select(DataKey).where(DataKey.system_name == name))
        if key is None:
            key, dek = self.create(session, owner_type="system", system_name=name)
            session.flush()
            return key, dek
        return key, self.open(key)


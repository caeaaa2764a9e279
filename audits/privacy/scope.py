"""What a provider gets when asked to export, erase or destroy one customer's data.

Ciphers are built for the provider from key material the orchestrator chose: on an
erasure `old` is the customer's data key (about to be shredded) and `new` the retention
key that records under an AML retention duty are re-sealed with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from kyc_service.core.crypto import FieldCipher
from kyc_service.core.storage import Storage
from kyc_service.core.vault import Vault


@dataclass(frozen=True)
class KeyMaterial:
    dek: bytes
    dek_id: str

    def cipher(self, table: str, row_id: str) -> FieldCipher:
        return FieldCipher(self.dek, self.dek_id, table, row_id)


@dataclass
class ExportScope:
    session: Session
    vault: Vault
    storage: Storage
    customer_id: str
    key: KeyMaterial | None  # None: the customer's data is destroyed
    # Files for the zip, by archive path; providers add their document images here.
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class ErasureScope:
    """Erase everything not under retention; re-seal what is with `new`."""

    session: Session
    vault: Vault
    storage: Storage
    customer_id: str
    old: KeyMaterial
    new: KeyMaterial
    now: datetime
    # Customer fields under the AML retention duty (a setting).
    aml_identity_fields: tuple[str, ...] = ()
    # Plain values kept for the restricted AML view (sealed by the orchestrator).
    retained: dict[str, Any] = field(default_factory=dict)
    # Storage deletions run only after the transaction commits (see `after_commit`).
    after_commit: list[Callable[[], None]] = field(default_factory=list)

    def reseal(self, row: Any, table: str, row_id: str, columns: Iterable[str]) -> None:
        """Move a retained row's `<column>_enc` values from the customer's key to the
        retention key (the associated data stays bound to the same table and row)."""
        old, new = self.old.cipher(table, row_id), self.new.cipher(table, row_id)
        for name in columns:
            attribute = f"{name}_enc"
            setattr(row, attribute, new.seal(name, old.open(name, getattr(row, attribute))))


@dataclass
class DestroyScope:
    """Retention has ended: destroy or anonymise every record of the customer."""

    session: Session
    storage: Storage
    customer_id: str
    now: datetime
    after_commit: list[Callable[[], None]] = field(default_factory=list)


# "category" -> how many records were erased or destroyed; a "retained:" prefix counts
# records kept (re-encrypted with the retention key) instead.
Counts = dict[str, int]
RETAINED_PREFIX = "retained:"

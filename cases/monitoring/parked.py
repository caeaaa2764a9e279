"""Events for customers we do not know yet: kept sealed, replayed once the customer exists.

The payload holds personal data (names, the raw instrument), and there is no customer
data key yet, so it is sealed with a dedicated system key; on release the events go
through the normal intake, which re-seals names with the customer's own key.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from cases.monitoring.customers import external_ref_index
from cases.monitoring.models import ParkedEvent
from cases.monitoring.validation import IntakeItem
from kyc_service.core.crypto import FieldCipher
from kyc_service.core.db import new_id
from kyc_service.core.vault import Vault
from kyc_service.customers.models import Customer

if TYPE_CHECKING:
    from cases.monitoring.intake import TransactionIntake

SYSTEM_KEY = "aml_parked"
TABLE = "aml_parked_events"


def _cipher(session: Session, vault: Vault, row_id: str) -> FieldCipher:
    key, dek = vault.data_keys.system_key(session, SYSTEM_KEY)
    return FieldCipher(dek, key.id, TABLE, row_id)


def park_items(session: Session, vault: Vault, items: list[IntakeItem],
               batch_id: str) -> list[dict[str, Any]]:
    parked = []
    for item in items:
        row_id = new_id()
        payload = json.dumps(item.to_json(), sort_keys=True).encode()
        session.add(ParkedEvent(
            id=row_id, external_id=item.external_id, batch_id=batch_id,
            external_ref_bidx=external_ref_index(vault, item.external_ref),
            payload_enc=_cipher(session, vault, row_id).seal_bytes("payload", payload)))
        parked.append({"index": item.index, "external_id": item.external_id, "id": row_id})
    return parked


def release_parked(session: Session, ctx: AuditContext, intake: TransactionIntake,
                   external_ref_bidx: str | None = None, limit: int = 1000) -> int:
    """Replay parked events whose customer now exists (oldest first); returns how many.

    Events whose customer is still unknown stay parked.
    """
    query = (select(ParkedEvent).join(Customer, Customer.external_ref_bidx
                                      == ParkedEvent.external_ref_bidx)
             .order_by(ParkedEvent.received_at, ParkedEvent.id).limit(limit))
    if external_ref_bidx is not None:
        query = query.where(ParkedEvent.external_ref_bidx == external_ref_bidx)
    rows = list(session.scalars(query))
    if not rows:
        return 0
    payloads = [json.loads(_cipher(session, intake.vault, row.id).open_bytes(
        "payload", row.payload_enc)) for row in rows]
    session.execute(delete(ParkedEvent).where(ParkedEvent.id.in_([r.id for r in rows])))
    released = 0
    size = intake.settings.max_batch_items
    for start in range(0, len(payloads), size):
        result = intake.ingest(session, ctx, payloads[start:start + size])
        released += len(result.stored)
    record(session, ctx, AuditEvent(AuditAction.AML_PARKED_RELEASE, object_type="aml_parked",
                                    details={"released": released, "parked_rows": len(rows)}))
    return released


def release_hook(make_intake: Callable[[], TransactionIntake]) -> Callable[..., None]:
    """A customer hook (see `CustomerService(hooks=...)`): replay the new customer's
    parked events in the same transaction as its creation. The intake (and its rules
    engine) is built only when there is something to replay."""

    def hook(session: Session, ctx: AuditContext, customer: Customer, _plain: dict[str, Any],
             changed: frozenset[str]) -> None:
        if "external_ref" in changed and session.scalar(
                select(ParkedEvent.id)
                .where(ParkedEvent.external_ref_bidx == customer.external_ref_bidx).limit(1)):
            release_parked(session, ctx, make_intake(), customer.external_ref_bidx)

    return hook

"""Re-apply the shred ledger after a restore: keys erased since the backup die again."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.datakeys import DataKey
from kyc_service.core.shredledger import ShredLedger


def reapply_ledger(session: Session, ctx: AuditContext, ledger: ShredLedger,
                   backup_created_at: str) -> list[str]:
    """Destroy every ledger key the restored database still holds; returns their ids.

    A Core update on purpose: these keys are in the ledger already, and destroying an
    already-destroyed key is skipped. Ids are not personal data, so they are audited.
    """
    destroyed = ledger.read()
    alive = set(session.scalars(select(DataKey.id).where(
        DataKey.id.in_(list(destroyed)),
        DataKey.wrapped_key.is_not(None) | DataKey.destroyed_at.is_(None))))
    for key_id in sorted(alive):
        session.execute(update(DataKey).where(DataKey.id == key_id).values(
            wrapped_key=None, master_key_id=None, destroyed_at=destroyed[key_id]))
    record(session, ctx, AuditEvent(
        AuditAction.BACKUP_RESTORE, object_type="backup", details={
            "backup_created_at": backup_created_at, "ledger_entries": len(destroyed),
            "keys_reshredded": len(alive), "key_ids": sorted(alive)}))
    return sorted(alive)

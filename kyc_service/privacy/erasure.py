"""Erasure under an AML retention duty, and destruction when the duty ends.

Design (see README "Privacy"): one customer, two keys over time. On erasure every
provider re-seals what the AML law makes us keep under a new, separate *retention key*
for the customer, and clears everything else; then the customer's own data key is
destroyed (crypto-shredded). Whatever was sealed with it - contact details, refused
photos, any copy of a ciphertext in the database or the document store - can no longer
be decrypted anywhere. The retained records are readable only through the audited
restricted view until retention ends, when the retention key is destroyed as well.
A legal hold postpones both steps; restriction applies at once regardless.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from audits.privacy.scope import (
    RETAINED_PREFIX,
    Counts,
    DestroyScope,
    ErasureScope,
    KeyMaterial,
)
from audits.tags import AuditAction, Purpose
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.datakeys import DataKey
from kyc_service.core.db import utcnow
from kyc_service.core.errors import Conflict, NotFound
from kyc_service.customers.models import Customer
from kyc_service.privacy.models import DestructionRecord, LegalHold, PrivacySubject
from kyc_service.privacy.provider import SUBJECTS_TABLE
from kyc_service.privacy.wiring import PrivacyDeps

ERASURE_BASIS = "KVKK Art. 7 and 11(1)(e); GDPR Art. 17(1)"
RETENTION_BASIS = ("retention ended: MASAK Law 5549 Art. 8 / AMLD Art. 40; KVKK Art. 7, "
                   "destruction regulation Art. 11; GDPR Art. 5(1)(e)")
_AFTER_COMMIT = "privacy_after_commit"


def run_after_commit(session: Session, actions: list[Callable[[], None]]) -> None:
    """Delete blobs only once the rows that no longer point at them are committed."""
    session.info.setdefault(_AFTER_COMMIT, []).extend(actions)


@event.listens_for(Session, "after_commit")
def _run_pending(session: Session) -> None:
    for action in session.info.pop(_AFTER_COMMIT, []):
        action()


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_AFTER_COMMIT, None)


def active_hold(session: Session, customer_id: str) -> LegalHold | None:
    return session.scalar(select(LegalHold).where(
        LegalHold.customer_id == customer_id, LegalHold.released_at.is_(None)).limit(1))


def shred_key(key: DataKey, now: datetime) -> None:
    key.wrapped_key = None
    key.master_key_id = None
    key.destroyed_at = now


def restrict(session: Session, customer: Customer, request_id: str, jurisdiction: str,
             relationship_ended_at: datetime, deps: PrivacyDeps) -> PrivacySubject:
    if session.get(PrivacySubject, customer.id) is not None:
        raise Conflict("This customer's erasure was already requested.", code="already_erased")
    subject = PrivacySubject(
        customer_id=customer.id, request_id=request_id, jurisdiction=jurisdiction,
        restricted_at=utcnow(), relationship_ended_at=relationship_ended_at,
        retain_until=deps.settings.retain_until(jurisdiction, relationship_ended_at))
    session.add(subject)
    session.flush()
    return subject


def shred(session: Session, ctx: AuditContext, deps: PrivacyDeps, subject: PrivacySubject,
          run_id: str) -> dict[str, Any]:
    """Re-seal retained records under a new retention key, then destroy the customer key."""
    customer = session.get(Customer, subject.customer_id)
    if customer is None:
        raise NotFound("No such customer.", code="customer_not_found")
    now = utcnow()
    old_row = customer.data_key
    old = KeyMaterial(deps.vault.data_keys.open(old_row), old_row.id)
    new_row, new_dek = deps.vault.data_keys.create(session, owner_type="customer_retention")
    session.flush()
    scope = ErasureScope(session, deps.vault, deps.storage, customer.id, old,
                         KeyMaterial(new_dek, new_row.id), now,
                         aml_identity_fields=deps.settings.aml_identity_fields)
    counts: Counts = {}
    for provider in deps.registry.providers:
        counts.update(provider.erase(scope))
    subject.retention_key_id = new_row.id
    subject.retained_identity_enc = scope.new.cipher(SUBJECTS_TABLE, customer.id).seal(
        "identity", json.dumps(scope.retained, ensure_ascii=False, sort_keys=True))
    customer.data_key = new_row
    shred_key(old_row, now)
    subject.shredded_at = now
    session.flush()
    run_after_commit(session, scope.after_commit)
    destroyed = {k: v for k, v in counts.items() if not k.startswith(RETAINED_PREFIX) and v}
    retained = {k.removeprefix(RETAINED_PREFIX): v for k, v in counts.items()
                if k.startswith(RETAINED_PREFIX)}
    _log(session, run_id, now, "erasure_request", ERASURE_BASIS, {
        **destroyed, "customer data key": 1})
    record(session, ctx, AuditEvent(
        AuditAction.PRIVACY_ERASE, object_type="customer", object_id=customer.id,
        customer_ref=customer.id, purpose=Purpose.DATA_SUBJECT_REQUEST,
        details={"destroyed": destroyed, "retained": retained,
                 "retain_until": subject.retain_until.isoformat(),
                 "retention_key": new_row.id, "shredded_key": old_row.id}))
    return {"destroyed": destroyed, "retained": retained}


def destroy(session: Session, ctx: AuditContext, deps: PrivacyDeps, subject: PrivacySubject,
            run_id: str) -> dict[str, int]:
    """Retention has ended: destroy or anonymise everything, destroy every key."""
    customer = session.get(Customer, subject.customer_id)
    if customer is None:
        raise NotFound("No such customer.", code="customer_not_found")
    now = utcnow()
    scope = DestroyScope(session, deps.storage, customer.id, now)
    counts: Counts = {}
    for provider in deps.registry.providers:
        counts.update(provider.destroy(scope))
    keys = [customer.data_key]
    if subject.retention_key_id and subject.retention_key_id != customer.data_key_id:
        retention = session.get(DataKey, subject.retention_key_id)
        keys += [retention] if retention is not None else []
    # The anonymous stub keeps an empty key of its own so listings keep working; it
    # protects nothing of the former person.
    stub, _ = deps.vault.data_keys.create(session, owner_type="customer_anonymised")
    session.flush()
    customer.data_key = stub
    for key in keys:
        if key.destroyed_at is None:
            shred_key(key, now)
    subject.destroyed_at = subject.shredded_at = now
    session.flush()
    run_after_commit(session, scope.after_commit)
    destroyed = {k: v for k, v in counts.items() if v}
    destroyed["customer data keys"] = len(keys)
    _log(session, run_id, now, "retention_expired", RETENTION_BASIS, destroyed)
    record(session, ctx, AuditEvent(
        AuditAction.PRIVACY_DESTROY, object_type="customer", object_id=customer.id,
        customer_ref=customer.id, details={"destroyed": destroyed, "run_id": run_id}))
    return destroyed


def _log(session: Session, run_id: str, now: datetime, trigger: str, basis: str,
         counts: dict[str, int]) -> None:
    for category, count in sorted(counts.items()):
        method = "crypto_shred" if "key" in category else (
            "anonymise" if "anonymised" in category else "delete")
        session.add(DestructionRecord(
            run_id=run_id, occurred_at=now, trigger=trigger, table_name=_table(category),
            category=category, method=method, record_count=count, legal_basis=basis))


def _table(category: str) -> str:
    for word, table in (("key", "data_keys"), ("document", "documents"),
                        ("re-upload", "reupload_requests"), ("transaction", "aml_transactions"),
                        ("shared", "aml_shared_keys"), ("sanctions", "screening_hits"),
                        ("screening", "screening_fp_decisions"), ("alert", "alerts"),
                        ("identity kept", "privacy_subjects"), ("customer", "customers")):
        if word in category:
            return table
    return "various"

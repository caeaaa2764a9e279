"""Officers read a customer's hits and review each one once: false positive or confirmed.

Reading a hit opens its explanation, which quotes the customer's data, so reads are
audited. A false positive becomes a decision keyed by the hit's match key: the first pair
of eyes. It whitelists the match only once a second person approves it (four-eyes, in
case management, which sets `approved_by`); each hit shows where that stands as its
`whitelist_status`: none, pending (awaiting approval) or approved. A confirmed match
raises a high-scoring alert, which puts (or keeps) the customer in an active case at
the priority that score calls for.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from cases.alerts import AlertSource, raise_alert
from cases.screening_store.hits import TABLE
from cases.screening_store.models import FalsePositiveDecision, HitStatus, ScreeningHit
from cases.screening_store.settings import ScreeningServiceSettings
from kyc_service.core.crypto import FieldCipher
from kyc_service.core.datakeys import DataKey
from kyc_service.core.db import utcnow
from kyc_service.core.errors import Conflict, IntegrityFailure, NotFound, ValidationFailed
from kyc_service.core.vault import Vault

MAX_REASON_LENGTH = 2000
WHITELIST_NONE, WHITELIST_PENDING, WHITELIST_APPROVED = "none", "pending", "approved"


def _cipher(session: Session, vault: Vault, hit: ScreeningHit) -> FieldCipher | None:
    """None once the customer's data key was destroyed (erasure): the text is gone."""
    key = session.get(DataKey, hit.data_key_id)
    try:
        dek = vault.data_keys.open(key) if key is not None else None
    except IntegrityFailure as exc:
        if exc.code != "data_destroyed":
            raise
        dek = None
    return FieldCipher(dek, hit.data_key_id, TABLE, hit.id) if dek is not None else None


def whitelist_status(decision: FalsePositiveDecision | None) -> str:
    if decision is None:
        return WHITELIST_NONE
    return WHITELIST_PENDING if decision.approved_by is None else WHITELIST_APPROVED


def _decisions(session: Session, hit_ids: list[str]) -> dict[str, FalsePositiveDecision]:
    return {d.hit_id: d for d in session.scalars(select(FalsePositiveDecision).where(
        FalsePositiveDecision.hit_id.in_(hit_ids)))}


def hit_view(session: Session, vault: Vault, hit: ScreeningHit,
             decisions: dict[str, FalsePositiveDecision] | None = None) -> dict[str, Any]:
    if decisions is None:
        decisions = _decisions(session, [hit.id])
    cipher = _cipher(session, vault, hit)
    return {
        "id": hit.id, "customer_id": hit.customer_id, "list": hit.list_name,
        "list_version": hit.list_version, "entry_id": hit.entry_id, "name": hit.matched_name,
        "category": hit.category, "entity_type": hit.entity_type, "score": hit.score,
        "why": cipher.open("why", hit.why_enc) if cipher else None,
        "status": hit.status, "created_at": hit.created_at, "updated_at": hit.updated_at,
        "reviewed_by": hit.reviewed_by, "reviewed_at": hit.reviewed_at,
        "review_reason": (cipher.open("review_reason", hit.review_reason_enc)
                          if cipher else None),
        "whitelist_status": whitelist_status(decisions.get(hit.id)),
    }


def customer_hits(session: Session, ctx: AuditContext, vault: Vault, customer_id: str,
                  purpose: str) -> list[dict[str, Any]]:
    """A customer's hits, open ones first, best score first; the read is audited."""
    rows = list(session.scalars(
        select(ScreeningHit).where(ScreeningHit.customer_id == customer_id)
        .order_by(ScreeningHit.status != HitStatus.OPEN, ScreeningHit.score.desc(),
                  ScreeningHit.created_at)))
    record(session, ctx, AuditEvent(
        AuditAction.SCREENING_HIT_READ, object_type="customer", object_id=customer_id,
        customer_ref=customer_id, purpose=purpose,
        details={"hits": len(rows), "fields": ["why", "review_reason"]},
    ))
    decisions = _decisions(session, [row.id for row in rows])
    return [hit_view(session, vault, row, decisions) for row in rows]


def get_hit(session: Session, hit_id: str) -> ScreeningHit:
    hit = session.get(ScreeningHit, hit_id)
    if hit is None:
        raise NotFound("No such screening hit.", code="screening_hit_not_found")
    return hit


def review_hit(session: Session, ctx: AuditContext, vault: Vault, hit_id: str,
               decision: str, reason: str,
               settings: ScreeningServiceSettings | None = None) -> ScreeningHit:
    """Close an open hit as a false positive or a confirmed match, with who, when, why."""
    if decision not in HitStatus.REVIEWED:
        raise ValidationFailed("decision must be false_positive or confirmed.",
                               code="hit_decision_invalid",
                               fields={"decision": ["Not a valid decision."]})
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON_LENGTH:
        raise ValidationFailed(f"A reason of 1-{MAX_REASON_LENGTH} characters is required.",
                               code="hit_reason_required",
                               fields={"reason": ["Required, at most 2000 characters."]})
    hit = session.get(ScreeningHit, hit_id, with_for_update=True)  # one reviewer wins
    if hit is None:
        raise NotFound("No such screening hit.", code="screening_hit_not_found")
    if hit.status != HitStatus.OPEN:
        raise Conflict("This hit was already reviewed.", code="hit_already_reviewed",
                       extra={"current_status": hit.status})
    cipher = _cipher(session, vault, hit)
    if cipher is None:
        raise Conflict("The customer's data was erased.", code="data_destroyed")
    hit.status, hit.reviewed_by, hit.reviewed_at = decision, ctx.actor_id, utcnow()
    hit.review_reason_enc = cipher.seal("review_reason", reason)
    if decision == HitStatus.FALSE_POSITIVE:
        session.add(FalsePositiveDecision(
            match_key_bidx=hit.match_key_bidx, customer_id=hit.customer_id, hit_id=hit.id,
            list_name=hit.list_name, entry_id=hit.entry_id, proposed_by=ctx.actor_id))
    session.flush()
    record(session, ctx, AuditEvent(
        AuditAction.SCREENING_HIT_REVIEW, object_type="screening_hit", object_id=hit.id,
        customer_ref=hit.customer_id,
        details={"decision": decision, "list": hit.list_name, "entry_id": hit.entry_id,
                 "fields": ["review_reason"]},
    ))
    if decision == HitStatus.CONFIRMED:
        _raise_confirmed(session, ctx, hit, settings or ScreeningServiceSettings())
    return hit


def _raise_confirmed(session: Session, ctx: AuditContext, hit: ScreeningHit,
                     settings: ScreeningServiceSettings) -> None:
    """The alert that escalates a confirmed match; ids and list data only."""
    raise_alert(session, ctx, hit.customer_id, AlertSource.SCREENING,
                f"screening_{hit.category}_confirmed", settings.confirmed_score(hit.category),
                {"hit_id": hit.id, "list": hit.list_name, "entry_id": hit.entry_id,
                 "reviewed_by": ctx.actor_id or ""},
                explanation=f"An officer confirmed the match with {hit.list_name} entry "
                            f"{hit.entry_id} ({hit.category})")

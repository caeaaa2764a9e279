"""Four-eyes: decisions that need a second person with the compliance_manager role.

Closing as `str_filed` or `account_restricted`, closing a high-risk case, and whitelisting
a screening hit are proposed by one person and approved by another. The approver's id
must differ from the proposer's (and from the hit's reviewer), whatever roles either
holds; a proposal is bound to the case version it was made on, so a case that moved on
since cannot be closed on stale grounds.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from audits.tags import AuditAction, Purpose
from audits.trail import AuditContext, AuditEvent, record
from cases.casework.models import Case, CaseProposal
from cases.casework.records import (
    CaseText,
    add_event,
    audit,
    case_for_change,
    clean_text,
    flush,
    get_case,
)
from cases.casework.service import close, parse_disposition
from cases.casework.settings import CaseSettings
from cases.casework.views import proposal_view
from cases.casework.workflow import Action, Disposition, next_status
from cases.screening_store.models import FalsePositiveDecision, HitStatus, ScreeningHit
from kyc_service.accounts.roles import Role
from kyc_service.core.db import new_id, utcnow
from kyc_service.core.errors import Conflict, NotFound, PermissionDenied

CLOSE, WHITELIST = "close", "whitelist_hit"
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


def _pending_conflict() -> Conflict:
    return Conflict("A proposal is already waiting for approval.", code="proposal_pending")


def propose_close(session: Session, ctx: AuditContext, text: CaseText, case_id: str,
                  version: int, disposition: str, rationale: str | None) -> CaseProposal:
    """Ask a manager to approve a closure; the case stays where it is until then."""
    case = case_for_change(session, case_id, version)
    next_status(case.status, Action.CLOSE)
    chosen = parse_disposition(disposition)
    note = clean_text(rationale, required=True, field="rationale")
    proposal = CaseProposal(id=new_id(), kind=CLOSE, case_id=case.id,
                            customer_id=case.customer_id, disposition=chosen.value,
                            status=PENDING, proposed_by=ctx.actor_id, proposed_at=utcnow())
    proposal.rationale_enc = text.seal(session, case.customer_id, "case_proposals",
                                       proposal.id, "rationale", note)
    case.updated_at = utcnow()  # proposing is a change: it moves the version on
    add_event(session, ctx, case, "closure_proposed",
              details={"proposal_id": proposal.id, "disposition": chosen.value})
    try:
        with session.begin_nested():
            session.add(proposal)
            session.flush()
    except IntegrityError:
        raise _pending_conflict() from None
    flush(session)
    proposal.case_version = case.version
    session.flush()
    audit(session, ctx, AuditAction.CASE_PROPOSE, case, proposal_id=proposal.id,
          kind=CLOSE, disposition=chosen.value)
    return proposal


def propose_whitelist(session: Session, ctx: AuditContext, text: CaseText, hit_id: str,
                      rationale: str | None) -> CaseProposal:
    """Ask a manager to whitelist a hit reviewed as a false positive; until approved,
    re-screening keeps the match visible (`screening_store.hits`)."""
    note = clean_text(rationale, required=True, field="rationale")
    hit = session.get(ScreeningHit, hit_id)
    if hit is None:
        raise NotFound("No such screening hit.", code="screening_hit_not_found")
    decision = _decision(session, hit)
    if decision.approved_by is not None:
        raise Conflict("This whitelisting is already approved.", code="already_approved")
    proposal = CaseProposal(id=new_id(), kind=WHITELIST, hit_id=hit.id,
                            customer_id=hit.customer_id, status=PENDING,
                            proposed_by=ctx.actor_id, proposed_at=utcnow())
    proposal.rationale_enc = text.seal(session, hit.customer_id, "case_proposals",
                                       proposal.id, "rationale", note)
    try:
        with session.begin_nested():
            session.add(proposal)
            session.flush()
    except IntegrityError:
        raise _pending_conflict() from None
    _audit_hit(session, ctx, AuditAction.CASE_PROPOSE, proposal)
    return proposal


def _decision(session: Session, hit: ScreeningHit) -> FalsePositiveDecision:
    decision = session.scalar(select(FalsePositiveDecision).where(
        FalsePositiveDecision.hit_id == hit.id))
    if hit.status != HitStatus.FALSE_POSITIVE or decision is None:
        raise Conflict("Review the hit as a false positive first.",
                       code="hit_not_false_positive")
    return decision


def _pending(session: Session, proposal_id: str) -> CaseProposal:
    proposal = session.get(CaseProposal, proposal_id, with_for_update=True)
    if proposal is None:
        raise NotFound("No such proposal.", code="proposal_not_found")
    if proposal.status != PENDING:
        raise Conflict("This proposal was already decided.", code="proposal_decided",
                       extra={"status": proposal.status})
    return proposal


def _second_person(session: Session, ctx: AuditContext, proposal: CaseProposal,
                   approver_roles: Collection[str]) -> None:
    """(1) a compliance manager, (2) not the proposer, (3) not the hit's reviewer."""
    if Role.COMPLIANCE_MANAGER.value not in approver_roles:
        raise PermissionDenied("Only a compliance manager decides proposals.",
                               code="manager_only")
    if ctx.actor_id is None or ctx.actor_id == proposal.proposed_by:
        raise PermissionDenied("You cannot decide your own proposal (four-eyes).",
                               code="four_eyes_same_person")
    if proposal.kind == WHITELIST and proposal.hit_id is not None:
        hit = session.get_one(ScreeningHit, proposal.hit_id)
        if ctx.actor_id == hit.reviewed_by:
            raise PermissionDenied("The hit's reviewer cannot approve its whitelisting.",
                                   code="four_eyes_reviewer")


def approve(session: Session, ctx: AuditContext, text: CaseText, settings: CaseSettings,
            proposal_id: str, approver_roles: Collection[str]) -> CaseProposal:
    proposal = _pending(session, proposal_id)
    _second_person(session, ctx, proposal, approver_roles)
    now = utcnow()
    if proposal.kind == CLOSE:
        case = get_case(session, proposal.case_id or "", lock=True)
        if case.version != proposal.case_version:
            raise Conflict("The case changed after the proposal; propose again.",
                           code="proposal_outdated",
                           extra={"current_version": case.version})
        rationale = text.open(session, case.customer_id, "case_proposals", proposal.id,
                              "rationale", proposal.rationale_enc) or ""
        proposal.status, proposal.decided_by, proposal.decided_at = APPROVED, ctx.actor_id, now
        assert proposal.disposition is not None  # propose_close always sets it on CLOSE
        close(session, ctx, text, settings, case, Disposition(proposal.disposition),
              rationale, approved_by=ctx.actor_id, decided_by=proposal.proposed_by)
        audit(session, ctx, AuditAction.CASE_APPROVE, case, proposal_id=proposal.id,
              kind=CLOSE, proposed_by=proposal.proposed_by)
        return proposal
    hit = session.get_one(ScreeningHit, proposal.hit_id)
    decision = _decision(session, hit)
    decision.approved_by, decision.approved_at = ctx.actor_id, now
    proposal.status, proposal.decided_by, proposal.decided_at = APPROVED, ctx.actor_id, now
    session.flush()
    _audit_hit(session, ctx, AuditAction.CASE_APPROVE, proposal)
    return proposal


def reject(session: Session, ctx: AuditContext, text: CaseText, proposal_id: str,
           approver_roles: Collection[str], note: str | None) -> CaseProposal:
    """Refuse a proposal; a refused whitelisting reopens the hit for screening."""
    proposal = _pending(session, proposal_id)
    _second_person(session, ctx, proposal, approver_roles)
    reason = clean_text(note, required=True, field="note")
    proposal.status, proposal.decided_by, proposal.decided_at = REJECTED, ctx.actor_id, utcnow()
    proposal.decision_note_enc = text.seal(session, proposal.customer_id, "case_proposals",
                                           proposal.id, "decision_note", reason)
    if proposal.kind == CLOSE:
        case: Case = get_case(session, proposal.case_id or "")
        add_event(session, ctx, case, "closure_rejected", text=text, note=reason,
                  details={"proposal_id": proposal.id})
        session.flush()
        audit(session, ctx, AuditAction.CASE_REJECT, case, proposal_id=proposal.id,
              kind=CLOSE)
        return proposal
    hit = session.get_one(ScreeningHit, proposal.hit_id)
    session.delete(_decision(session, hit))
    hit.status = HitStatus.OPEN
    session.flush()
    _audit_hit(session, ctx, AuditAction.CASE_REJECT, proposal)
    return proposal


def _audit_hit(session: Session, ctx: AuditContext, action: AuditAction,
               proposal: CaseProposal) -> None:
    record(session, ctx, AuditEvent(action, object_type="screening_hit",
                                    object_id=proposal.hit_id,
                                    customer_ref=proposal.customer_id,
                                    details={"proposal_id": proposal.id, "kind": WHITELIST}))


def pending_proposals(session: Session, limit: int = 200) -> list[CaseProposal]:
    return list(session.scalars(select(CaseProposal).where(CaseProposal.status == PENDING)
                                .order_by(CaseProposal.proposed_at).limit(limit)))


def pending_whitelists(session: Session, ctx: AuditContext, text: CaseText,
                       case: Case) -> dict[str, dict[str, Any]]:
    """Pending whitelistings of the case's customer's hits, by hit id, rationale opened
    for the manager who decides them (an audited read when there is any)."""
    rows = list(session.scalars(select(CaseProposal).where(
        CaseProposal.customer_id == case.customer_id, CaseProposal.kind == WHITELIST,
        CaseProposal.status == PENDING).order_by(CaseProposal.proposed_at)))
    if rows:
        record(session, ctx, AuditEvent(
            AuditAction.CASE_READ, object_type="case", object_id=case.id,
            customer_ref=case.customer_id, purpose=Purpose.AML_INVESTIGATION.value,
            details={"fields": ["whitelist_rationale"],
                     "proposal_ids": [row.id for row in rows]}))
    return {row.hit_id or "": proposal_view(session, text, row) for row in rows}


def decision_case(session: Session, proposal: CaseProposal, case_hint: str | None) -> str:
    """The case page a proposal is decided from: a closure's own case; for a whitelisting
    the hinted case if it is about the hit's customer, else that customer's latest case."""
    if proposal.case_id is not None:
        return proposal.case_id
    hinted = session.get(Case, case_hint) if case_hint else None
    if hinted is not None and hinted.customer_id == proposal.customer_id:
        return hinted.id
    latest = session.scalar(select(Case.id).where(Case.customer_id == proposal.customer_id)
                            .order_by(Case.opened_at.desc()).limit(1))
    if latest is None:
        raise NotFound("No case shows this proposal.", code="proposal_not_found")
    return latest

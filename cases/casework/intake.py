"""How cases come to be: alerts gather in the customer's one active case, officers open
cases by hand, merge two cases and link other customers to a case."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext
from cases.alerts.models import Alert, AlertStatus
from cases.casework.attachments import move_to_merged_target
from cases.casework.models import Case, CaseAlert, CaseCustomer
from cases.casework.records import (
    CaseText,
    add_event,
    audit,
    case_for_change,
    clean_text,
    flush,
)
from cases.casework.settings import PRIORITIES, CaseSettings
from cases.casework.workflow import ACTIVE, Action, Status, next_status
from kyc_service.core.db import new_id, utcnow
from kyc_service.core.errors import Conflict, NotFound, ValidationFailed
from kyc_service.customers.models import Customer

SHORT_ID, ID_LENGTH = 8, 36  # pages show a case id's first 8 characters
LINK_KINDS = ("shared_instrument", "shared_device", "shared_ip", "shared_document",
              "merged", "other")


def active_case(session: Session, customer_id: str, *, lock: bool = False) -> Case | None:
    query = select(Case).where(Case.customer_id == customer_id, Case.status.in_(ACTIVE))
    return session.scalar(query.with_for_update() if lock else query)


def _new_case(session: Session, ctx: AuditContext, customer_id: str, origin: str,
              settings: CaseSettings, score: int) -> Case:
    """Insert in a savepoint: a concurrent writer that got there first wins quietly."""
    now = utcnow()
    priority = settings.priority_for(score)
    case = Case(id=new_id(), customer_id=customer_id, status=Status.OPEN, priority=priority,
                risk_score=score, origin=origin, opened_by=ctx.actor_id, opened_at=now,
                due_at=settings.due_at(priority, now), updated_at=now, version=1)
    try:
        with session.begin_nested():
            session.add(case)
    except IntegrityError:
        existing = active_case(session, customer_id, lock=True)
        if existing is None:
            raise
        return existing
    add_event(session, ctx, case, "opened", to_status=Status.OPEN, details={"origin": origin})
    audit(session, ctx, AuditAction.CASE_OPEN, case, origin=origin, priority=priority)
    return case


def rescore(session: Session, case: Case, settings: CaseSettings) -> None:
    """Risk = the highest score among the case's alerts; a more urgent priority pulls
    the due date in (never pushes it out)."""
    score = session.scalar(select(func.max(Alert.score)).join(
        CaseAlert, CaseAlert.alert_id == Alert.id).where(CaseAlert.case_id == case.id)) or 0
    score = max(score, case.risk_score if case.origin == "manual" else 0)
    priority = settings.priority_for(score)
    if score != case.risk_score:
        case.risk_score = score
    if PRIORITIES.index(priority) < PRIORITIES.index(case.priority):
        case.priority = priority
        case.due_at = min(case.due_at, settings.due_at(priority, utcnow()))


def attach_alert(session: Session, ctx: AuditContext, alert: Alert,
                 settings: CaseSettings | None = None) -> Case:
    """Put an open alert into its customer's active case, opening one if there is none."""
    settings = settings or CaseSettings()
    session.flush()  # the alert row must exist before a case row points at it
    attached = session.get(CaseAlert, alert.id)
    if attached is not None:
        return session.get_one(Case, attached.case_id)
    case = active_case(session, alert.customer_id, lock=True)
    if case is None:
        case = _new_case(session, ctx, alert.customer_id, "alerts", settings, alert.score)
    session.add(CaseAlert(alert_id=alert.id, case_id=case.id, attached_at=utcnow()))
    session.flush()
    rescore(session, case, settings)
    case.updated_at = utcnow()
    add_event(session, ctx, case, "alert_attached",
              details={"alert_id": alert.id, "code": alert.code, "score": alert.score})
    flush(session)
    audit(session, ctx, AuditAction.CASE_ALERT_ATTACH, case, alert_id=alert.id,
          code=alert.code)
    return case


def sync_open_alerts(session: Session, ctx: AuditContext,
                     settings: CaseSettings | None = None, limit: int = 10_000) -> int:
    """Attach open alerts that belong to no case (raised before cases existed)."""
    loose = session.scalars(
        select(Alert).outerjoin(CaseAlert, CaseAlert.alert_id == Alert.id)
        .where(Alert.status == AlertStatus.OPEN, CaseAlert.alert_id.is_(None))
        .order_by(Alert.created_at).limit(limit)).all()
    for alert in loose:
        attach_alert(session, ctx, alert, settings)
    return len(loose)


def open_case(session: Session, ctx: AuditContext, text: CaseText, settings: CaseSettings,
              customer_id: str, reason: str | None, alert_ids: tuple[str, ...] = (),
              score: int = 0) -> Case:
    """An officer opens a case by hand; the customer must have no active case."""
    reason = clean_text(reason, required=True, field="reason")
    if session.get(Customer, customer_id) is None:
        raise NotFound("No such customer.", code="customer_not_found")
    existing = active_case(session, customer_id)
    if existing is not None:
        raise Conflict("This customer already has an active case.",
                       code="active_case_exists", extra={"case_id": existing.id})
    case = _new_case(session, ctx, customer_id, "manual", settings, score)
    if case.origin != "manual":  # lost a race to an alert: same answer as above
        raise Conflict("This customer already has an active case.",
                       code="active_case_exists", extra={"case_id": case.id})
    add_event(session, ctx, case, "reason", text=text, note=reason)
    for alert_id in alert_ids:
        alert = session.get(Alert, alert_id)
        if alert is None or alert.customer_id != customer_id:
            raise ValidationFailed("Alerts must belong to the case's customer.",
                                   fields={"alert_ids": [alert_id]})
        attach_alert(session, ctx, alert, settings)
    flush(session)
    return case


def link_customer(session: Session, ctx: AuditContext, case_id: str, customer_id: str,
                  kind: str, version: int | None = None) -> CaseCustomer:
    """Link another customer (shared instrument, device, document...) to a case.

    A new link is a change of the case (its version moves on); with `version` the
    caller's read is checked first, as the officers' form does.
    """
    if kind not in LINK_KINDS:
        raise ValidationFailed("Unknown link kind.", fields={"kind": list(LINK_KINDS)})
    if version is not None:
        case = case_for_change(session, case_id, version)
    elif (found := session.get(Case, case_id)) is not None:
        case = found
    else:
        raise NotFound("No such case.", code="case_not_found")
    if session.get(Customer, customer_id) is None:
        raise NotFound("No such customer.", code="customer_not_found")
    if customer_id == case.customer_id:
        raise ValidationFailed("The case's own customer cannot be linked to it.",
                               code="link_own_customer",
                               fields={"customer_id": ["Same as the case's customer."]})
    link = session.get(CaseCustomer, (case_id, customer_id))
    if link is None:
        link = CaseCustomer(case_id=case_id, customer_id=customer_id, kind=kind,
                            linked_by=ctx.actor_id, linked_at=utcnow())
        session.add(link)
        case.updated_at = utcnow()
        add_event(session, ctx, case, "customer_linked",
                  details={"customer_id": customer_id, "kind": kind})
        flush(session)
        audit(session, ctx, AuditAction.CASE_LINK, case, linked_customer=customer_id,
              kind=kind)
    return link


def merge_cases(session: Session, ctx: AuditContext, settings: CaseSettings,
                source_id: str, source_version: int, target_id: str,
                target_version: int, *, text: CaseText | None = None,
                reason: str | None = None) -> Case:
    """Fold `source` into `target`: its alerts, links and files move, it ends as `merged`.

    An officer's `reason` (sealed, so it needs `text`) goes on both timelines."""
    if source_id == target_id:
        raise ValidationFailed("A case cannot be merged into itself.", code="merge_self")
    note = clean_text(reason, required=False, field="reason")
    source = case_for_change(session, source_id, source_version)
    target = case_for_change(session, target_id, target_version)
    if target.status not in ACTIVE:
        raise Conflict("Cases merge only into an active case.", code="merge_target_closed")
    new_status = next_status(source.status, Action.MERGE)
    for row in session.scalars(select(CaseAlert).where(CaseAlert.case_id == source.id)):
        row.case_id = target.id
    links = session.scalars(select(CaseCustomer).where(CaseCustomer.case_id == source.id))
    moved = {link.customer_id: link.kind for link in links}
    for link in session.scalars(select(CaseCustomer).where(CaseCustomer.case_id == source.id)):
        session.delete(link)
    if source.customer_id != target.customer_id:
        moved.setdefault(source.customer_id, "merged")
    session.flush()
    for customer_id, kind in moved.items():
        if customer_id != target.customer_id and session.get(
                CaseCustomer, (target.id, customer_id)) is None:
            session.add(CaseCustomer(case_id=target.id, customer_id=customer_id, kind=kind,
                                     linked_by=ctx.actor_id, linked_at=utcnow()))
    files = move_to_merged_target(session, source, target)
    old = source.status
    source.status, source.merged_into_id = new_status, target.id
    source.closed_at = source.updated_at = target.updated_at = utcnow()
    source.closed_by = ctx.actor_id
    session.flush()
    rescore(session, target, settings)
    add_event(session, ctx, source, "merged", text=text, note=note, from_status=old,
              to_status=new_status, details={"into": target.id})
    add_event(session, ctx, target, "merged_in", text=text, note=note,
              details={"from": source.id, "attachment_ids": files})
    flush(session)
    audit(session, ctx, AuditAction.CASE_MERGE, target, merged_case=source.id,
          attachments_moved=len(files))
    return target


def find_case(session: Session, reference: str) -> Case:
    """A case by its whole id, or by the first characters of it that pages show."""
    reference = reference.strip().lower()
    if len(reference) == ID_LENGTH:
        found = session.get(Case, reference)
        matches = [found] if found is not None else []
    elif SHORT_ID <= len(reference) < ID_LENGTH:
        matches = list(session.scalars(select(Case).where(
            Case.id.startswith(reference, autoescape=True)).limit(2)))
    else:
        matches = []
    if len(matches) != 1:
        raise ValidationFailed("No single case has this id.",
                               code="case_ref_ambiguous" if matches else "case_ref_unknown",
                               fields={"case_id": ["Unknown or ambiguous."]})
    return matches[0]

"""The periodic destruction job and the KVKK destruction report.

`destroy_expired` (run by `kyc privacy destroy-expired`, from cron or a timer at the
configured interval, at most every 6 months) (1) finishes erasures a released legal
hold had postponed, (2) destroys what has passed its AML retention period unless a hold
stands, (3) deletes closed re-upload links past their retention; every destruction is
logged with category, count, legal basis and time, and the report is built from the log.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, or_, select
from sqlalchemy.orm import Session

from audits.models import AuditEntry
from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.db import new_id, utcnow
from kyc_service.documents.reupload import RequestStatus, ReuploadRequest
from kyc_service.privacy.erasure import active_hold, destroy
from kyc_service.privacy.models import DestructionRecord, PrivacySubject
from kyc_service.privacy.requests import complete_blocked
from kyc_service.privacy.wiring import PrivacyDeps

LINKS_BASIS = "purpose ended: KVKK Art. 7; GDPR Art. 5(1)(e)"
REPORT_COLUMNS = ("run_id", "occurred_at", "trigger", "table", "category", "method",
                  "record_count", "legal_basis")


@dataclass
class RunSummary:
    run_id: str
    started_at: datetime
    erasures_completed: int = 0
    subjects_destroyed: int = 0
    held: int = 0
    links_deleted: int = 0
    details: list[str] = field(default_factory=list)


def destroy_expired(session: Session, ctx: AuditContext, deps: PrivacyDeps,
                    now: datetime | None = None) -> RunSummary:
    now = now or utcnow()
    summary = RunSummary(new_id(), now)
    for subject in session.scalars(select(PrivacySubject).where(  # (1)
            PrivacySubject.shredded_at.is_(None), PrivacySubject.destroyed_at.is_(None))).all():
        if subject.retain_until > now and active_hold(session, subject.customer_id) is None:
            complete_blocked(session, ctx, deps, subject, summary.run_id)
            summary.erasures_completed += 1
    for subject in session.scalars(select(PrivacySubject).where(  # (2)
            PrivacySubject.retain_until <= now, PrivacySubject.destroyed_at.is_(None))).all():
        if active_hold(session, subject.customer_id) is not None:
            summary.held += 1
            continue
        destroy(session, ctx, deps, subject, summary.run_id)
        summary.subjects_destroyed += 1
    cutoff = now - timedelta(days=deps.settings.reupload_retention_days)  # (3)
    summary.links_deleted = cast(CursorResult[Any], session.execute(delete(ReuploadRequest).where(
        or_(ReuploadRequest.status != RequestStatus.OPEN, ReuploadRequest.expires_at < now),
        ReuploadRequest.created_at < cutoff))).rowcount
    if summary.links_deleted:
        session.add(DestructionRecord(
            run_id=summary.run_id, occurred_at=now, trigger="retention_expired",
            table_name="reupload_requests", category="re-upload links", method="delete",
            record_count=summary.links_deleted, subject_count=0, legal_basis=LINKS_BASIS))
    record(session, ctx, AuditEvent(AuditAction.PRIVACY_DESTROY, object_type="destruction_run",
                                    object_id=summary.run_id, details={
                                        "erasures_completed": summary.erasures_completed,
                                        "subjects_destroyed": summary.subjects_destroyed,
                                        "held": summary.held,
                                        "links_deleted": summary.links_deleted}))
    return summary


def last_run_at(session: Session) -> datetime | None:
    """When the last run happened, even one that found nothing to destroy: every run
    leaves its entry in the audit trail."""
    return session.scalar(select(func.max(AuditEntry.occurred_at)).where(
        AuditEntry.action == AuditAction.PRIVACY_DESTROY.value,
        AuditEntry.object_type == "destruction_run"))


def is_due(session: Session, deps: PrivacyDeps, now: datetime | None = None) -> bool:
    last = last_run_at(session)
    return last is None or (now or utcnow()) - last >= timedelta(
        days=deps.settings.destruction_interval_days)


def destruction_report(session: Session, since: datetime | None = None,
                       until: datetime | None = None) -> dict[str, Any]:
    query = select(DestructionRecord).order_by(DestructionRecord.occurred_at,
                                               DestructionRecord.category)
    if since is not None:
        query = query.where(DestructionRecord.occurred_at >= since)
    if until is not None:
        query = query.where(DestructionRecord.occurred_at < until)
    rows: list[dict[str, Any]] = [{"run_id": r.run_id, "occurred_at": r.occurred_at.isoformat(),
             "trigger": r.trigger, "table": r.table_name, "category": r.category,
             "method": r.method, "record_count": r.record_count, "legal_basis": r.legal_basis}
            for r in session.scalars(query)]
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["category"]] = totals.get(row["category"], 0) + row["record_count"]
    return {"format": "kvkk-destruction-report/v1", "generated_at": utcnow().isoformat(),
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
            "totals_by_category": totals, "records": rows}


def report_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for row in report["records"]:
        writer.writerow([row[c] for c in REPORT_COLUMNS])
    return out.getvalue()

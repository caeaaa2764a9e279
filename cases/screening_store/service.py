"""Screening people against the lists in force: at customer creation and update (a
customer hook), everyone again after a list changes, and ad-hoc checks by officers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from audits.tags import AuditAction, Purpose
from audits.trail import AuditContext, AuditEvent, record
from cases.screening import Hit
from cases.screening_store.cache import LoadedIndex, current_index, warm_index
from cases.screening_store.hits import ScreeningOutcome, record_hits
from cases.screening_store.models import ScreeningListVersion
from cases.screening_store.people import (
    SCREENED_FIELDS,
    PeopleSource,
    ScreenedPerson,
    person_from_record,
)
from kyc_service.core.db import transaction, utcnow
from kyc_service.core.vault import Vault


def screen_person(session: Session, ctx: AuditContext, vault: Vault, person: ScreenedPerson,
                  loaded: LoadedIndex | None = None) -> ScreeningOutcome:
    """Screen one person against the lists in force and store what is new."""
    loaded = loaded or current_index(session)
    if loaded.index is None or not person.full_name:
        return ScreeningOutcome()
    hits = loaded.screen(person.full_name, person.birth_date, person.nationality)
    return record_hits(session, ctx, vault, person, hits, loaded.versions)


class ScreeningHook:
    """A customer hook: screen after create or update when a screened field changed."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def __call__(self, session: Session, ctx: AuditContext, customer: Any,
                 record_: dict[str, Any], changed: frozenset[str]) -> None:
        if changed & SCREENED_FIELDS:
            person = person_from_record(customer.id, customer.data_key, record_)
            screen_person(session, ctx, self.vault, person)


@dataclass
class RescreenReport:
    customers: int = 0
    hits_raised: int = 0
    already_known: int = 0
    suppressed: int = 0
    pending_approval: int = 0
    lists: dict[str, str] = field(default_factory=dict)


Progress = Callable[[RescreenReport], None]


def rescreen_everyone(
    session_factory: sessionmaker[Session], ctx: AuditContext, vault: Vault,
    source: PeopleSource, batch_size: int, progress: Progress | None = None,
) -> RescreenReport:
    """Screen every person the source yields, one transaction and one audit entry per
    batch (with the customer ids screened), then stamp the lists as re-screened.

    Idempotent: an interrupted run is simply run again.
    """
    report = RescreenReport()
    warm_index(session_factory)  # a rebuild happens here, outside any batch transaction
    after: str | None = None
    while True:
        with transaction(session_factory) as session:
            loaded = current_index(session)
            report.lists = dict(loaded.versions)
            people, cursor = source(session, after, batch_size)
            if cursor is None:
                session.execute(update(ScreeningListVersion)
                                .where(ScreeningListVersion.active.is_(True))
                                .values(rescreened_at=utcnow()))
                return report
            batch = ScreeningOutcome()
            for person in people:
                batch.add(screen_person(session, ctx, vault, person, loaded))
            record(session, ctx, AuditEvent(
                AuditAction.SCREENING_RESCREEN, object_type="customer",
                purpose=Purpose.SANCTIONS_SCREENING.value,
                details={"customers": len(people), "lists": report.lists,
                         "customer_ids": [p.customer_id for p in people],
                         "hits_raised": len(batch.raised)},
            ))
        report.customers += len(people)
        report.hits_raised += len(batch.raised)
        report.already_known += batch.already_known
        report.suppressed += batch.suppressed
        report.pending_approval += batch.pending_approval
        after = cursor
        if progress is not None:
            progress(report)


def check_name(session: Session, ctx: AuditContext, name: str, birth_date: str | None = None,
               nationality: str | None = None) -> tuple[list[Hit], Mapping[str, str]]:
    """An officer's ad-hoc check; audited without the name (only counts and versions)."""
    loaded = current_index(session)
    hits = loaded.screen(name, birth_date, nationality)
    qualifiers = sorted(k for k, v in (("birth_date", birth_date), ("nationality", nationality))
                        if v)
    record(session, ctx, AuditEvent(
        AuditAction.SCREENING_CHECK, object_type="screening_check",
        purpose=Purpose.SANCTIONS_SCREENING.value,
        details={"names": 1, "hits": len(hits), "lists": loaded.versions,
                 "qualifiers": qualifiers},
    ))
    return hits, loaded.versions


def record_batch_check(session: Session, ctx: AuditContext, names: int, hits: int,
                       versions: Mapping[str, str]) -> None:
    record(session, ctx, AuditEvent(
        AuditAction.SCREENING_CHECK, object_type="screening_check",
        purpose=Purpose.SANCTIONS_SCREENING.value,
        details={"names": names, "hits": hits, "lists": dict(versions)},
    ))


def hit_summary(hit: Hit) -> dict[str, Any]:
    """What an ad-hoc check shows per hit (the batch CLI's JSON shape, plus category)."""
    return {"list": hit.list_name, "entry_id": hit.entry_id, "name": hit.matched_name,
            "score": hit.score, "why": hit.why, "category": str(hit.category),
            "entity_type": str(hit.entity_type)}

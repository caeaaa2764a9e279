"""Storing a person's hits, and officers' reviews of them.

A hit is stored once per (customer, match key). The match key changes when the list
entry or the person's normalised name, birth date or nationality changes; so a hit
whitelisted as a false positive is not raised again until one of those moves, and a
re-screen that finds nothing new writes nothing. Every hit raised or refreshed also
opens or extends the customer's screening alert (`cases.alerts`).

Whitelisting is four-eyes: an officer's false-positive review is only a proposal until a
second person (a compliance manager, see `cases.casework.approvals`) approves it. Until
then a re-screen that finds the same match does not suppress it: it keeps the
customer's screening alert open (re-opening one if it was closed meanwhile).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from cases.alerts import Alert, AlertSource, AlertStatus, raise_alert
from cases.screening import Hit
from cases.screening_store.models import FalsePositiveDecision, HitStatus, ScreeningHit
from cases.screening_store.people import ScreenedPerson
from kyc_service.core.crypto import FieldCipher
from kyc_service.core.db import new_id
from kyc_service.core.vault import Vault

TABLE = "screening_hits"
MATCH_KEY_INDEX = "screening_match"


@dataclass
class ScreeningOutcome:
    raised: list[ScreeningHit] = field(default_factory=list)
    already_known: int = 0
    suppressed: int = 0  # whitelisted earlier: false positive, approved by a manager
    pending_approval: int = 0  # reviewed as false positive, whitelisting not approved yet

    def add(self, other: ScreeningOutcome) -> None:
        self.raised.extend(other.raised)
        self.already_known += other.already_known
        self.suppressed += other.suppressed
        self.pending_approval += other.pending_approval


def hit_cipher(vault: Vault, person: ScreenedPerson, hit_id: str) -> FieldCipher:
    key = person.data_key
    return FieldCipher(vault.data_keys.open(key), key.id, TABLE, hit_id)


def match_key_index(vault: Vault, customer_id: str, match_key: str) -> str:
    """Keyed and per customer: the key hashes personal data, and one customer's
    decision must never clear another's hit."""
    return vault.blind_index(MATCH_KEY_INDEX, f"{customer_id}\n{match_key}")


def record_hits(
    session: Session, ctx: AuditContext, vault: Vault, person: ScreenedPerson,
    hits: Sequence[Hit], list_versions: dict[str, str],
) -> ScreeningOutcome:
    """Store the hits that are new for this person; an open hit on the same list entry is
    refreshed in place (one open hit per entry), reviewed ones are never touched."""
    outcome = ScreeningOutcome()
    if not hits:
        return outcome
    keyed = {match_key_index(vault, person.customer_id, hit.match_key): hit for hit in hits}
    decisions: dict[str, str | None] = {key: approver for key, approver in session.execute(
        select(FalsePositiveDecision.match_key_bidx, FalsePositiveDecision.approved_by)
        .where(FalsePositiveDecision.match_key_bidx.in_(keyed)))}
    stored = list(session.scalars(select(ScreeningHit).where(
        ScreeningHit.customer_id == person.customer_id,
        or_(ScreeningHit.match_key_bidx.in_(keyed), ScreeningHit.status == HitStatus.OPEN))))
    known = {row.match_key_bidx: row for row in stored}
    open_rows = {(row.list_name, row.entry_id): row for row in stored
                 if row.status == HitStatus.OPEN}
    pending: list[ScreeningHit] = []
    for key, hit in keyed.items():
        if decisions.get(key) is not None:  # whitelisted by a second person
            outcome.suppressed += 1
            continue
        if key in decisions and key in known:  # one pair of eyes only: stays visible
            outcome.pending_approval += 1
            pending.append(known[key])
            continue
        if key in known:
            outcome.already_known += 1
            continue
        row = open_rows.get((hit.list_name, hit.entry_id))
        if row is None:
            row = ScreeningHit(id=new_id(), customer_id=person.customer_id,
                               data_key_id=person.data_key.id, status=HitStatus.OPEN)
            session.add(row)
        row.list_name, row.entry_id = hit.list_name, hit.entry_id
        row.list_version = list_versions.get(hit.list_name, "")
        row.category, row.entity_type = str(hit.category), str(hit.entity_type)
        row.matched_name, row.score, row.match_key_bidx = hit.matched_name, hit.score, key
        row.why_enc = hit_cipher(vault, person, row.id).seal("why", hit.why)
        outcome.raised.append(row)
    session.flush()
    for row in outcome.raised:
        record(session, ctx, AuditEvent(
            AuditAction.SCREENING_HIT_RAISE, object_type="screening_hit", object_id=row.id,
            customer_ref=row.customer_id,
            details={"list": row.list_name, "entry_id": row.entry_id,
                     "list_version": row.list_version, "score": str(row.score)},
        ))
        raise_screening_alert(session, ctx, row)
    for row in pending:
        if not _alert_open(session, row):
            raise_screening_alert(session, ctx, row, whitelist_pending=True)
    return outcome


def _alert_code(hit: ScreeningHit) -> str:
    return f"screening_{hit.category}"


def _alert_open(session: Session, hit: ScreeningHit) -> bool:
    return session.scalar(select(Alert.id).where(
        Alert.customer_id == hit.customer_id, Alert.source == AlertSource.SCREENING.value,
        Alert.code == _alert_code(hit), Alert.status == AlertStatus.OPEN).limit(1)) is not None


def raise_screening_alert(session: Session, ctx: AuditContext, hit: ScreeningHit, *,
                          whitelist_pending: bool = False) -> None:
    """Open (or extend) the customer's screening alert for this hit's category; the
    evidence carries ids and list data only, never the customer's name."""
    evidence = {"hit_id": hit.id, "list": hit.list_name, "entry_id": hit.entry_id,
                "list_version": hit.list_version, "score": str(hit.score)}
    explanation = (f"Name matches {hit.list_name} entry {hit.entry_id} "
                   f"({hit.category}), score {hit.score:g}")
    if whitelist_pending:
        evidence["whitelist"] = "pending_approval"
        explanation += "; reviewed as a false positive, whitelisting awaits approval"
    raise_alert(session, ctx, hit.customer_id, AlertSource.SCREENING, _alert_code(hit),
                round(hit.score), evidence, explanation=explanation)

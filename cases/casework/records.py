"""Shared steps of every case change: load with a version check, seal officers' text,
append to the case timeline and the audit trail, flush with stale-write detection."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from cases.casework.models import Case, CaseEvent
from kyc_service.core.crypto import FieldCipher
from kyc_service.core.db import new_id, utcnow
from kyc_service.core.errors import Conflict, IntegrityFailure, NotFound, ValidationFailed
from kyc_service.core.vault import Vault
from kyc_service.customers.models import Customer

MAX_TEXT = 4000


class CaseText:
    """Seals and opens officers' free text with the subject customer's data key."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault

    def _cipher(self, session: Session, customer_id: str, table: str,
                row_id: str) -> FieldCipher | None:
        customer = session.get(Customer, customer_id)
        if customer is None:
            return None
        try:
            dek = self.vault.data_keys.open(customer.data_key)
        except IntegrityFailure as exc:
            if exc.code != "data_destroyed":
                raise
            return None  # erased: the text went with the key
        return FieldCipher(dek, customer.data_key_id, table, row_id)

    def seal(self, session: Session, customer_id: str, table: str, row_id: str,
             column: str, value: str | None) -> bytes | None:
        if value is None:
            return None
        cipher = self._cipher(session, customer_id, table, row_id)
        if cipher is None:
            raise Conflict("The customer's data was erased.", code="data_destroyed")
        return cipher.seal(column, value)

    def open(self, session: Session, customer_id: str, table: str, row_id: str,
             column: str, blob: bytes | None) -> str | None:
        if blob is None:
            return None
        cipher = self._cipher(session, customer_id, table, row_id)
        return cipher.open(column, blob) if cipher is not None else None

    def seal_bytes(self, session: Session, customer_id: str, table: str, row_id: str,
                   column: str, data: bytes) -> bytes:
        """Seal a file (evidence attached to a case) like the text around it."""
        cipher = self._cipher(session, customer_id, table, row_id)
        if cipher is None:
            raise Conflict("The customer's data was erased.", code="data_destroyed")
        return cipher.seal_bytes(column, data)

    def open_bytes(self, session: Session, customer_id: str, table: str, row_id: str,
                   column: str, blob: bytes) -> bytes | None:
        cipher = self._cipher(session, customer_id, table, row_id)
        return cipher.open_bytes(column, blob) if cipher is not None else None


def clean_text(value: str | None, *, required: bool, field: str = "text") -> str | None:
    value = (value or "").strip() or None
    if value is None and required:
        raise ValidationFailed(f"'{field}' is required.", code="text_required",
                               fields={field: ["Required."]})
    if value is not None and len(value) > MAX_TEXT:
        raise ValidationFailed(f"'{field}' has at most {MAX_TEXT} characters.",
                               fields={field: [f"At most {MAX_TEXT} characters."]})
    return value


def get_case(session: Session, case_id: str, *, lock: bool = False) -> Case:
    case = session.get(Case, case_id, with_for_update=lock)
    if case is None:
        raise NotFound("No such case.", code="case_not_found")
    return case


def case_for_change(session: Session, case_id: str, expected_version: int) -> Case:
    """The case if nobody changed it since the caller read `expected_version`."""
    case = get_case(session, case_id, lock=True)
    check_version(case, expected_version)
    return case


def check_version(case: Case, expected_version: int) -> None:
    if case.version != expected_version:
        raise Conflict("The case changed since you read it; reload and try again.",
                       code="stale_version",
                       extra={"case_id": case.id, "current_version": case.version})


def flush(session: Session) -> None:
    """Flush; a row changed underneath us (concurrent writer) becomes a 409."""
    try:
        session.flush()
    except StaleDataError:
        raise Conflict("The case changed since you read it; reload and try again.",
                       code="stale_version") from None


def add_event(session: Session, ctx: AuditContext, case: Case, kind: str, *,
              text: CaseText | None = None, note: str | None = None,
              from_status: str | None = None, to_status: str | None = None,
              details: Mapping[str, Any] | None = None) -> CaseEvent:
    """One timeline entry; `note` (free text) is sealed, `details` must be ids and codes."""
    event = CaseEvent(id=new_id(), case_id=case.id, at=utcnow(), actor_id=ctx.actor_id,
                      kind=kind, from_status=from_status, to_status=to_status,
                      details_json=json.dumps(dict(details or {}), sort_keys=True))
    if note is not None:
        if text is None:
            raise ValueError("sealing a note needs a CaseText")
        event.text_enc = text.seal(session, case.customer_id, "case_events", event.id,
                                   "text", note)
    session.add(event)
    return event


def audit(session: Session, ctx: AuditContext, tag: AuditAction, case: Case,
          /, **details: Any) -> None:
    record(session, ctx, AuditEvent(tag, object_type="case", object_id=case.id,
                                    customer_ref=case.customer_id, details=details))

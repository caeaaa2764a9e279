"""Checks that need more than the document: the customer's profile, the other side of the
card, other customers' documents (through blind indexes), and the resulting KYC status.

Run by the worker inside the transaction that stores the decision.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kyc_service.core.vault import Vault
from kyc_service.customers.models import Customer
from kyc_service.customers.normalise import normalise_national_id
from kyc_service.customers.service import CustomerService
from kyc_service.documents.models import Document, DocumentStatus
from kyc_service.documents.service import document_cipher
from kyc_service.documents.verification import (
    Finding,
    VerificationSettings,
    address_name_findings,
    finding,
    front_back_findings,
    profile_findings,
)

OTHER_SIDE = {"front": "back", "back": "front"}


def identity_of(fields: dict[str, Any], mrz: dict[str, Any] | None) -> dict[str, Any]:
    """The identity a document states: printed values where read, else the MRZ's."""
    return {**(mrz or {}), **{k: v for k, v in fields.items() if v}}


def _result(vault: Vault, customer: Customer, document: Document) -> dict[str, Any]:
    if document.result_enc is None:
        return {}
    text = document_cipher(vault, customer, document.id).open("result", document.result_enc)
    return dict(json.loads(text or "{}"))


def set_identity_indexes(vault: Vault, document: Document, identity: dict[str, Any]) -> None:
    number = identity.get("document_number") or identity.get("passport_number")
    document.number_bidx = vault.blind_index(
        "document_number", f"{document.kind}:{str(number).upper()}") if number else None
    national_id = normalise_national_id(str(identity.get("national_id") or ""))
    document.national_id_bidx = vault.blind_index("national_id", national_id) \
        if national_id else None


def reuse_findings(session: Session, document: Document) -> list[Finding]:
    """Same document number or national id already verified for another customer."""
    keys = [c == v for c, v in ((Document.number_bidx, document.number_bidx),
                                (Document.national_id_bidx, document.national_id_bidx)) if v]
    if not keys:
        return []
    others = session.scalars(select(Document.customer_id).where(
        or_(*keys), Document.customer_id != document.customer_id,
        Document.status == DocumentStatus.ACCEPTED).distinct().limit(10)).all()
    return [finding("document_reused", customers=sorted(others))] if others else []


def context_findings(session: Session, vault: Vault, customer: Customer, document: Document,
                     fields: dict[str, Any], mrz: dict[str, Any] | None, as_of: date,
                     settings: VerificationSettings) -> list[Finding]:
    profile = CustomerService(vault).decrypt(customer)
    if document.kind == "address_proof":  # recency was checked with the document itself
        return address_name_findings(fields, profile, settings)
    identity = identity_of(fields, mrz)
    set_identity_indexes(vault, document, identity)
    found = profile_findings(identity, profile, settings) if identity else []
    if document.kind == "id_card":
        other = session.scalar(select(Document).where(
            Document.customer_id == customer.id, Document.kind == "id_card",
            Document.side == OTHER_SIDE[document.side], Document.id != document.id,
            Document.status.in_([DocumentStatus.ACCEPTED, DocumentStatus.NEEDS_REVIEW]))
            .order_by(Document.created_at.desc()).limit(1))
        if other is not None:
            theirs = _result(vault, customer, other)
            front, back = ((fields, theirs.get("mrz")) if document.side == "front"
                           else (theirs.get("fields") or {}, mrz))
            if front and back:
                found += front_back_findings(front, back, settings)
    return found + reuse_findings(session, document)


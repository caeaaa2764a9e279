"""Creating, changing, finding and reading customers.

Values are sealed with the customer's own data key as they enter and opened only when a
caller asks to read them; every such read is audited with its purpose. The caller owns
the transaction (one commit point).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.crypto import FieldCipher
from kyc_service.core.db import new_id, utcnow
from kyc_service.core.errors import Conflict, NotFound, ValidationFailed
from kyc_service.core.vault import Vault
from kyc_service.customers.masking import masked_view
from kyc_service.customers.models import PERSONAL_FIELDS, Customer
from kyc_service.customers.normalise import (
    normalise_email,
    normalise_external_ref,
    normalise_national_id,
    normalise_phone,
)
from kyc_service.customers.validation import validate_customer_fields

TABLE = "customers"
# Blind-indexed fields and the normaliser each one's index is computed over.
INDEXED = {
    "external_ref": normalise_external_ref,
    "national_id": normalise_national_id,
    "email": normalise_email,
    "phone": normalise_phone,
}


class Disclosure(StrEnum):
    FULL = "full"
    MASKED = "masked"


def _encode(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if name == "birth_date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if name == "address":
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if name in INDEXED:
        return INDEXED[name](str(value))
    return str(value).strip()


def _decode(name: str, text: str | None) -> Any:
    if text is None:
        return None
    return json.loads(text) if name == "address" else text


# Called after a customer is created or changed, in the same transaction, with the
# decrypted record and the names of the changed fields (e.g. to re-screen the person).
CustomerHook = Callable[[Session, AuditContext, Customer, dict[str, Any], frozenset[str]], None]


class CustomerService:
    def __init__(self, vault: Vault, hooks: Sequence[CustomerHook] = ()) -> None:
        self.vault = vault
        self.hooks = tuple(hooks)

    def _after_change(self, session: Session, ctx: AuditContext, customer: Customer,
                      changed: frozenset[str]) -> None:
        if self.hooks:
            plain = self.decrypt(customer)
            for hook in self.hooks:
                hook(session, ctx, customer, plain, changed)

    def _cipher(self, customer: Customer, dek: bytes | None = None) -> FieldCipher:
        key = dek if dek is not None else self.vault.data_keys.open(customer.data_key)
        return FieldCipher(key, customer.data_key_id, TABLE, customer.id)

    def _apply(self, customer: Customer, cipher: FieldCipher, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            encoded = _encode(name, value)
            setattr(customer, f"{name}_enc", cipher.seal(name, encoded))
            if name in INDEXED:
                bidx = self.vault.blind_index(name, encoded) if encoded else None
                setattr(customer, f"{name}_bidx", bidx)

    def _ensure_unique_ref(self, session: Session, external_ref: str, own_id: str | None) -> None:
        bidx = self.vault.blind_index("external_ref", normalise_external_ref(external_ref))
        other = session.scalar(select(Customer.id).where(Customer.external_ref_bidx == bidx))
        if other is not None and other != own_id:
            raise Conflict("A customer with this external_ref exists.",
                           code="duplicate_external_ref", fields={
                               "external_ref": ["Already used by another customer."]})

    def create(self, session: Session, ctx: AuditContext, data: Mapping[str, Any]) -> Customer:
        validate_customer_fields(data, today=utcnow().date())
        self._ensure_unique_ref(session, data["external_ref"], None)
        key, dek = self.vault.data_keys.create(session, owner_type="customer")
        customer = Customer(id=new_id(), data_key=key, data_key_id=key.id,
                            preferred_language=data.get("preferred_language", "tr"))
        personal = {k: data.get(k) for k in PERSONAL_FIELDS}
        self._apply(customer, self._cipher(customer, dek), personal)
        session.add(customer)
        self._flush(session)
        record(session, ctx, AuditEvent(
            AuditAction.CUSTOMER_CREATE, object_type="customer", object_id=customer.id,
            customer_ref=customer.id,
            details={"fields": sorted(k for k, v in personal.items() if v is not None)},
        ))
        self._after_change(session, ctx, customer, frozenset(k for k, v in personal.items()
                                                             if v is not None))
        return customer

    def update(
        self, session: Session, ctx: AuditContext, customer: Customer,
        changes: Mapping[str, Any], expected_version: int | None = None,
    ) -> Customer:
        if expected_version is not None and expected_version != customer.version:
            raise Conflict("The customer changed since you read it.", code="stale_version",
                           extra={"current_version": customer.version})
        if not changes:
            raise ValidationFailed("Nothing to change.", code="empty_update")
        current = self.decrypt(customer)
        validate_customer_fields({**current, **changes}, today=utcnow().date())
        if "external_ref" in changes:
            self._ensure_unique_ref(session, changes["external_ref"], customer.id)
        personal = {k: v for k, v in changes.items() if k in PERSONAL_FIELDS}
        self._apply(customer, self._cipher(customer), personal)
        if "preferred_language" in changes:
            customer.preferred_language = changes["preferred_language"]
        customer.version += 1
        self._flush(session)
        record(session, ctx, AuditEvent(
            AuditAction.CUSTOMER_UPDATE, object_type="customer", object_id=customer.id,
            customer_ref=customer.id,
            details={"fields": sorted(changes), "version": customer.version},
        ))
        self._after_change(session, ctx, customer, frozenset(changes))
        return customer

    @staticmethod
    def _flush(session: Session) -> None:
        try:
            session.flush()
        except IntegrityError:
            raise Conflict("A customer with this external_ref exists.",
                           code="duplicate_external_ref") from None

    @staticmethod
    def get(session: Session, customer_id: str) -> Customer:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise NotFound("No such customer.", code="customer_not_found")
        return customer

    def find(
        self, session: Session, *, external_ref: str | None = None,
        national_id: str | None = None, email: str | None = None,
        offset: int = 0, limit: int = 50,
    ) -> tuple[list[Customer], int]:
        """Exact lookups through blind indexes, or all customers in creation order."""
        query = select(Customer)
        for name, value in (("external_ref", external_ref), ("national_id", national_id),
                            ("email", email)):
            if value is not None:
                column = getattr(Customer, f"{name}_bidx")
                query = query.where(column == self.vault.blind_index(name, INDEXED[name](value)))
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(
            query.order_by(Customer.created_at, Customer.id).offset(offset).limit(limit))
        return list(rows), total

    def decrypt(self, customer: Customer) -> dict[str, Any]:
        """The whole record in plaintext. Callers that show it must go through `read`."""
        cipher = self._cipher(customer)
        record_: dict[str, Any] = {
            name: _decode(name, cipher.open(name, getattr(customer, f"{name}_enc")))
            for name in PERSONAL_FIELDS
        }
        record_.update(id=customer.id, preferred_language=customer.preferred_language,
                       kyc_status=customer.kyc_status, version=customer.version,
                       created_at=customer.created_at, updated_at=customer.updated_at)
        return record_

    def read(
        self, session: Session, ctx: AuditContext, customer: Customer,
        disclosure: Disclosure, purpose: str,
    ) -> dict[str, Any]:
        """Decrypt for a person or system to see, masked by role, and audit the read."""
        plain = self.decrypt(customer)
        view = plain if disclosure is Disclosure.FULL else masked_view(plain)
        shown = sorted(k for k in PERSONAL_FIELDS if plain.get(k) is not None)
        record(session, ctx, AuditEvent(
            AuditAction.CUSTOMER_PII_READ, object_type="customer", object_id=customer.id,
            customer_ref=customer.id, purpose=purpose,
            details={"disclosure": disclosure.value, "fields": shown},
        ))
        return view

    @staticmethod
    def record_search(session: Session, ctx: AuditContext, by: list[str], count: int) -> None:
        record(session, ctx, AuditEvent(
            AuditAction.CUSTOMER_SEARCH, object_type="customer",
            details={"by": by, "results": count},
        ))

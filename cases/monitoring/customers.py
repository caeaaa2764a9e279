"""The customers of one intake batch: found by blind index, keys opened once each.

Payer and payee names are sealed with the customer's own data key (so erasing the
customer crypto-shreds them too). The customer's name is decrypted only for customers
whose events carry a counterparty name to compare, and each such read is audited
(at the end of the batch, in its transaction).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.tags import AuditAction, Purpose
from audits.trail import AuditContext, AuditEvent, record
from cases.rules import CustomerProfile
from kyc_service.core.crypto import FieldCipher
from kyc_service.core.vault import Vault
from kyc_service.customers.models import Customer
from kyc_service.customers.normalise import normalise_external_ref
from kyc_service.customers.service import TABLE as CUSTOMER_TABLE

TRANSACTIONS_TABLE = "aml_transactions"
NAME_FIELDS = ("given_names", "surname")
NO_NAME = CustomerProfile()


def external_ref_index(vault: Vault, external_ref: str) -> str:
    return vault.blind_index("external_ref", normalise_external_ref(external_ref))


class CustomerBatch:
    """Customers by external_ref for one batch, with their data keys and names cached."""

    def __init__(self, session: Session, ctx: AuditContext, vault: Vault) -> None:
        self.session, self.ctx, self.vault = session, ctx, vault
        self.by_ref: dict[str, Customer] = {}
        self._deks: dict[str, bytes] = {}
        self._profiles: dict[str, CustomerProfile] = {}
        self._read: list[str] = []

    def resolve(self, external_refs: Iterable[str]) -> None:
        by_index = {external_ref_index(self.vault, ref): ref for ref in set(external_refs)}
        wanted = sorted(by_index)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            for customer in self.session.scalars(
                    select(Customer).where(Customer.external_ref_bidx.in_(chunk))):
                self.by_ref[by_index[customer.external_ref_bidx]] = customer

    def _dek(self, customer: Customer) -> bytes:
        dek = self._deks.get(customer.id)
        if dek is None:
            dek = self._deks[customer.id] = self.vault.data_keys.open(customer.data_key)
        return dek

    def cipher(self, customer: Customer, transaction_id: str) -> FieldCipher:
        return FieldCipher(self._dek(customer), customer.data_key_id, TRANSACTIONS_TABLE,
                           transaction_id)

    def profile(self, customer: Customer, needs_name: bool) -> CustomerProfile:
        """The customer's name for the third-party check, decrypted (and audited) once."""
        if not needs_name:
            return self._profiles.get(customer.id, NO_NAME)
        profile = self._profiles.get(customer.id)
        if profile is None or profile.name is None:
            cipher = FieldCipher(self._dek(customer), customer.data_key_id, CUSTOMER_TABLE,
                                 customer.id)
            parts = [cipher.open(name, getattr(customer, f"{name}_enc")) for name in NAME_FIELDS]
            name = " ".join(part for part in parts if part) or None
            profile = self._profiles[customer.id] = CustomerProfile(name=name)
            self._read.append(customer.id)
        return profile

    def audit_reads(self) -> None:
        """Audit the name reads; called last, so the audit chain's lock is held briefly."""
        for customer_id in self._read:
            record(self.session, self.ctx, AuditEvent(
                AuditAction.CUSTOMER_PII_READ, object_type="customer", object_id=customer_id,
                customer_ref=customer_id, purpose=Purpose.AML_MONITORING.value,
                details={"disclosure": "system", "fields": list(NAME_FIELDS)}))
        self._read.clear()

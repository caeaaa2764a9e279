"""The customer record as a personal-data provider.

On erasure the identity fields under the AML duty are handed to the orchestrator (which
keeps them sealed with the retention key in the restricted store) and every column here
is cleared, so normal flows find an empty record; contact details are gone for good.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from audits.privacy.declarations import LegalBasis, Retention, Sensitivity, Subjects
from audits.privacy.declarations import TableDeclaration as T
from audits.privacy.scope import Counts, DestroyScope, ErasureScope, ExportScope, KeyMaterial
from kyc_service.customers.models import PERSONAL_FIELDS, Customer
from kyc_service.customers.service import TABLE

CONTACT_BIDX = ("email_bidx", "phone_bidx")


def open_fields(customer: Customer, key: KeyMaterial) -> dict[str, Any]:
    cipher = key.cipher(TABLE, customer.id)
    values: dict[str, Any] = {}
    for name in PERSONAL_FIELDS:
        text = cipher.open(name, getattr(customer, f"{name}_enc"))
        values[name] = json.loads(text) if name == "address" and text else text
    return values


class CustomerProvider:
    name = "customers"
    declarations = (
        T("customers", Sensitivity.PERSONAL, Subjects.CUSTOMERS,
          ("identity", "contact", "address", "customer transaction reference"),
          ("customer due diligence (KYC)", "AML/CFT monitoring", "customer support"),
          (LegalBasis.LEGAL_OBLIGATION, LegalBasis.CONTRACT), Retention.AML,
          recipients=("compliance staff", "support agents (masked)",
                      "MASAK / FIU on legal request"),
          security=("AES-256-GCM per-customer data key, AAD binds table/column/row",
                    "HMAC-SHA256 blind indexes for lookups", "masking by role",
                    "every decrypted read audited"),
          aml_retained=("identity", "address")),
    )

    def export(self, scope: ExportScope) -> dict[str, Any]:
        customer = scope.session.get(Customer, scope.customer_id)
        if customer is None:
            return {}
        record: dict[str, Any] = {"id": customer.id, "kyc_status": customer.kyc_status,
                                  "preferred_language": customer.preferred_language,
                                  "created_at": customer.created_at.isoformat()}
        if scope.key is not None:
            record.update({k: v for k, v in open_fields(customer, scope.key).items()
                           if v is not None})
        return {"customer": record}

    def erase(self, scope: ErasureScope) -> Counts:
        customer = scope.session.get(Customer, scope.customer_id)
        if customer is None:
            return {}
        values = open_fields(customer, scope.old)
        scope.retained["customer"] = {k: values[k] for k in scope.aml_identity_fields
                                      if values.get(k) is not None}
        for name in PERSONAL_FIELDS:
            setattr(customer, f"{name}_enc", None)
        for column in CONTACT_BIDX:
            setattr(customer, column, None)
        if "national_id" not in scope.aml_identity_fields:
            customer.national_id_bidx = None
        customer.version += 1
        return {"customer contact details": 1}

    def destroy(self, scope: DestroyScope) -> Counts:
        customer = scope.session.get(Customer, scope.customer_id)
        if customer is None:
            return {}
        for name in PERSONAL_FIELDS:
            setattr(customer, f"{name}_enc", None)
        # The reference index is unique and required: replace it with a random value.
        customer.external_ref_bidx = secrets.token_hex(32)
        for column in (*CONTACT_BIDX, "national_id_bidx"):
            setattr(customer, column, None)
        return {"customer identity": 1}

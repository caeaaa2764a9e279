"""Staff accounts as a personal-data provider: staff e-mail addresses, not customers'."""

from __future__ import annotations

from typing import Any

from audits.privacy.declarations import LegalBasis, Retention, Sensitivity, Subjects
from audits.privacy.declarations import TableDeclaration as T
from audits.privacy.scope import Counts, DestroyScope, ErasureScope, ExportScope

STAFF = ("staff authentication", "accountability of staff actions")


class StaffProvider:
    name = "staff_accounts"
    declarations = (
        T("users", Sensitivity.PERSONAL, Subjects.STAFF, ("work e-mail", "password hash"),
          STAFF, (LegalBasis.CONTRACT, LegalBasis.LEGAL_OBLIGATION), Retention.STAFF_ACCOUNT,
          recipients=("administrators",),
          security=("e-mail AES-256-GCM with the staff-directory key",
                    "argon2id password hashes", "account lockout")),
        T("user_roles", Sensitivity.PSEUDONYMOUS, Subjects.STAFF, ("roles",), STAFF,
          (LegalBasis.CONTRACT,), Retention.STAFF_ACCOUNT, recipients=("administrators",)),
        T("api_tokens", Sensitivity.PSEUDONYMOUS, Subjects.STAFF, ("access token hashes",),
          STAFF, (LegalBasis.CONTRACT,), Retention.STAFF_ACCOUNT,
          recipients=("administrators",), security=("SHA-256 of 256-bit random tokens",)),
    )

    # Staff requests go through HR; nothing here belongs to a customer.
    def export(self, scope: ExportScope) -> dict[str, Any]:
        return {}

    def erase(self, scope: ErasureScope) -> Counts:
        return {}

    def destroy(self, scope: DestroyScope) -> Counts:
        return {}

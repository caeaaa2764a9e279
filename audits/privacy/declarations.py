"""What a table holds about people, why, on which legal basis and for how long.

Each provider declares its tables with these records; the records of processing (GDPR
Art. 30, VERBİS) and the missing-provider check are computed from them, so the inventory
cannot drift from the code. Retention periods name a setting, never a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Sensitivity(StrEnum):
    PERSONAL = "personal"  # identifies a person once decrypted
    PSEUDONYMOUS = "pseudonymous"  # ids, keyed hashes: personal only with other data
    NOT_PERSONAL = "not_personal"


class Subjects(StrEnum):
    CUSTOMERS = "customers"
    STAFF = "staff"
    LISTED_PERSONS = "listed_persons"  # sanctions and PEP list entries (public sources)


class LegalBasis(StrEnum):
    """GDPR Art. 6 bases with their KVKK Art. 5 counterparts."""

    LEGAL_OBLIGATION = "legal_obligation: GDPR 6(1)(c); KVKK 5(2)(ç)"
    CONTRACT = "contract: GDPR 6(1)(b); KVKK 5(2)(c)"
    LEGITIMATE_INTEREST = "legitimate_interest: GDPR 6(1)(f); KVKK 5(2)(f)"
    PUBLIC_DATA = "made_public: GDPR 6(1)(f), 9(2)(e); KVKK 5(2)(d)"


class Retention(StrEnum):
    """Which retention rule applies; the figures are settings (see kyc_service.privacy)."""

    AML = "aml_records"  # MASAK 8 y / EU AMLD 5 y after the relationship ends
    UNTIL_ERASURE = "until_erasure"  # kept while the relationship lasts, erased on request
    REUPLOAD_LINKS = "reupload_links"  # closed links, days after they closed
    STAFF_ACCOUNT = "staff_account"  # while employed, then the staff policy
    AUDIT_TRAIL = "audit_trail"  # as long as the AML records it proves
    LIST_VERSION = "list_version"  # while the list version is needed to explain a hit
    SYSTEM = "system"


@dataclass(frozen=True)
class TableDeclaration:
    table: str
    sensitivity: Sensitivity
    subjects: Subjects
    categories: tuple[str, ...]
    purposes: tuple[str, ...]
    legal_bases: tuple[LegalBasis, ...]
    retention: Retention
    recipients: tuple[str, ...] = ("compliance staff of the controller",)
    security: tuple[str, ...] = ("AES-256-GCM per-customer data key",
                                 "role-based access, every decrypted read audited")
    special_category: bool = False
    # Categories kept under an AML retention duty after an erasure request (restricted).
    aml_retained: tuple[str, ...] = ()
    notes: str = ""
    transfers_abroad: tuple[str, ...] = field(default=())

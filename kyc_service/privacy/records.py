"""Records of processing from the registered providers and the retention settings."""

from __future__ import annotations

from typing import Any

from audits.privacy.declarations import Retention
from audits.privacy.records import inventory
from kyc_service.privacy.wiring import PrivacyDeps


def retention_periods(deps: PrivacyDeps) -> dict[Retention, str]:
    s = deps.settings
    return {
        Retention.AML: (f"{s.aml_retention_years_tr} years after the relationship ends (TR, "
                        f"MASAK), {s.aml_retention_years_eu} years (EU, AMLD); restricted "
                        "after an erasure request, destroyed at the end unless on legal hold"),
        Retention.UNTIL_ERASURE: "while the relationship lasts; erased on request",
        Retention.REUPLOAD_LINKS: f"{s.reupload_retention_days} days after the link closed",
        Retention.STAFF_ACCOUNT: "while employed, then per the staff retention policy",
        Retention.AUDIT_TRAIL: "as long as the AML records it proves (ids only)",
        Retention.LIST_VERSION: "while a hit refers to the list version",
        Retention.SYSTEM: "operational, no personal data",
    }


def records_of_processing(deps: PrivacyDeps) -> dict[str, Any]:
    document = inventory(deps.registry.declarations(),
                         {"name": deps.settings.controller_name,
                          "contact": deps.settings.controller_contact},
                         retention_periods(deps))
    document["destruction_interval_days"] = deps.settings.destruction_interval_days
    document["response_days"] = deps.settings.response_days
    return document

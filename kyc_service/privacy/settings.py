"""Privacy figures, all settings: `KYC_PRIVACY_<NAME>` variables or `extra["privacy_<name>"]`.

Defaults follow the law as of writing: 30 days to answer (KVKK Art. 13, GDPR Art. 12),
AML records 8 years after the relationship ends in Turkey (MASAK, Law 5549) and 5 in the
EU (AMLD Art. 40), periodic destruction at most every 6 months (KVKK regulation Art. 11).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

from kyc_service.core.errors import ConfigurationError

MAX_DESTRUCTION_INTERVAL_DAYS = 183  # KVKK: periodic destruction at most every 6 months


@dataclass(frozen=True)
class PrivacySettings:
    response_days: int = 30
    aml_retention_years_tr: int = 8
    aml_retention_years_eu: int = 5
    default_jurisdiction: str = "TR"
    destruction_interval_days: int = 7
    reupload_retention_days: int = 90
    controller_name: str = "Operator (set KYC_PRIVACY_CONTROLLER_NAME)"
    controller_contact: str = "dpo@example.invalid"
    # Customer fields kept (restricted) under the AML duty after an erasure request; the
    # rest (contact details) is crypto-shredded at once.
    aml_identity_fields: tuple[str, ...] = field(default=(
        "external_ref", "given_names", "surname", "birth_date", "national_id",
        "nationality", "address"))

    def __post_init__(self) -> None:
        if not 1 <= self.destruction_interval_days <= MAX_DESTRUCTION_INTERVAL_DAYS:
            raise ConfigurationError(
                "privacy destruction_interval_days must be 1..183 (KVKK: at most 6 months)")
        if self.default_jurisdiction not in ("TR", "EU"):
            raise ConfigurationError("privacy default_jurisdiction must be TR or EU")

    def retention_years(self, jurisdiction: str) -> int:
        return {"TR": self.aml_retention_years_tr, "EU": self.aml_retention_years_eu}[
            jurisdiction]

    def retain_until(self, jurisdiction: str, relationship_ended_at: datetime) -> datetime:
        years = self.retention_years(jurisdiction)
        try:
            return relationship_ended_at.replace(year=relationship_ended_at.year + years)
        except ValueError:  # 29 February
            return relationship_ended_at.replace(year=relationship_ended_at.year + years,
                                                 day=28)

    @classmethod
    def from_config(cls, extra: Mapping[str, Any],
                    environ: Mapping[str, str] | None = None) -> PrivacySettings:
        environ = environ or {}
        defaults = cls()
        values: dict[str, Any] = {}
        for spec in fields(cls):
            raw = extra.get(f"privacy_{spec.name}",
                            environ.get(f"KYC_PRIVACY_{spec.name.upper()}"))
            if raw is None or raw == "":
                continue
            template = getattr(defaults, spec.name)
            try:
                if isinstance(template, tuple):
                    values[spec.name] = tuple(raw) if not isinstance(raw, str) else tuple(
                        p.strip() for p in raw.split(",") if p.strip())
                elif isinstance(template, int):
                    values[spec.name] = int(raw)
                else:
                    values[spec.name] = str(raw)
            except ValueError:
                raise ConfigurationError(f"privacy {spec.name} must be a number") from None
        return replace(defaults, **values)

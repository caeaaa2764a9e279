"""Tunables of the screening service (the matcher's own are in `cases.screening.settings`).

Read from `KYC_SCREENING_*` environment variables, e.g. KYC_SCREENING_RESCREEN_BATCH_SIZE.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from cases.screening import ScreeningSettings
from kyc_service.core.errors import ConfigurationError

PREFIX = "KYC_SCREENING_"


@dataclass(frozen=True)
class ScreeningServiceSettings:
    # Customers per transaction (and per audit entry) when everyone is re-screened.
    rescreen_batch_size: int = 500
    # Inactive list versions whose entries stay stored (older ones keep only metadata).
    keep_inactive_versions: int = 2
    # Alert score (0-100, drives the case's priority) when an officer confirms a match:
    # a sanctions match means freezing and reporting; a PEP match means enhanced due
    # diligence, urgent but not a suspicion by itself.
    confirmed_sanctions_score: int = 100
    confirmed_pep_score: int = 80
    matcher: ScreeningSettings = field(default_factory=ScreeningSettings)

    def __post_init__(self) -> None:
        if self.rescreen_batch_size < 1 or self.keep_inactive_versions < 0:
            raise ConfigurationError("screening batch size must be >= 1 and kept versions >= 0")
        for score in (self.confirmed_sanctions_score, self.confirmed_pep_score):
            if not 0 <= score <= 100:
                raise ConfigurationError("confirmed-match alert scores lie between 0 and 100")

    def confirmed_score(self, category: str) -> int:
        return self.confirmed_pep_score if category == "pep" else self.confirmed_sanctions_score


def load_screening_settings(environ: Mapping[str, str] | None = None) -> ScreeningServiceSettings:
    """Integer tunables from `KYC_SCREENING_<FIELD>`; the matcher keeps its defaults."""
    environ = os.environ if environ is None else environ
    values: dict[str, int] = {}
    for spec in fields(ScreeningServiceSettings):
        name = PREFIX + spec.name.upper()
        if spec.name != "matcher" and environ.get(name, "") != "":
            try:
                values[spec.name] = int(environ[name])
            except ValueError as exc:
                raise ConfigurationError(f"{name} must be a whole number.") from exc
    return ScreeningServiceSettings(**values)  # type: ignore[arg-type]

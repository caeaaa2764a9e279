"""Tunables of the web pages: session lifetimes and languages.

Kept out of the shared `Settings` so the web layer owns them; `from_settings` reads
overrides from `Settings.extra` (keys prefixed `web_`), so tests and deployments can
change them without code.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from kyc_service.config import Settings
from kyc_service.core.errors import ConfigurationError


@dataclass(frozen=True)
class WebSettings:
    session_hours: int = 10          # absolute lifetime of a sign-in (one shift)
    idle_minutes: int = 60           # signed out after this long without a request
    default_locale: str = "tr"       # Turkey first; English on request
    languages: tuple[str, ...] = ("tr", "en")

    def __post_init__(self) -> None:
        if self.default_locale not in self.languages:
            raise ConfigurationError(
                f"web_default_locale must be one of {', '.join(self.languages)}.")
        if self.session_hours < 1 or self.idle_minutes < 1:
            raise ConfigurationError("web session lifetimes must be positive.")

    @classmethod
    def from_settings(cls, settings: Settings) -> WebSettings:
        values: dict[str, Any] = {}
        for spec in fields(cls):
            key = f"web_{spec.name}"
            if key in settings.extra:
                values[spec.name] = settings.extra[key]
        if isinstance(values.get("languages"), str):
            values["languages"] = tuple(values["languages"].split(","))
        return cls(**values)

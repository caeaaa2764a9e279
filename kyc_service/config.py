"""Settings from `KYC_*` environment variables, with embedded defaults.

The defaults need nothing installed: a SQLite database and an encrypted document store
under `./var/`, and a master key file that `kyc init` creates. Production mode refuses
development secrets and missing keys, and says what to set.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kyc_service.core.errors import ConfigurationError

DEVELOPMENT_SECRET = "development-only-secret-do-not-use-in-production"  # noqa: S105
ENVIRONMENTS = ("development", "test", "production")


@dataclass(frozen=True)
class Settings:
    """Every tunable of the service; legal figures live here, never in code."""

    env: str = "development"
    data_dir: Path = Path("var")
    database_url: str = ""
    key_file: Path = Path()
    storage_dir: Path = Path()
    secret_key: str = DEVELOPMENT_SECRET
    max_json_bytes: int = 1024 * 1024
    token_ttl_days: int = 90
    login_token_ttl_hours: int = 12
    sqlite_busy_timeout_s: float = 30.0
    log_level: str = "INFO"
    trusted_proxies: int = 0
    max_upload_bytes: int = 15 * 1024 * 1024
    max_image_pixels: int = 50_000_000
    worker_threads: int = 2
    job_lease_seconds: int = 300
    job_max_attempts: int = 3
    reupload_link_hours: int = 72
    reupload_max_failed_attempts: int = 3
    public_base_url: str = "http://127.0.0.1:8000"
    minimum_age: int = 18
    address_proof_max_age_days: int = 90
    require_address_proof: bool = True
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        data_dir = Path(self.data_dir)
        object.__setattr__(self, "data_dir", data_dir)
        if not self.database_url:
            object.__setattr__(
                self, "database_url", f"sqlite:///{(data_dir / 'kyc.sqlite3').resolve()}"
            )
        if self.key_file == Path():
            object.__setattr__(self, "key_file", data_dir / "keys" / "keyring.json")
        if self.storage_dir == Path():
            object.__setattr__(self, "storage_dir", data_dir / "documents")
        if self.env not in ENVIRONMENTS:
            raise ConfigurationError(
                f"KYC_ENV must be one of {', '.join(ENVIRONMENTS)}, not {self.env!r}."
            )

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def with_overrides(self, **overrides: Any) -> Settings:
        return replace(self, **overrides)

    def check_production_ready(self) -> None:
        """Refuse to run production with development secrets or without a master key."""
        if not self.is_production:
            return
        problems = []
        if not self.secret_key or self.secret_key == DEVELOPMENT_SECRET:
            problems.append("set KYC_SECRET_KEY to a long random value")
        elif len(self.secret_key) < 32:
            problems.append("KYC_SECRET_KEY must be at least 32 characters")
        if not Path(self.key_file).is_file():
            problems.append(
                f"no master key file at {self.key_file}: run `kyc init` or set KYC_KEY_FILE"
            )
        if problems:
            raise ConfigurationError("Production mode refuses to start: " + "; ".join(problems))


def _coerce(name: str, raw: str, template: Any) -> Any:
    if isinstance(template, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(template, int):
        try:
            return int(raw)
        except ValueError as exc:
            raise ConfigurationError(f"{name} must be a whole number, not {raw!r}.") from exc
    if isinstance(template, float):
        try:
            return float(raw)
        except ValueError as exc:
            raise ConfigurationError(f"{name} must be a number, not {raw!r}.") from exc
    if isinstance(template, Path):
        return Path(raw)
    return raw


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Build settings from `KYC_<FIELD>` variables, then apply explicit overrides."""
    environ = os.environ if environ is None else environ
    defaults = Settings()
    values: dict[str, Any] = {}
    for spec in fields(Settings):
        if spec.name == "extra":
            continue
        name = f"KYC_{spec.name.upper()}"
        if name in environ and environ[name] != "":
            values[spec.name] = _coerce(name, environ[name], getattr(defaults, spec.name))
    values.update(overrides)
    return Settings(**values)

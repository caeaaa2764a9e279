"""The service's wiring: one `Runtime` per app, reachable from requests and commands.

Holds the settings, the database engine and session factory, and the vault (opened
lazily, so `kyc init` can run before a key file exists).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from kyc_service.config import Settings
from kyc_service.core.db import make_engine, make_session_factory
from kyc_service.core.keyfile import FileKeyProvider, KeyProvider
from kyc_service.core.vault import Vault
from kyc_service.customers.service import CustomerService


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    key_provider: KeyProvider
    _vault: Vault | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        engine = make_engine(settings.database_url,
                             sqlite_busy_timeout_s=settings.sqlite_busy_timeout_s)
        return cls(settings, engine, make_session_factory(engine),
                   FileKeyProvider(settings.key_file))

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            self._vault = Vault(self.key_provider.load())
        return self._vault

    @property
    def customers(self) -> CustomerService:
        return CustomerService(self.vault)

    def reload_keys(self) -> None:
        """Forget the cached keyring (after `kyc init` or a rotation)."""
        self._vault = None
        if isinstance(self.key_provider, FileKeyProvider):
            self.key_provider = FileKeyProvider(self.key_provider.path)

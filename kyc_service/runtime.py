"""The service's wiring: one `Runtime` per app, reachable from requests and commands.

Holds the settings, the database engine and session factory, and the vault (opened
lazily, so `kyc init` can run before a key file exists).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from cases.monitoring.intake import TransactionIntake
from cases.monitoring.parked import release_hook
from cases.monitoring.settings import MonitoringSettings
from cases.screening_store.service import ScreeningHook
from kyc_service.config import Settings
from kyc_service.core.db import make_engine, make_session_factory
from kyc_service.core.keyfile import KeyProvider
from kyc_service.core.rotation import RefreshingKeyProvider
from kyc_service.core.shredledger import LEDGER_PATH_INFO, ledger_path
from kyc_service.core.storage import LocalStorage, Storage
from kyc_service.core.vault import Vault
from kyc_service.customers.service import CustomerHook, CustomerService
from kyc_service.documents.decoding import DecodeLimits
from kyc_service.documents.jobs import JobQueue, QueueSettings
from kyc_service.documents.reupload import ReuploadLinks, ReuploadPolicy
from kyc_service.documents.service import DocumentService
from kyc_service.documents.verification import VerificationSettings
from kyc_service.documents.worker import DocumentWorker, InProcessRunner


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    key_provider: KeyProvider
    storage: Storage
    _vault: Vault | None = field(default=None, repr=False)
    _runner: InProcessRunner | None = field(default=None, repr=False)
    _customers: CustomerService | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Runtime:
        engine = make_engine(settings.database_url,
                             sqlite_busy_timeout_s=settings.sqlite_busy_timeout_s)
        factory = make_session_factory(engine)
        # Destroyed data keys are recorded outside the database (see core/shredledger).
        factory.configure(info={LEDGER_PATH_INFO: str(ledger_path(settings.key_file))})
        return cls(settings, engine, factory,
                   RefreshingKeyProvider(settings.key_file),
                   LocalStorage(settings.storage_dir))

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            self._vault = Vault(self.key_provider.load())
        return self._vault

    @property
    def customers(self) -> CustomerService:
        """Built once per vault: its hooks are stateless and cheap to keep."""
        if self._customers is None or self._customers.vault is not self.vault:
            self._customers = CustomerService(self.vault, self.customer_hooks())
        return self._customers

    def customer_hooks(self) -> list[CustomerHook]:
        """What runs after a customer is created or changed (same transaction)."""
        return [ScreeningHook(self.vault), release_hook(lambda: self.intake)]

    @property
    def intake(self) -> TransactionIntake:
        """AML transaction intake with the rules engine (settings: extra, then KYC_AML_*)."""
        return TransactionIntake(self.vault, MonitoringSettings.from_config(
            self.settings.extra, os.environ))

    @property
    def decode_limits(self) -> DecodeLimits:
        return DecodeLimits(self.settings.max_upload_bytes, self.settings.max_image_pixels)

    @property
    def documents(self) -> DocumentService:
        return DocumentService(self.vault, self.storage, self.decode_limits,
                               self.settings.require_address_proof)

    def document_worker(self) -> DocumentWorker:
        queue = JobQueue(self.session_factory, QueueSettings(
            timedelta(seconds=self.settings.job_lease_seconds), self.settings.job_max_attempts))
        verification = VerificationSettings(
            minimum_age=self.settings.minimum_age,
            address_proof_max_age_days=self.settings.address_proof_max_age_days)
        return DocumentWorker(self.session_factory, self.vault, self.storage, queue,
                              self.decode_limits, self.reupload_policy, verification,
                              self.settings.require_address_proof)

    @property
    def reupload_policy(self) -> ReuploadPolicy:
        return ReuploadPolicy(timedelta(hours=self.settings.reupload_link_hours),
                              self.settings.reupload_max_failed_attempts)

    @property
    def reupload_links(self) -> ReuploadLinks:
        return ReuploadLinks(self.settings.secret_key, self.reupload_policy)

    @property
    def runner(self) -> InProcessRunner:
        """The task runner; threads start on `start_workers`, not on construction."""
        if self._runner is None:
            self._runner = InProcessRunner(self.document_worker(), self.settings.worker_threads)
        return self._runner

    def reload_keys(self) -> None:
        """Forget the cached keyring (after `kyc init` or a rotation)."""
        self._vault = None
        if isinstance(self.key_provider, RefreshingKeyProvider):
            self.key_provider = RefreshingKeyProvider(self.key_provider.path)

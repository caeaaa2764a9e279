"""The composition step for privacy: every package's provider, and the services' deps.

Providers live in the packages that own the tables; this is the one place (above them
all) that registers them, so no lower package imports a higher one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import cast

from audits.privacy.audit_provider import AuditTrailProvider
from audits.privacy.registry import PersonalDataProvider, ProviderRegistry
from cases.alerts.privacy import AlertProvider
from cases.casework.attachment_privacy import CaseAttachmentProvider
from cases.casework.privacy import CaseworkProvider
from cases.monitoring.privacy import MonitoringProvider
from cases.screening_store.privacy import ScreeningProvider
from kyc_service.accounts.privacy import StaffProvider
from kyc_service.core.storage import Storage
from kyc_service.core.vault import Vault
from kyc_service.customers.privacy import CustomerProvider
from kyc_service.customers.service import CustomerService
from kyc_service.documents.privacy import DocumentProvider
from kyc_service.privacy.provider import PrivacyProvider
from kyc_service.privacy.settings import PrivacySettings
from kyc_service.runtime import Runtime


def default_registry() -> ProviderRegistry:
    # Providers' `declarations` infer as fixed-length tuples, which the protocol's
    # (invariant) `tuple[TableDeclaration, ...]` attribute does not accept.
    return ProviderRegistry(cast(list[PersonalDataProvider], [
        CustomerProvider(), DocumentProvider(), MonitoringProvider(), ScreeningProvider(),
        AlertProvider(), CaseworkProvider(), CaseAttachmentProvider(), StaffProvider(),
        AuditTrailProvider(), PrivacyProvider(),
    ]))


@dataclass(frozen=True)
class PrivacyDeps:
    vault: Vault
    storage: Storage
    customers: CustomerService
    settings: PrivacySettings
    registry: ProviderRegistry


def privacy_deps(rt: Runtime) -> PrivacyDeps:
    return PrivacyDeps(rt.vault, rt.storage, rt.customers,
                       PrivacySettings.from_config(rt.settings.extra, os.environ),
                       default_registry())

"""Every model module, named in one place so the metadata is complete.

Alembic's environment and the schema test use this; a new package adds its models here.
"""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData

MODEL_MODULES = (
    "audits.models",
    "audits.log_models",
    "kyc_service.core.datakeys",
    "kyc_service.accounts.models",
    "kyc_service.customers.models",
    "kyc_service.documents.models",
    "kyc_service.documents.reupload",
    "cases.monitoring.models",
    "cases.alerts.models",
    "cases.screening_store.models",
    "cases.casework.models",
    "cases.casework.attachment_models",
    "kyc_service.privacy.models",
)


def all_metadata() -> MetaData:
    from kyc_service.core.db import Base

    for name in MODEL_MODULES:
        importlib.import_module(name)
    return Base.metadata

"""Every model module, imported in one place so the metadata is complete.

Alembic's environment and the schema test use this; a new package adds its models here.
"""

from __future__ import annotations

from sqlalchemy import MetaData


def all_metadata() -> MetaData:
    import audits.models  # noqa: F401
    import kyc_service.accounts.models
    import kyc_service.core.datakeys
    import kyc_service.customers.models
    import kyc_service.documents.models
    import kyc_service.documents.reupload  # noqa: F401
    from kyc_service.core.db import Base

    return Base.metadata

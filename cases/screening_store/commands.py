"""Whole operations for commands and tools: each owns its transactions (commit points).

`import_list_file` parses first, then stores and activates the new version in one
transaction; a malformed file is audited as rejected in a transaction of its own and
re-raised, so the version in force stays in force.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from audits.trail import AuditContext
from cases.screening import ListMalformed
from cases.screening_store.cache import cache_for
from cases.screening_store.lists import (
    ImportResult,
    parse_list_file,
    record_rejected_import,
    store_list,
)
from cases.screening_store.settings import ScreeningServiceSettings
from kyc_service.core.db import transaction


def import_list_file(
    session_factory: sessionmaker[Session], ctx: AuditContext, path: Path, fmt: str,
    list_name: str, settings: ScreeningServiceSettings,
) -> ImportResult:
    try:
        parsed = parse_list_file(path, fmt, list_name)
    except ListMalformed as error:
        with transaction(session_factory) as session:
            record_rejected_import(session, ctx, list_name, fmt, path, error)
        raise
    with transaction(session_factory) as session:
        result = store_list(session, ctx, parsed, settings)
    cache_for(session_factory, settings.matcher).remember(result.list_id, parsed.screening_list)
    return result

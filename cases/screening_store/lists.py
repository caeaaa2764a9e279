"""Importing list files as versions, and reading which versions are in force.

A file is parsed completely before anything is stored: a malformed file raises
`ListMalformed` (naming the line or element) and the active version stays in force.
Importing content identical to the active version changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session, defer

from audits.tags import AuditAction, Outcome
from audits.trail import AuditContext, AuditEvent, record
from cases.screening import (
    ListMalformed,
    ScreeningList,
    parse_csv_list,
    parse_eu_xml,
    parse_ftm_json,
    parse_un_xml,
)
from cases.screening_store.codec import encode_entries
from cases.screening_store.models import ScreeningListVersion
from cases.screening_store.settings import ScreeningServiceSettings
from kyc_service.core.crypto import file_sha256
from kyc_service.core.db import new_id, utcnow
from kyc_service.core.errors import ValidationFailed

PARSERS: dict[str, Callable[..., ScreeningList]] = {
    "un-xml": parse_un_xml,
    "eu-xml": parse_eu_xml,
    "ftm-json": parse_ftm_json,
    "csv": parse_csv_list,
}
_LIST_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class ListFile:
    """A parsed list file and what identifies the file itself."""

    screening_list: ScreeningList
    format: str
    source_name: str
    source_sha256: str


@dataclass(frozen=True)
class ImportResult:
    list_id: str
    name: str
    version: str
    entry_count: int
    changed: bool
    previous_version: str | None


def check_list_name(name: str) -> str:
    if not _LIST_NAME.match(name):
        raise ValidationFailed("A list name is 1-64 letters, digits, '.', '_' or '-'.",
                               code="bad_list_name", fields={"list": ["Not a valid name."]})
    return name


def parse_list_file(path: Path, fmt: str, list_name: str) -> ListFile:
    """Parse the whole file (raises `ListMalformed`, never returns a partial list)."""
    if fmt not in PARSERS:
        raise ValidationFailed(f"Unknown list format {fmt!r}.", code="bad_list_format",
                               fields={"format": [f"One of {', '.join(PARSERS)}."]})
    check_list_name(list_name)
    screening_list = PARSERS[fmt](path, list_name=list_name)
    return ListFile(screening_list, fmt, path.name[:255], file_sha256(path))


def active_versions(session: Session) -> tuple[tuple[str, str, str], ...]:
    """(id, name, version) of every list in force: the cheap stamp checked per request."""
    rows = session.execute(
        select(ScreeningListVersion.id, ScreeningListVersion.name, ScreeningListVersion.version)
        .where(ScreeningListVersion.active.is_(True)).order_by(ScreeningListVersion.name))
    return tuple((row.id, row.name, row.version) for row in rows)


def store_list(
    session: Session, ctx: AuditContext, parsed: ListFile, settings: ScreeningServiceSettings
) -> ImportResult:
    """Make `parsed` the active version of its list (audited); keep older versions."""
    screening_list = parsed.screening_list
    name = screening_list.name
    versions = list(session.scalars(
        select(ScreeningListVersion).where(ScreeningListVersion.name == name)
        .order_by(ScreeningListVersion.imported_at.desc())
        .options(defer(ScreeningListVersion.entries_blob)).with_for_update()))
    current = next((v for v in versions if v.active), None)
    if current is not None and current.version == screening_list.version:
        _audit_import(session, ctx, parsed, current, "unchanged")
        return ImportResult(current.id, name, current.version, current.entry_count, False,
                            current.version)
    session.execute(update(ScreeningListVersion).where(ScreeningListVersion.name == name)
                    .values(active=False))
    stored = next((v for v in versions if v.version == screening_list.version), None)
    if stored is None:
        stored = ScreeningListVersion(id=new_id(), name=name, version=screening_list.version)
        session.add(stored)
        versions.insert(0, stored)
    stored.format, stored.source_name = parsed.format, parsed.source_name
    stored.source_sha256, stored.entry_count = parsed.source_sha256, len(screening_list.entries)
    stored.imported_at, stored.imported_by = utcnow(), ctx.actor_id
    stored.active, stored.rescreened_at = True, None
    stored.entries_blob = encode_entries(screening_list)
    kept = 0
    for version in versions:
        if version is not stored:
            kept += 1
            if kept > settings.keep_inactive_versions:
                version.entries_blob = None
    session.flush()
    _audit_import(session, ctx, parsed, stored, "activated",
                  previous=current.version if current else None)
    return ImportResult(stored.id, name, stored.version, stored.entry_count, True,
                        current.version if current else None)


def _audit_import(session: Session, ctx: AuditContext, parsed: ListFile,
                  stored: ScreeningListVersion, result: str, previous: str | None = None) -> None:
    record(session, ctx, AuditEvent(
        AuditAction.SCREENING_LIST_IMPORT, object_type="screening_list", object_id=stored.id,
        details={"list": stored.name, "format": parsed.format, "version": stored.version,
                 "previous_version": previous, "entries": stored.entry_count,
                 "file": parsed.source_name, "file_sha256": parsed.source_sha256,
                 "result": result},
    ))


def record_rejected_import(session: Session, ctx: AuditContext, list_name: str, fmt: str,
                           path: Path, error: ListMalformed) -> None:
    """Audit a refused file (in its own transaction: nothing else of the import commits)."""
    record(session, ctx, AuditEvent(
        AuditAction.SCREENING_LIST_IMPORT, outcome=Outcome.FAILURE, object_type="screening_list",
        details={"list": list_name, "format": fmt, "file": path.name[:255],
                 "code": error.code, "location": error.location, "result": "rejected"},
    ))


def list_versions(session: Session, name: str | None = None) -> list[ScreeningListVersion]:
    query = (select(ScreeningListVersion)
             .options(defer(ScreeningListVersion.entries_blob))
             .order_by(ScreeningListVersion.name, ScreeningListVersion.imported_at.desc()))
    if name is not None:
        query = query.where(ScreeningListVersion.name == name)
    return list(session.scalars(query))

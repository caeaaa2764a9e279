"""Parsed list entries <-> a compressed JSON blob, so a restart needs no list file.

Decoding rebuilds the list through the same `ListBuilder` the parsers use and compares
the content hash with the stored version: a blob that was altered or truncated is an
integrity failure, never a silently different list.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from cases.screening.entries import (
    BirthDate,
    EntityType,
    ListBuilder,
    ListCategory,
    ListEntry,
    ScreeningList,
)
from cases.screening.errors import ListMalformed
from kyc_service.core.errors import IntegrityFailure

FORMAT_VERSION = 1


def _encode_entry(entry: ListEntry) -> list[Any]:
    return [
        entry.entry_id, entry.primary_name, list(entry.aliases), list(entry.weak_aliases),
        [[d.year, d.month, d.day, d.year_to, d.approximate] for d in entry.birth_dates],
        list(entry.nationalities), str(entry.entity_type), str(entry.category),
        dict(entry.reference),
    ]


def _decode_entry(list_name: str, row: list[Any]) -> ListEntry:
    entry_id, primary, aliases, weak, dates, nationalities, entity_type, category, ref = row
    return ListEntry(
        list_name=list_name, entry_id=entry_id, primary_name=primary, aliases=tuple(aliases),
        weak_aliases=tuple(weak), birth_dates=tuple(BirthDate(*d) for d in dates),
        nationalities=tuple(nationalities), entity_type=EntityType(entity_type),
        category=ListCategory(category), reference=ref,
    )


def encode_entries(screening_list: ScreeningList) -> bytes:
    document = {"format": FORMAT_VERSION,
                "entries": [_encode_entry(entry) for entry in screening_list.entries]}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 6)


def decode_entries(list_name: str, version: str, blob: bytes) -> ScreeningList:
    """The stored list, or `IntegrityFailure` when it does not hash to `version`."""
    try:
        document = json.loads(zlib.decompress(blob))
        if document.get("format") != FORMAT_VERSION:
            raise ValueError(f"unknown blob format {document.get('format')!r}")
        builder = ListBuilder(list_name, "stored list")
        for number, row in enumerate(document["entries"]):
            builder.add(_decode_entry(list_name, row), f"entry {number}")
        screening_list = builder.build()
    except (ValueError, TypeError, KeyError, zlib.error, ListMalformed) as exc:
        raise IntegrityFailure(f"Stored list {list_name} cannot be read: {exc}",
                               code="screening_list_unreadable") from exc
    if screening_list.version != version:
        raise IntegrityFailure(f"Stored list {list_name} does not match its version hash.",
                               code="screening_list_tampered")
    return screening_list

"""Simple CSV lists for national sources (Turkey's asset-freeze lists, PEP lists).

Header (exact): entry_id,full_name,aliases,birth_date,nationality,category
with an optional trailing `entity_type` column (person/organisation, default person).
Multi-valued cells (aliases, birth_date, nationality) separate values with ";".
Dates: YYYY, YYYY-MM-DD or DD.MM.YYYY. Nationality: ISO codes or country names (English or
Turkish). Category: sanctions or pep. A UTF-8 byte-order mark (Excel) is accepted.
"""

from __future__ import annotations

import csv
from typing import Any

from cases.screening._sources import Source, describe, open_text
from cases.screening.entries import (
    BirthDate,
    EntityType,
    ListBuilder,
    ListCategory,
    ListEntry,
    ScreeningList,
    distinct_names,
    nationality_codes,
)
from cases.screening.errors import ListMalformed

HEADER = ("entry_id", "full_name", "aliases", "birth_date", "nationality", "category")
OPTIONAL_COLUMN = "entity_type"


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _entry(row: list[str], list_name: str, builder: ListBuilder, where: str) -> ListEntry:
    entry_id, full_name, aliases, birth_dates, nationalities, category = (
        cell.strip() for cell in row[:6]
    )
    if not entry_id or not full_name:
        raise builder.fail("entry_id and full_name are required", where)
    try:
        dates = tuple(dict.fromkeys(BirthDate.parse(d) for d in _split(birth_dates)))
    except ValueError as exc:
        raise builder.fail(f"bad birth_date: {exc}", where) from exc
    try:
        list_category = ListCategory(category.lower())
        entity_type = EntityType(row[6].strip().lower() or "person") if len(row) > 6 else (
            EntityType.PERSON
        )
    except ValueError as exc:
        raise builder.fail(str(exc), where) from exc
    codes = nationality_codes(_split(nationalities))
    unknown = [v for v in _split(nationalities) if not nationality_codes([v])]
    if unknown:
        raise builder.fail(f"unknown nationality {unknown[0]!r}", where)
    return ListEntry(
        list_name=list_name,
        entry_id=entry_id,
        primary_name=" ".join(full_name.split()),
        aliases=distinct_names(full_name, _split(aliases)),
        birth_dates=dates,
        nationalities=codes,
        entity_type=entity_type,
        category=list_category,
        reference={"entry_id": entry_id},
    )


def parse_csv_list(source: Source, *, list_name: str) -> ScreeningList:
    """Parse the whole file or raise `ListMalformed`; never a partial list."""
    builder = ListBuilder(list_name, describe(source))
    reader = None
    try:
        with open_text(source, "utf-8-sig") as handle:
            reader = csv.reader(handle, strict=True)
            _read_rows(reader, list_name, builder)
    except csv.Error as exc:
        line = reader.line_num if reader is not None else 0
        raise builder.fail(f"CSV syntax error ({exc})", f"line {line}") from exc
    except UnicodeDecodeError as exc:
        raise builder.fail("not UTF-8 text", "file encoding") from exc
    screening_list = builder.build()
    if not screening_list.entries:
        raise ListMalformed("no entries", source=builder.source, location="document")
    return screening_list


def _read_rows(reader: Any, list_name: str, builder: ListBuilder) -> None:
    """Check the header, then add one entry per non-blank row (located by physical line:
    a quoted cell may span lines)."""
    header = tuple(cell.strip().lower() for cell in next(reader, []))
    if header not in (HEADER, (*HEADER, OPTIONAL_COLUMN)):
        raise builder.fail(f"header must be {','.join(HEADER)}", "line 1")
    for row in reader:
        where = f"line {reader.line_num}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise builder.fail(f"expected {len(header)} fields, got {len(row)}", where)
        builder.add(_entry(row, list_name, builder, where), where)

"""OpenSanctions FollowTheMoney entities, one JSON object per line.

Each line: {"id", "schema", "properties": {name: [...], alias: [...], weakAlias: [...],
birthDate: [...], nationality: [...], citizenship: [...], country: [...], topics: [...]}}.
Only Person and organisation-like schemas with a sanction or PEP topic become entries;
other lines (addresses, sanctions designations, crime-only topics) are skipped on purpose.
"""

from __future__ import annotations

import json
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

_ORGANISATION_SCHEMAS = frozenset({"Organization", "LegalEntity", "Company", "PublicBody"})
_PEP_TOPICS = frozenset({"role.pep", "role.rca"})


def _category(topics: list[str]) -> ListCategory | None:
    if any(t == "sanction" or t.startswith("sanction.") for t in topics):
        return ListCategory.SANCTIONS
    if any(t in _PEP_TOPICS for t in topics):
        return ListCategory.PEP
    return None


def _strings(properties: dict[str, Any], key: str, builder: ListBuilder, where: str) -> list[str]:
    values = properties.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise builder.fail(f"properties.{key} must be a list of strings", where)
    return values


def _entry(record: Any, list_name: str, builder: ListBuilder, where: str) -> ListEntry | None:
    if not isinstance(record, dict):
        raise builder.fail("line is not a JSON object", where)
    schema, entry_id, props = record.get("schema"), record.get("id"), record.get("properties")
    if not isinstance(schema, str) or not isinstance(entry_id, str) or not entry_id:
        raise builder.fail("entity needs string 'id' and 'schema'", where)
    if not isinstance(props, dict):
        raise builder.fail(f"entity {entry_id} has no 'properties' object", where)
    if schema != "Person" and schema not in _ORGANISATION_SCHEMAS:
        return None
    category = _category(_strings(props, "topics", builder, where))
    if category is None:
        return None
    names = _strings(props, "name", builder, where)
    if not names:
        raise builder.fail(f"entity {entry_id} has no name", where)
    try:
        dates = tuple(BirthDate.parse(d) for d in _strings(props, "birthDate", builder, where))
    except ValueError as exc:
        raise builder.fail(f"entity {entry_id}: bad birthDate: {exc}", where) from exc
    countries = [*_strings(props, "nationality", builder, where),
                 *_strings(props, "citizenship", builder, where)]
    if schema != "Person" or not countries:
        countries += [*_strings(props, "country", builder, where),
                      *_strings(props, "jurisdiction", builder, where)]
    aliases = distinct_names(names[0], [*names[1:], *_strings(props, "alias", builder, where)])
    weak = _strings(props, "weakAlias", builder, where)
    return ListEntry(
        list_name=list_name,
        entry_id=entry_id,
        primary_name=names[0],
        aliases=aliases,
        weak_aliases=distinct_names(names[0], weak, exclude=aliases),
        birth_dates=tuple(dict.fromkeys(dates)),
        nationalities=nationality_codes(countries),
        entity_type=EntityType.PERSON if schema == "Person" else EntityType.ORGANISATION,
        category=category,
        reference={"id": entry_id, "schema": schema,
                   "datasets": ",".join(str(d) for d in record.get("datasets", []))},
    )


def parse_ftm_json(source: Source, *, list_name: str = "OpenSanctions") -> ScreeningList:
    """Parse the whole file or raise `ListMalformed`; never a partial list."""
    builder = ListBuilder(list_name, describe(source))
    number = 0
    try:
        with open_text(source) as handle:
            for number, line in enumerate(handle, start=1):
                _read_line(line, number, list_name, builder)
    except UnicodeDecodeError as exc:
        raise builder.fail("not UTF-8 text", f"after line {number}") from exc
    screening_list = builder.build()
    if not screening_list.entries:
        raise ListMalformed("no sanction or PEP entities", source=builder.source,
                            location="document")
    return screening_list


def _read_line(line: str, number: int, list_name: str, builder: ListBuilder) -> None:
    if not line.strip():
        return
    where = f"line {number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        location = f"{where}, column {exc.colno}"
        raise builder.fail(f"invalid JSON ({exc.msg})", location) from exc
    if (entry := _entry(record, list_name, builder, where)) is not None:
        builder.add(entry, where)

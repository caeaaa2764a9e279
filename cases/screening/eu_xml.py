"""EU financial sanctions consolidated list (FSF XML), streamed entity by entity.

Format: export / sanctionEntity (attribute logicalId) with child elements carrying their
data in attributes: subjectType (code person/enterprise), nameAlias (wholeName, firstName,
middleName, lastName, strong true/false), birthdate (birthdate, year, monthOfYear,
dayOfMonth, circa), citizenship (countryIso2Code, countryDescription).
"""

from __future__ import annotations

from lxml import etree

from cases.screening._sources import (
    Source,
    describe,
    element_location,
    iter_xml_elements,
    local_name,
)
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

_UNKNOWN_COUNTRY = "00"


def _children(entity: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in entity if local_name(child) == name]


def _alias_name(alias: etree._Element) -> str:
    whole = alias.get("wholeName", "").strip()
    if whole:
        return whole
    parts = (alias.get(key, "").strip() for key in ("firstName", "middleName", "lastName"))
    return " ".join(p for p in parts if p)


def _birth_date(element: etree._Element, builder: ListBuilder) -> BirthDate | None:
    approximate = element.get("circa", "false").lower() == "true"
    full, year = element.get("birthdate", "").strip(), element.get("year", "").strip()
    month, day = element.get("monthOfYear", "").strip(), element.get("dayOfMonth", "").strip()
    try:
        if full:
            return BirthDate.parse(full, approximate=approximate)
        if year:
            return BirthDate(
                int(year), int(month) if month else None,
                int(day) if day and month else None, approximate=approximate,
            )
    except ValueError as exc:
        raise builder.fail(f"bad birthdate: {exc}", element_location(element)) from exc
    return None


def _entry(entity: etree._Element, list_name: str, builder: ListBuilder) -> ListEntry:
    entry_id = entity.get("logicalId", "").strip()
    if not entry_id:
        raise builder.fail("sanctionEntity without logicalId", element_location(entity))
    strong: list[str] = []
    weak: list[str] = []
    for alias in _children(entity, "nameAlias"):
        if name := _alias_name(alias):
            (weak if alias.get("strong", "true").lower() == "false" else strong).append(name)
    if not strong and not weak:
        raise builder.fail(f"entity {entry_id} has no nameAlias", element_location(entity))
    primary = (strong or weak)[0]
    aliases = distinct_names(primary, strong)
    subject = next(iter(_children(entity, "subjectType")), None)
    is_person = subject is None or subject.get("code", "person").lower() == "person"
    dates = (_birth_date(b, builder) for b in _children(entity, "birthdate"))
    countries = [
        c.get("countryIso2Code", "") if c.get("countryIso2Code") != _UNKNOWN_COUNTRY
        else c.get("countryDescription", "")
        for c in _children(entity, "citizenship")
    ]
    reference = {
        "logicalId": entry_id,
        "euReferenceNumber": entity.get("euReferenceNumber", ""),
        "unitedNationId": entity.get("unitedNationId", ""),
        "designationDetails": entity.get("designationDetails", ""),
    }
    return ListEntry(
        list_name=list_name,
        entry_id=entry_id,
        primary_name=primary,
        aliases=aliases,
        weak_aliases=distinct_names(primary, weak, exclude=aliases),
        birth_dates=tuple(dict.fromkeys(d for d in dates if d is not None)),
        nationalities=nationality_codes(countries),
        entity_type=EntityType.PERSON if is_person else EntityType.ORGANISATION,
        category=ListCategory.SANCTIONS,
        reference={k: v for k, v in reference.items() if v},
    )


def parse_eu_xml(source: Source, *, list_name: str = "EU") -> ScreeningList:
    """Parse the whole file or raise `ListMalformed`; never a partial list."""
    builder = ListBuilder(list_name, describe(source))
    for entity in iter_xml_elements(source, ("{*}sanctionEntity",), builder):
        builder.add(_entry(entity, list_name, builder), element_location(entity))
    screening_list = builder.build()
    if not screening_list.entries:
        raise ListMalformed("no sanctionEntity elements", source=builder.source,
                            location="document")
    return screening_list

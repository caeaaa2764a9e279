"""UN Security Council consolidated list (XML), streamed element by element.

Format: CONSOLIDATED_LIST / INDIVIDUALS / INDIVIDUAL and ENTITIES / ENTITY, with
FIRST_NAME..FOURTH_NAME, INDIVIDUAL_ALIAS (QUALITY Good/Low, ALIAS_NAME),
INDIVIDUAL_DATE_OF_BIRTH (TYPE_OF_DATE EXACT/APPROXIMATELY/BETWEEN, DATE, YEAR,
FROM_YEAR, TO_YEAR), NATIONALITY/VALUE (English country names), DATAID, REFERENCE_NUMBER.
"""

from __future__ import annotations

from lxml import etree

from cases.screening._sources import Source, describe, element_location, iter_xml_elements
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

_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_REFERENCE_FIELDS = ("DATAID", "REFERENCE_NUMBER", "UN_LIST_TYPE", "LISTED_ON",
                     "NAME_ORIGINAL_SCRIPT", "VERSIONNUM")


def _text(element: etree._Element, tag: str) -> str:
    found = element.find(tag)
    return " ".join((found.text or "").split()) if found is not None else ""


def _fields(element: etree._Element) -> dict[str, str]:
    """Text of the first child of each tag (one pass instead of a find() per field)."""
    fields: dict[str, str] = {}
    for child in element:
        if child.tag not in fields and isinstance(child.tag, str):
            fields[child.tag] = " ".join((child.text or "").split())
    return fields


def _birth_dates(individual: etree._Element, builder: ListBuilder) -> tuple[BirthDate, ...]:
    dates: list[BirthDate] = []
    for dob in individual.iter("INDIVIDUAL_DATE_OF_BIRTH"):
        kind = _text(dob, "TYPE_OF_DATE").upper()
        approximate = kind == "APPROXIMATELY"
        try:
            if date := _text(dob, "DATE"):
                dates.append(BirthDate.parse(date, approximate=approximate))
            elif year := _text(dob, "YEAR"):
                dates.append(BirthDate(int(year), approximate=approximate))
            elif (start := _text(dob, "FROM_YEAR")) and (end := _text(dob, "TO_YEAR")):
                dates.append(BirthDate(int(start), year_to=int(end), approximate=True))
        except ValueError as exc:
            raise builder.fail(f"bad date of birth: {exc}", element_location(dob)) from exc
    return tuple(dict.fromkeys(dates))


def _aliases(element: etree._Element, alias_tag: str) -> tuple[list[str], list[str]]:
    good: list[str] = []
    weak: list[str] = []
    for alias in element.iter(alias_tag):
        name = _text(alias, "ALIAS_NAME")
        if name:
            (weak if _text(alias, "QUALITY").lower() == "low" else good).append(name)
    return good, weak


def _entry(element: etree._Element, list_name: str, builder: ListBuilder) -> ListEntry:
    is_person = element.tag == "INDIVIDUAL"
    fields = _fields(element)
    entry_id = fields.get("DATAID", "")
    if not entry_id:
        raise builder.fail("missing DATAID", element_location(element))
    primary = " ".join(p for p in (fields.get(t) for t in _NAME_PARTS) if p)
    if not primary:
        raise builder.fail(f"entry {entry_id} has no FIRST_NAME", element_location(element))
    good, weak = _aliases(element, "INDIVIDUAL_ALIAS" if is_person else "ENTITY_ALIAS")
    aliases = distinct_names(primary, good)
    return ListEntry(
        list_name=list_name,
        entry_id=entry_id,
        primary_name=primary,
        aliases=aliases,
        weak_aliases=distinct_names(primary, weak, exclude=aliases),
        birth_dates=_birth_dates(element, builder) if is_person else (),
        nationalities=nationality_codes(
            (v.text or "") for v in element.iterfind("NATIONALITY/VALUE")
        ),
        entity_type=EntityType.PERSON if is_person else EntityType.ORGANISATION,
        category=ListCategory.SANCTIONS,
        reference={f: v for f in _REFERENCE_FIELDS if (v := fields.get(f))},
    )


def parse_un_xml(source: Source, *, list_name: str = "UN") -> ScreeningList:
    """Parse the whole file or raise `ListMalformed`; never a partial list."""
    builder = ListBuilder(list_name, describe(source))
    for element in iter_xml_elements(source, ("INDIVIDUAL", "ENTITY"), builder):
        builder.add(_entry(element, list_name, builder), element_location(element))
    screening_list = builder.build()
    if not screening_list.entries:
        raise ListMalformed("no INDIVIDUAL or ENTITY elements", source=builder.source,
                            location="document")
    return screening_list

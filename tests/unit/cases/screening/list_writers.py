"""Writers for small screening-list files in the real formats, so parser tests need no
fixtures on disk and each test shows exactly the data it relies on."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

EU_NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
CSV_HEADER = ("entry_id", "full_name", "aliases", "birth_date", "nationality", "category")


@dataclass
class UnPerson:
    dataid: str
    names: Sequence[str]
    aliases: Sequence[tuple[str, str]] = ()  # (name, quality "Good"/"Low")
    dates: Sequence[Mapping[str, str]] = ()  # TYPE_OF_DATE, DATE, YEAR, FROM_YEAR, TO_YEAR
    nationalities: Sequence[str] = ()
    reference: str = "QDi.001"


@dataclass
class UnEntity:
    dataid: str
    name: str
    aliases: Sequence[tuple[str, str]] = ()


def _child(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    element.text = text
    return element


def un_xml(people: Iterable[UnPerson], entities: Iterable[UnEntity] = ()) -> bytes:
    root = etree.Element("CONSOLIDATED_LIST", dateGenerated="2026-01-01T00:00:00Z")
    individuals = _child(root, "INDIVIDUALS")
    for person in people:
        element = _child(individuals, "INDIVIDUAL")
        _child(element, "DATAID", person.dataid)
        _child(element, "VERSIONNUM", "1")
        for tag, part in zip(("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"),
                             person.names, strict=False):
            _child(element, tag, part)
        _child(element, "UN_LIST_TYPE", "Al-Qaida")
        _child(element, "REFERENCE_NUMBER", person.reference)
        for country in person.nationalities:
            _child(_child(element, "NATIONALITY"), "VALUE", country)
        for name, quality in person.aliases:
            alias = _child(element, "INDIVIDUAL_ALIAS")
            _child(alias, "QUALITY", quality)
            _child(alias, "ALIAS_NAME", name)
        for date in person.dates:
            dob = _child(element, "INDIVIDUAL_DATE_OF_BIRTH")
            for tag, value in date.items():
                _child(dob, tag, value)
    entities_element = _child(root, "ENTITIES")
    for entity in entities:
        element = _child(entities_element, "ENTITY")
        _child(element, "DATAID", entity.dataid)
        _child(element, "FIRST_NAME", entity.name)
        for name, quality in entity.aliases:
            alias = _child(element, "ENTITY_ALIAS")
            _child(alias, "QUALITY", quality)
            _child(alias, "ALIAS_NAME", name)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@dataclass
class EuEntity:
    logical_id: str
    aliases: Sequence[Mapping[str, str]]  # nameAlias attributes
    subject: str = "person"
    birthdates: Sequence[Mapping[str, str]] = ()  # birthdate attributes
    citizenships: Sequence[str] = ()  # countryIso2Code
    extra: Mapping[str, str] = field(default_factory=dict)


def eu_xml(entities: Iterable[EuEntity]) -> bytes:
    def tag(name: str) -> str:
        return f"{{{EU_NAMESPACE}}}{name}"

    root = etree.Element(tag("export"), nsmap={None: EU_NAMESPACE}, generationDate="2026-01-01")
    for entity in entities:
        element = etree.SubElement(root, tag("sanctionEntity"), logicalId=entity.logical_id,
                                   euReferenceNumber=f"EU.{entity.logical_id}", **entity.extra)
        etree.SubElement(element, tag("regulation"), programme="SYR")
        etree.SubElement(element, tag("subjectType"), code=entity.subject,
                         classificationCode="P" if entity.subject == "person" else "E")
        for alias in entity.aliases:
            etree.SubElement(element, tag("nameAlias"), **alias)
        for birthdate in entity.birthdates:
            etree.SubElement(element, tag("birthdate"), **birthdate)
        for code in entity.citizenships:
            etree.SubElement(element, tag("citizenship"), countryIso2Code=code)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def ftm_entity(entity_id: str, schema: str = "Person", **properties: Any) -> dict[str, Any]:
    """An FtM entity; keyword arguments become properties (lists of strings)."""
    return {"id": entity_id, "schema": schema, "caption": entity_id,
            "properties": properties, "datasets": ["test"]}


def ftm_jsonl(records: Iterable[Mapping[str, Any] | str]) -> bytes:
    """One JSON object per line; a str record is written as-is (for malformed lines)."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return ("\n".join(lines) + "\n").encode("utf-8")


def csv_list(rows: Iterable[Sequence[str]], header: Sequence[str] = CSV_HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")

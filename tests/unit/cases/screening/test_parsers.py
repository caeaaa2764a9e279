from __future__ import annotations

import io
from pathlib import Path

import pytest

from cases.screening import (
    BirthDate,
    EntityType,
    ListCategory,
    ListMalformed,
    parse_csv_list,
    parse_eu_xml,
    parse_ftm_json,
    parse_un_xml,
)
from kyc_service.core.errors import ValidationFailed

from .list_writers import (
    EuEntity,
    UnEntity,
    UnPerson,
    csv_list,
    eu_xml,
    ftm_entity,
    ftm_jsonl,
    un_xml,
)

BIN_LADIN = UnPerson(
    dataid="6908555",
    names=["USAMA", "MUHAMMED", "AWAD", "BIN LADIN"],
    aliases=[("Osama bin Laden", "Good"), ("Abu Abdallah", "Low"), ("Osama bin Laden", "Good")],
    dates=[{"TYPE_OF_DATE": "EXACT", "DATE": "1957-03-10"},
           {"TYPE_OF_DATE": "APPROXIMATELY", "YEAR": "1956"},
           {"TYPE_OF_DATE": "BETWEEN", "FROM_YEAR": "1955", "TO_YEAR": "1958"}],
    nationalities=["Saudi Arabia"],
)


def test_un_xml_individuals_and_entities(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_bytes(un_xml([BIN_LADIN], [UnEntity("110", "AL-QAIDA", [("The Base", "Good")])]))

    parsed = parse_un_xml(path)

    person, organisation = parsed.entries
    assert person.entry_id == "6908555"
    assert person.primary_name == "USAMA MUHAMMED AWAD BIN LADIN"
    assert person.aliases == ("Osama bin Laden",)
    assert person.weak_aliases == ("Abu Abdallah",)
    assert person.birth_dates == (
        BirthDate(1957, 3, 10), BirthDate(1956, approximate=True),
        BirthDate(1955, year_to=1958, approximate=True),
    )
    assert person.nationalities == ("SAU",)
    assert person.reference["REFERENCE_NUMBER"] == "QDi.001"
    assert organisation.entity_type is EntityType.ORGANISATION
    assert organisation.aliases == ("The Base",)
    assert parsed.name == "UN" and len(parsed.version) == 64


def test_version_is_a_content_hash() -> None:
    first = parse_un_xml(io.BytesIO(un_xml([BIN_LADIN])))
    again = parse_un_xml(io.BytesIO(un_xml([BIN_LADIN])))
    changed = UnPerson(**{**BIN_LADIN.__dict__, "nationalities": ["Yemen"]})

    assert first.version == again.version
    assert parse_un_xml(io.BytesIO(un_xml([changed]))).version != first.version


@pytest.mark.parametrize(
    ("document", "location"),
    [
        (b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>\n<DATAID>1</DATAID>\n</INDIVIDUALS>",
         "line 3"),
        (un_xml([UnPerson("7", ["ALI", "HASSAN"], dates=[{"DATE": "1960-02-31"}])]),
         "<INDIVIDUAL_DATE_OF_BIRTH>"),
        (un_xml([UnPerson("", ["NO", "ID"])]), "<INDIVIDUAL>"),
        (un_xml([UnPerson("8", ["A", "B"]), UnPerson("8", ["C", "D"])]), "<INDIVIDUAL>"),
        (b"<CONSOLIDATED_LIST/>", "document"),
    ],
    ids=["not-well-formed", "impossible-date", "missing-dataid", "duplicate-id", "empty"],
)
def test_un_xml_malformed_names_the_location(document: bytes, location: str) -> None:
    with pytest.raises(ListMalformed) as raised:
        parse_un_xml(io.BytesIO(document))

    assert location in raised.value.location
    assert raised.value.code == "list_malformed"
    assert isinstance(raised.value, ValidationFailed)


def test_un_xml_does_not_expand_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    document = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>"
        "<FIRST_NAME>A &e;</FIRST_NAME><SECOND_NAME>B</SECOND_NAME></INDIVIDUAL>"
        "</INDIVIDUALS></CONSOLIDATED_LIST>"
    ).encode()

    parsed = parse_un_xml(io.BytesIO(document))

    assert "SECRET" not in parsed.entries[0].primary_name


def test_eu_xml_entities() -> None:
    document = eu_xml([
        EuEntity("13", [
            {"wholeName": "Bashar Hafez AL-ASSAD", "firstName": "Bashar", "lastName": "Al-Assad",
             "strong": "true"},
            {"firstName": "Башар", "lastName": "Асад", "strong": "true"},
            {"wholeName": "Dr Bashar", "strong": "false"},
        ], birthdates=[{"birthdate": "1965-09-11", "circa": "false"}, {"year": "1966"}],
            citizenships=["SY", "00"]),
        EuEntity("99", [{"wholeName": "Syrian Scientific Studies Centre"}], subject="enterprise"),
    ])

    person, company = parse_eu_xml(io.BytesIO(document)).entries

    assert person.entry_id == "13"
    assert person.primary_name == "Bashar Hafez AL-ASSAD"
    assert person.aliases == ("Башар Асад",)
    assert person.weak_aliases == ("Dr Bashar",)
    assert person.birth_dates == (BirthDate(1965, 9, 11), BirthDate(1966))
    assert person.nationalities == ("SYR",)
    assert company.entity_type is EntityType.ORGANISATION


def test_eu_xml_malformed_birthdate_is_located() -> None:
    document = eu_xml([EuEntity("5", [{"wholeName": "X Y"}], birthdates=[{"year": "19x5"}])])

    with pytest.raises(ListMalformed) as raised:
        parse_eu_xml(io.BytesIO(document))

    assert raised.value.location.startswith("line ")
    assert "<birthdate>" in raised.value.location


def test_ftm_json_lines() -> None:
    document = ftm_jsonl([
        ftm_entity("Q1", name=["Ramzan Kadyrov", "Рамзан Кадыров"], alias=["Ramzan Akhmatovich"],
                   birthDate=["1976-10-05"], nationality=["ru"], topics=["role.pep", "sanction"]),
        ftm_entity("Q2", name=["Ayşe Yılmaz"], birthDate=["1970"], country=["tr"],
                   topics=["role.pep"]),
        ftm_entity("C1", "Company", name=["Acme Holding"], country=["cy"], topics=["sanction"]),
        ftm_entity("A1", "Address", full=["Somewhere 1"]),
        ftm_entity("X1", name=["Petty Criminal"], topics=["crime"]),
    ])

    kadyrov, yilmaz, acme = parse_ftm_json(io.BytesIO(document)).entries

    # The Cyrillic name romanises to the primary name, so it adds nothing to match on.
    assert kadyrov.aliases == ("Ramzan Akhmatovich",)
    assert kadyrov.category is ListCategory.SANCTIONS
    assert kadyrov.nationalities == ("RUS",)
    assert yilmaz.category is ListCategory.PEP
    assert yilmaz.birth_dates == (BirthDate(1970),)
    assert yilmaz.nationalities == ("TUR",)
    assert acme.entity_type is EntityType.ORGANISATION


@pytest.mark.parametrize(
    ("line", "detail"),
    [('{"id": "Q9", "schema": "Person", "properties": ', "invalid JSON"),
     ('["not", "an", "object"]', "not a JSON object"),
     ('{"id": "Q9", "schema": "Person", "properties": {"name": "Solo", "topics": ["sanction"]}}',
      "list of strings"),
     ('{"id": "Q9", "schema": "Person", "properties": {"name": ["A B"], "topics": ["sanction"],'
      ' "birthDate": ["1970-13-01"]}}', "birthDate")],
)
def test_ftm_json_malformed_line_is_located(line: str, detail: str) -> None:
    document = ftm_jsonl([ftm_entity("Q1", name=["A B"], topics=["sanction"]), line])

    with pytest.raises(ListMalformed) as raised:
        parse_ftm_json(io.BytesIO(document))

    assert raised.value.location.startswith("line 2")
    assert detail in raised.value.detail


def test_csv_list_turkish_asset_freeze(tmp_path: Path) -> None:
    path = tmp_path / "tr_asset_freeze.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_list([
        ["TR-1", "ŞENOL GÜNEŞ", "Senol Gunes;Şenol Güneş", "01.06.1952;1953", "Türkiye",
         "sanctions"],
        ["TR-2", "İsmail Işık", "", "", "TR;DE", "pep"],
    ]))

    parsed = parse_csv_list(path, list_name="TR-MASAK")

    gunes, isik = parsed.entries
    assert gunes.aliases == ()  # both aliases fold to the primary name
    assert gunes.birth_dates == (BirthDate(1952, 6, 1), BirthDate(1953))
    assert gunes.nationalities == ("TUR",)
    assert isik.category is ListCategory.PEP
    assert isik.nationalities == ("TUR", "DEU")
    assert parsed.name == "TR-MASAK"


@pytest.mark.parametrize(
    ("rows", "header", "location"),
    [([["1", "A B", "", "", "", "sanctions"]], ("id", "name"), "line 1"),
     ([["1", "A B", "", "", "", "sanctions"], ["2", "C D", "", "1970-02-30", "", "pep"]],
      None, "line 3"),
     ([["1", "A B", "", "", "Atlantis", "sanctions"]], None, "line 2"),
     ([["1", "A B", "", "", "", "embargo"]], None, "line 2"),
     ([["1", "A B", "", ""]], None, "line 2"),
     ([["1", "A B", "", "", "", "pep"], ["1", "C D", "", "", "", "pep"]], None, "line 3")],
    ids=["header", "date", "nationality", "category", "short-row", "duplicate"],
)
def test_csv_list_malformed_row_is_located(
    rows: list[list[str]], header: tuple[str, ...] | None, location: str
) -> None:
    document = csv_list(rows, header) if header else csv_list(rows)

    with pytest.raises(ListMalformed) as raised:
        parse_csv_list(io.BytesIO(document), list_name="TR")

    assert raised.value.location == location


def test_csv_list_accepts_entity_type_column() -> None:
    header = (*("entry_id", "full_name", "aliases", "birth_date", "nationality", "category"),
              "entity_type")
    document = csv_list([["9", "Acme Ltd", "", "", "", "sanctions", "organisation"]], header)

    (entry,) = parse_csv_list(io.BytesIO(document), list_name="TR").entries

    assert entry.entity_type is EntityType.ORGANISATION

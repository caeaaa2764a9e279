"""Reading the printed face (VIZ) of generated ID-front and passport phone photos."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from PIL import Image

from kyc_service.customers.national_id import turkish_national_id_is_valid
from kyc_service.documents.mrz import parse_mrz
from kyc_service.documents.verification import VerificationSettings, document_findings
from kyc_service.documents.viz import extract_viz
from kyc_service.documents.viz_fields import (
    Read,
    clean_name,
    parse_date,
    parse_nationality,
    parse_serial,
    parse_sex,
    turkish_upper,
)
from kyc_service.documents.viz_mrz import mrz_fold
from tests.docgen.documents import render_id_front, render_passport
from tests.docgen.identity import Identity, random_identity
from tests.docgen.mrz_text import td3_lines
from tests.docgen.photo import photograph

AS_OF = date(2025, 11, 1)
REVIEW_BELOW = VerificationSettings().minimum_confidence


def _truth(kind: str, identity: Identity) -> dict[str, str]:
    expected = {"national_id": identity.national_id, "surname": identity.surname,
                "given_names": identity.given_names,
                "birth_date": identity.birth_date.isoformat(),
                "expiry_date": identity.expiry_date.isoformat(), "sex": identity.sex,
                "nationality": "TUR"}
    if kind == "id_card":
        expected["document_number"] = identity.document_number
    else:
        expected["passport_number"] = identity.passport_number
    return expected


def _photo(kind: str, identity: Identity, seed: int) -> Image.Image:
    document = render_id_front(identity) if kind == "id_card" else render_passport(identity)
    return photograph(document, random.Random(seed), document_share=0.45)


TURKISH = [("id_card", {"surname": "ŞİMŞEK", "given_names": "ÇAĞRI İLKER", "sex": "M"}),
           ("id_card", {"surname": "KARAGÖZOĞLU", "given_names": "ÇİĞDEM", "sex": "F"}),
           ("passport", {"surname": "ÖZDEMİR", "given_names": "BÜŞRA ŞEYMA", "sex": "F"}),
           ("passport", {"surname": "GÜNEŞ", "given_names": "İSMAİL", "sex": "M"})]


@pytest.mark.parametrize(("kind", "names"), TURKISH)
def test_every_field_is_read_with_turkish_letters(kind: str, names: dict[str, str]) -> None:
    identity = random_identity(random.Random(f"viz-{names['surname']}"), **names)
    side = "front" if kind == "id_card" else "data_page"
    result = extract_viz(_photo(kind, identity, 7), kind, side, as_of=AS_OF)
    assert result.fields == _truth(kind, identity)
    assert min(result.confidence.values()) >= REVIEW_BELOW
    assert result.findings == []


def test_a_bad_national_id_checksum_is_kept_as_printed_but_not_trusted() -> None:
    good = random_identity(random.Random("viz-checksum"))
    broken = good.national_id[:10] + str((int(good.national_id[10]) + 1) % 10)
    assert not turkish_national_id_is_valid(broken)
    identity = replace(good, national_id=broken)
    result = extract_viz(_photo("id_card", identity, 3), "id_card", "front", as_of=AS_OF)
    assert result.fields["national_id"] == broken
    assert result.confidence["national_id"] < REVIEW_BELOW
    codes = {f["code"] for f in document_findings(
        "id_card", result.fields, None, False, AS_OF, VerificationSettings(),
        result.confidence)}
    assert {"national_id_invalid", "low_confidence"} <= codes


def test_the_mrz_is_a_hint_and_never_replaces_the_printed_value() -> None:
    identity = random_identity(random.Random("viz-mrz"), surname="DOĞAN")
    photo = _photo("passport", identity, 5)
    agreeing = parse_mrz(list(td3_lines(identity)), today=AS_OF)
    result = extract_viz(photo, "passport", "data_page", agreeing, as_of=AS_OF)
    assert result.fields["surname"] == "DOĞAN"
    assert result.confidence["surname"] >= 0.95
    assert result.findings == []

    other = parse_mrz(list(td3_lines(replace(identity, surname="KAYA"))), today=AS_OF)
    result = extract_viz(photo, "passport", "data_page", other, as_of=AS_OF)
    assert result.fields["surname"] == "DOĞAN"  # printed value kept
    assert result.confidence["surname"] < REVIEW_BELOW
    assert {"code": "viz_mrz_mismatch", "fields": ["surname"]} in result.findings


def test_a_photo_without_a_document_reads_nothing() -> None:
    blank = np.full((900, 1200, 3), 128, np.uint8)
    result = extract_viz(blank, "id_card", "front", as_of=AS_OF)
    assert set(result.fields.values()) == {None}
    assert result.findings[0]["code"] == "fields_unreadable"


def test_an_upside_down_card_is_turned_by_its_photo_position() -> None:
    identity = random_identity(random.Random("viz-upside-down"))
    document = render_id_front(identity)
    photo = photograph(document, random.Random(9), document_share=0.45, rotation_deg=181.0)
    result = extract_viz(photo, "id_card", "front", as_of=AS_OF)
    assert result.fields["national_id"] == identity.national_id
    assert result.fields["surname"] == identity.surname


@pytest.mark.parametrize(("text", "expected"), [
    ("çağrı i\u0307lker", "ÇAĞRI İLKER"), ("I\u0307NCE", "İNCE"), ("ismail", "İSMAİL"),
    ("ılgaz", "ILGAZ")])
def test_turkish_upper_case(text: str, expected: str) -> None:
    assert clean_name(turkish_upper(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("E / M", "M"), ("K / F", "F"), ("KIF", "F"), ("ELM", "M"), ("E / F", None), ("", None)])
def test_sex_from_the_bilingual_field(text: str, expected: str | None) -> None:
    assert parse_sex(Read(text, 0.9))[0] == expected


def test_nationality_and_dates() -> None:
    assert parse_nationality(Read("T.C.ITUR", 0.8)) == ("TUR", 0.9)
    earliest, latest = date(1900, 1, 1), AS_OF
    assert parse_date(Read("27.03.1974", 0.9), earliest, latest) == ("1974-03-27", 0.9)
    assert parse_date(Read("27031974", 0.9), earliest, latest)[0] == "1974-03-27"
    assert parse_date(Read("31.02.1974", 0.9), earliest, latest) == (None, 0.0)
    future_birth = parse_date(Read("01.01.2030", 0.9), earliest, latest)
    assert future_birth[0] == "2030-01-01" and future_birth[1] < REVIEW_BELOW


def test_a_serial_is_fitted_to_its_shape_using_the_engines_alternatives() -> None:
    choices = ((("C", 0.9),), (("9", 0.9),), (("4", 0.9),),
               (("1", 0.84), ("J", 0.85)), (("0", 0.9),), (("0", 0.9),), (("0", 0.9),),
               (("7", 0.9),), (("3", 0.9),))
    value, confidence = parse_serial(Read("C94100073", 0.8, choices), "LDDLDDDDD")
    assert value == "C94J00073"
    assert confidence < REVIEW_BELOW  # repaired: right more often than not, still reviewed
    assert parse_serial(Read("C94JOO073", 0.8), "LDDLDDDDD")[0] == "C94J00073"


def test_names_fold_to_the_mrz_transliteration() -> None:
    assert mrz_fold("ÇAĞRI İLKER") == "CAGRI<ILKER"

"""MRZ parsing, check digits and OCR-confusion correction (ICAO 9303 specimens + Turkish)."""

from __future__ import annotations

import datetime as dt

import pytest

from kyc_service.core.errors import KycError
from kyc_service.documents.mrz import (
    MrzCheckFailedError,
    MrzUnreadableError,
    check_digit,
    parse_mrz,
)

TODAY = dt.date(2025, 6, 1)

TD3_SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TD1_SPECIMEN = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)
TD2_SPECIMEN = (
    "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
    "D231458907UTO7408122F1204159<<<<<<<6",
)
# Turkish ID card: national id 13642621274 in the TD1 optional field of line 1.
TR_TD1 = (
    "I<TURA12B34567513642621274<<<<",
    "8803090F3103083TUR<<<<<<<<<<<4",
    "SAHIN<<AYSE<GUL<<<<<<<<<<<<<<<",
)
TR_TD3 = (
    "P<TURSAHIN<<AYSE<GUL<<<<<<<<<<<<<<<<<<<<<<<<",
    "U123456784TUR8803090F310308313642621274<<<20",
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("L898902C3", 6),
        ("740812", 2),
        ("120415", 9),
        ("ZE184226B<<<<<", 1),
        ("D23145890", 7),
        ("<<<<<<", 0),
        ("520727", 3),
        ("AB2134<<<", 5),
    ],
)
def test_check_digit(data: str, expected: int) -> None:
    assert check_digit(data) == expected


def test_check_digit_rejects_non_mrz_characters() -> None:
    with pytest.raises(ValueError, match="not an MRZ character"):
        check_digit("ab1")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (TD3_SPECIMEN, {
            "type": "TD3", "document_code": "P", "issuing_state": "UTO",
            "document_number": "L898902C3", "birth_date": "1974-08-12", "sex": "F",
            "expiry_date": "2012-04-15", "nationality": "UTO", "surname": "ERIKSSON",
            "given_names": "ANNA MARIA", "personal_number": "ZE184226B",
        }),
        (TD1_SPECIMEN, {
            "type": "TD1", "document_code": "I", "issuing_state": "UTO",
            "document_number": "D23145890", "birth_date": "1974-08-12", "sex": "F",
            "expiry_date": "2012-04-15", "nationality": "UTO", "surname": "ERIKSSON",
            "given_names": "ANNA MARIA", "optional_data_1": "", "optional_data_2": "",
        }),
        (TD2_SPECIMEN, {
            "type": "TD2", "document_code": "I", "issuing_state": "UTO",
            "document_number": "D23145890", "birth_date": "1974-08-12",
            "expiry_date": "2012-04-15", "surname": "ERIKSSON", "given_names": "ANNA MARIA",
        }),
        (TR_TD1, {
            "type": "TD1", "issuing_state": "TUR", "document_number": "A12B34567",
            "national_id": "13642621274", "birth_date": "1988-03-09", "sex": "F",
            "expiry_date": "2031-03-08", "surname": "SAHIN", "given_names": "AYSE GUL",
        }),
        (TR_TD3, {
            "type": "TD3", "issuing_state": "TUR", "document_number": "U12345678",
            "national_id": "13642621274", "personal_number": "13642621274",
            "birth_date": "1988-03-09", "expiry_date": "2031-03-08", "surname": "SAHIN",
        }),
    ],
    ids=["td3-specimen", "td1-specimen", "td2-specimen", "turkish-id", "turkish-passport"],
)
def test_parse_valid_mrz(lines: tuple[str, ...], expected: dict[str, str]) -> None:
    result = parse_mrz(lines, today=TODAY).to_dict()
    assert result["valid"] is True
    assert all(result["checks"].values())
    assert result["lines"] == list(lines)
    assert result["corrections"] == []
    for key, value in expected.items():
        assert result[key] == value, key


def test_result_always_lists_unverified_fields() -> None:
    result = parse_mrz(TD3_SPECIMEN, today=TODAY).to_dict()
    assert {"surname", "given_names", "nationality", "sex"} <= set(result["unverified_fields"])
    assert set(result["checks"]) == {
        "document_number", "birth_date", "expiry_date", "personal_number", "composite"}


def _replace(line: str, position: int, char: str) -> str:
    return line[:position] + char + line[position + 1 :]


@pytest.mark.parametrize(
    ("lines", "line", "position", "char", "failing"),
    [
        (TD3_SPECIMEN, 1, 18, "3", {"birth_date", "composite"}),
        (TD3_SPECIMEN, 1, 26, "8", {"expiry_date", "composite"}),
        (TD3_SPECIMEN, 1, 9, "7", {"document_number", "composite"}),
        (TD3_SPECIMEN, 1, 42, "2", {"personal_number", "composite"}),
        (TD3_SPECIMEN, 1, 43, "1", {"composite"}),
        (TD1_SPECIMEN, 1, 3, "9", {"birth_date", "composite"}),
        (TD1_SPECIMEN, 0, 14, "3", {"document_number", "composite"}),
        (TD1_SPECIMEN, 1, 29, "5", {"composite"}),
        (TR_TD1, 0, 17, "9", {"national_id", "optional_data", "composite"}),
    ],
    ids=["td3-birth", "td3-expiry", "td3-docnum-digit", "td3-personal", "td3-composite",
         "td1-birth", "td1-docnum-digit", "td1-composite", "tr-national-id"],
)
def test_corruption_is_flagged_by_the_right_check(
    lines: tuple[str, ...], line: int, position: int, char: str, failing: set[str]
) -> None:
    corrupted = list(lines)
    corrupted[line] = _replace(corrupted[line], position, char)
    result = parse_mrz(corrupted, today=TODAY)
    assert not result.valid
    assert {name for name, ok in result.checks.items() if not ok} == failing
    assert "mrz_check_failed" in result.findings
    with pytest.raises(MrzCheckFailedError) as caught:
        result.require_valid()
    assert caught.value.code == "mrz_check_failed"
    assert isinstance(caught.value, KycError)


@pytest.mark.parametrize(
    ("lines", "misreads", "reason"),
    [
        # Letters read in digit-only fields (dates, check digits): forced by the field type.
        (TD3_SPECIMEN, [(1, 15, "O"), (1, 23, "O"), (1, 43, "O")], "type"),
        (TD3_SPECIMEN, [(1, 16, "B"), (1, 26, "S"), (1, 19, "Z")], "type"),
        # Digit read as letter in the alphanumeric document number: the check digit decides.
        (TD3_SPECIMEN, [(1, 5, "O")], "check"),
        # Digits read in alphabetic fields (names, states).
        (TD1_SPECIMEN, [(2, 2, "1"), (2, 5, "5"), (1, 16, "7")], "type"),
        # Fillers read as letters in the name's tail.
        (TD3_SPECIMEN, [(0, 30, "K"), (0, 35, "X"), (0, 40, "C")], "filler"),
        # Turkish national id: its 11 positions take digits only.
        (TR_TD1, [(0, 15, "I"), (0, 19, "Z")], "type"),
    ],
    ids=["o-in-dates", "b-s-z-in-dates", "o-in-docnum", "digits-in-names", "filler-tail",
         "i-z-in-national-id"],
)
def test_typical_ocr_confusions_are_corrected(
    lines: tuple[str, ...], misreads: list[tuple[int, int, str]], reason: str
) -> None:
    garbled = list(lines)
    for line, position, char in misreads:
        garbled[line] = _replace(garbled[line], position, char)
    result = parse_mrz(garbled, today=TODAY)
    assert result.lines == list(lines)
    assert result.valid
    assert result.read_lines == garbled
    assert {(c.line, c.position, c.read) for c in result.corrections} == set(misreads)
    assert {c.reason for c in result.corrections} == {reason}
    assert "mrz_corrected" in result.findings


@pytest.mark.parametrize(
    ("lines", "misread"),
    [(TD1_SPECIMEN, (0, 8, "I")), (TD1_SPECIMEN, (0, 5, "0"))],
    ids=["i-in-docnum", "zero-in-docnum"],
)
def test_ambiguous_confusions_are_reported_not_guessed(
    lines: tuple[str, ...], misread: tuple[int, int, str]
) -> None:
    """Several one-character fixes satisfy the check digit here: pick none, say so."""
    line, position, char = misread
    garbled = list(lines)
    garbled[line] = _replace(garbled[line], position, char)
    result = parse_mrz(garbled, today=TODAY)
    assert result.lines == garbled
    assert not result.checks["document_number"]
    assert "document_number" in result.ambiguous
    assert "mrz_ambiguous" in result.findings


@pytest.mark.parametrize("position", range(9))
def test_a_wrong_digit_is_never_silently_accepted(position: int) -> None:
    """A digit misread as another digit (no confusion partner) stays as read; the result is
    either flagged by the check digit or lists the guess it made to pass it."""
    original = TD3_SPECIMEN[1][position]
    wrong = "3" if original != "3" else "4"
    garbled = [TD3_SPECIMEN[0], _replace(TD3_SPECIMEN[1], position, wrong)]
    result = parse_mrz(garbled, today=TODAY)
    assert result.lines[1][position] == wrong
    assert not result.checks["document_number"] or (
        result.corrections and "mrz_corrected" in result.findings
    )


def test_check_blind_confusions_stay_as_read() -> None:
    """`<` and `K` weigh the same in a check digit: nothing proves which one is right."""
    assert check_digit("AB<") == check_digit("ABK")
    garbled = [TD3_SPECIMEN[0], _replace(TD3_SPECIMEN[1], 37, "K")]
    result = parse_mrz(garbled, today=TODAY)
    assert result.checks["personal_number"] and result.checks["composite"]
    assert result.fields["personal_number"] == "ZE184226BK"  # read, not "corrected"


@pytest.mark.parametrize(
    ("birth", "expiry", "today", "birth_iso", "expiry_iso"),
    [
        ("740812", "120415", dt.date(2025, 6, 1), "1974-08-12", "2012-04-15"),
        ("051231", "350101", dt.date(2025, 6, 1), "2005-12-31", "2035-01-01"),
        ("250602", "990101", dt.date(2025, 6, 1), "1925-06-02", "1999-01-01"),
        ("000229", "300229", dt.date(2025, 6, 1), "2000-02-29", None),
    ],
)
def test_two_digit_years(
    birth: str, expiry: str, today: dt.date, birth_iso: str, expiry_iso: str | None
) -> None:
    line2 = (f"L898902C36UTO{birth}{check_digit(birth)}F{expiry}{check_digit(expiry)}"
             "ZE184226B<<<<<1")
    line2 += str(check_digit(line2[0:10] + line2[13:20] + line2[21:43]))
    result = parse_mrz([TD3_SPECIMEN[0], line2], today=today)
    assert result.fields["birth_date"] == birth_iso
    assert result.fields["expiry_date"] == expiry_iso
    assert result.valid == (expiry_iso is not None)


def test_td1_long_document_number() -> None:
    number = "D23145890123"
    line1 = f"I<UTO{number[:9]}<{number[9:]}{check_digit(number)}<<<<<<<<<<<"
    line2 = "7408122F1204159UTO<<<<<<<<<<<"
    line2 += str(check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]))
    result = parse_mrz([line1, line2, TD1_SPECIMEN[2]], today=TODAY)
    assert result.fields["document_number"] == number
    assert result.valid


@pytest.mark.parametrize(
    "lines",
    [[], ["P<UTO"], [TD3_SPECIMEN[0], TD3_SPECIMEN[1][:-1]], list(TD1_SPECIMEN[:2])],
)
def test_wrong_shape_is_unreadable(lines: list[str]) -> None:
    with pytest.raises(MrzUnreadableError) as caught:
        parse_mrz(lines, today=TODAY)
    assert caught.value.code == "mrz_unreadable"


def test_text_input_is_normalised() -> None:
    text = "\n  p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<  \n\n" + TD3_SPECIMEN[1] + "\n"
    assert parse_mrz(text, today=TODAY).lines == list(TD3_SPECIMEN)

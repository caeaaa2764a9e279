"""ICAO 9303 machine-readable zone composer: the test oracle for MRZ reading.

Written from the specification (Doc 9303 parts 3, 4 and 5), independent of the
service's own MRZ parser, so a shared misunderstanding cannot make both agree.
"""

from __future__ import annotations

from datetime import date

from tests.docgen.identity import Identity

TD1_LINE_LENGTH = 30
TD3_LINE_LENGTH = 44
TURKISH_TO_ASCII = str.maketrans({"Ç": "C", "Ğ": "G", "İ": "I", "I": "I", "Ö": "O",
                                  "Ş": "S", "Ü": "U", "ç": "C", "ğ": "G", "ı": "I",
                                  "ö": "O", "ş": "S", "ü": "U", "i": "I"})
_WEIGHTS = (7, 3, 1)


def _value(char: str) -> int:
    if char.isdigit():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise ValueError(f"not an MRZ character: {char!r}")


def check_digit(field: str) -> str:
    """Weights 7,3,1 repeating; A-Z count 10-35 and '<' counts 0; sum mod 10."""
    return str(sum(_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(field)) % 10)


def transliterate(name: str) -> str:
    """Turkish letters to the MRZ alphabet; spaces and hyphens become fillers."""
    ascii_name = name.translate(TURKISH_TO_ASCII).upper()
    return "".join(c if ("A" <= c <= "Z") else "<" for c in ascii_name)


def mrz_date(value: date) -> str:
    return value.strftime("%y%m%d")


def _pad(text: str, length: int) -> str:
    return (text + "<" * length)[:length]


def name_field(identity: Identity, length: int) -> str:
    """SURNAME<<GIVEN<NAMES, truncated to the field length as ICAO allows."""
    return _pad(f"{transliterate(identity.surname)}<<{transliterate(identity.given_names)}",
                length)


def td1_lines(identity: Identity) -> tuple[str, str, str]:
    """Three 30-character lines of a Turkish ID card (national id in the optional field)."""
    number = _pad(identity.document_number, 9)
    optional1 = _pad(identity.national_id, 15)
    line1 = f"I<{identity.nationality}{number}{check_digit(number)}{optional1}"
    birth, expiry = mrz_date(identity.birth_date), mrz_date(identity.expiry_date)
    line2_head = (f"{birth}{check_digit(birth)}{identity.sex}{expiry}{check_digit(expiry)}"
                  f"{identity.nationality}")
    optional2 = "<" * 11
    line2_body = line2_head + optional2
    composite_source = (line1[5:30] + line2_body[0:7] + line2_body[8:15] + line2_body[18:29])
    line2 = line2_body + check_digit(composite_source)
    line3 = name_field(identity, TD1_LINE_LENGTH)
    return line1, line2, line3


def td3_lines(identity: Identity) -> tuple[str, str]:
    """Two 44-character passport lines; the personal number holds the national id."""
    line1 = "P<" + identity.nationality + name_field(identity, 39)
    number = _pad(identity.passport_number, 9)
    birth, expiry = mrz_date(identity.birth_date), mrz_date(identity.expiry_date)
    personal = _pad(identity.national_id, 14)
    body = (f"{number}{check_digit(number)}{identity.nationality}{birth}{check_digit(birth)}"
            f"{identity.sex}{expiry}{check_digit(expiry)}{personal}{check_digit(personal)}")
    composite_source = body[0:10] + body[13:20] + body[21:43]
    return line1, body + check_digit(composite_source)

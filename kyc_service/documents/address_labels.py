"""Find holder name, address and issue date on an address proof by their labels.

Works on text lines, whether they come from a PDF text layer or from OCR. A line's
label (the text before its colon, or its first words) is matched by similarity against
every label we know, distractors included ("Son Ödeme Tarihi", "Doğum Tarihi",
"Beyan Tarihi" ...), and only a line whose best match is an issue-date label gives the
issue date: the due date or a birth date never passes for it, even through OCR noise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from kyc_service.documents.address_dates import digits_only_date, find_dates, turkish_lower

ISSUE = ("fatura tarihi", "düzenleme tarihi", "belge tarihi", "ekstre tarihi",
         "hesap özeti tarihi", "hesap kesim tarihi", "tanzim tarihi", "tarih")
NAME = ("ad soyad", "adı soyadı", "ad soyadı", "abone adı", "abone adı soyadı",
        "müşteri adı", "müşteri adı soyadı", "hesap sahibi", "sayın")
GIVEN, SURNAME = ("adı",), ("soyadı",)
ADDRESS = ("adres", "yerleşim yeri adresi", "abone adresi", "fatura adresi",
           "tesisat adresi", "ikamet adresi", "adresi")
OTHER = ("son ödeme tarihi", "doğum tarihi", "beyan tarihi", "taşınma tarihi",
         "tescil tarihi", "işlem tarihi", "vade tarihi", "baba adı", "anne adı",
         "doğum yeri", "t.c. kimlik no", "abone no", "tesisat no", "hesap no", "iban",
         "dönem", "okuma tarihi", "ilk okuma tarihi", "son okuma tarihi", "müşteri no")
CATEGORIES = {**dict.fromkeys(ISSUE, "issue"), **dict.fromkeys(NAME, "name"),
              **dict.fromkeys(GIVEN, "given"), **dict.fromkeys(SURNAME, "surname"),
              **dict.fromkeys(ADDRESS, "address"), **dict.fromkeys(OTHER, "other")}
LABEL_SIMILARITY = 84
REPAIRED = 0.5  # a date whose separators had to be guessed: review it
MAX_LABEL_WORDS = 4
COLON_MARKS = ":;.,-=!|"


@dataclass(frozen=True)
class TextLine:
    text: str
    conf: float = 1.0  # 1.0 for a text layer


@dataclass(frozen=True)
class Labelled:
    category: str
    label: str
    value: str
    conf: float
    priority: int  # position of the label in its list: lower is more specific


def _normal(label: str) -> str:
    return " ".join(re.sub(r"[^\w.]+", " ", turkish_lower(label)).split())


def classify(label: str) -> tuple[str, str] | None:
    """(category, known label) of the closest known label, if close enough."""
    normal = _normal(label)
    if not normal:
        return None
    best = max(CATEGORIES, key=lambda known: fuzz.ratio(normal, known))
    return (CATEGORIES[best], best) if fuzz.ratio(normal, best) >= LABEL_SIMILARITY else None


def _split(text: str) -> tuple[str, str] | None:
    """'Label : value' or 'Label value' (first 1-4 words that form a known label)."""
    if ":" in text:
        label, _, value = text.partition(":")
        if classify(label):
            return label, value.strip()
    words = text.split()
    scored = [(_score(" ".join(words[:count])), count)
              for count in range(1, min(MAX_LABEL_WORDS, len(words)) + 1)]
    best, count = max(scored, default=(0.0, 0))
    if best < LABEL_SIMILARITY:
        return None
    rest = words[count:]
    if len(rest) > 1 and _misread_colon(rest[0], rest[1]):
        rest = rest[1:]
    return " ".join(words[:count]), " ".join(rest).lstrip(COLON_MARKS + " ").strip()


def _misread_colon(mark: str, following: str) -> bool:
    """A lone mark between label and value is the colon: ':' read as 'Z', '1', 'i' ..."""
    if len(mark) != 1:
        return False
    if mark in COLON_MARKS + "zZ":
        return True
    if mark in "iI":
        return following[:1].isalpha()
    return mark in "12l" and following[:1].isdigit()  # not the day of "1 Ocak 2026"


def _score(label: str) -> float:
    normal = _normal(label)
    return max((fuzz.ratio(normal, known) for known in CATEGORIES), default=0.0)


def labelled_lines(lines: list[TextLine]) -> list[Labelled]:
    """Every labelled value; a label alone on its line takes the next line as value."""
    found = []
    for index, line in enumerate(lines):
        split = _split(line.text.strip())
        if split is None:
            continue
        label, value = split
        category, known = classify(label) or ("other", "")
        conf = line.conf
        if not value and index + 1 < len(lines) and _split(lines[index + 1].text) is None:
            value, conf = lines[index + 1].text.strip(), min(conf, lines[index + 1].conf)
        if value:
            order = [k for k, c in CATEGORIES.items() if c == category]
            found.append(Labelled(category, known, value, conf, order.index(known)))
    return found


def issue_date(found: list[Labelled]) -> tuple[str | None, float]:
    """ISO date of the most specific issue-date label that holds a date."""
    for item in sorted((f for f in found if f.category == "issue"), key=lambda f: f.priority):
        dates = find_dates(item.value) or find_dates(item.value[1:])  # colon glued on
        if dates:
            return dates[0][1].isoformat(), item.conf
        repaired = digits_only_date(item.value) or digits_only_date(item.value[1:])
        if repaired is not None:
            return repaired.isoformat(), min(item.conf, REPAIRED)
    return None, 0.0


def clean_value(value: str) -> str:
    return " ".join(value.strip(" :;,.-_|'\"“”‘’«»").split())


def full_name(found: list[Labelled]) -> tuple[str | None, float]:
    """The holder's name; the e-Devlet certificate prints given names and surname apart."""
    for item in sorted((f for f in found if f.category == "name"), key=lambda f: f.priority):
        return clean_value(item.value), item.conf
    given = next((f for f in found if f.category == "given"), None)
    surname = next((f for f in found if f.category == "surname"), None)
    if given and surname:
        return (f"{clean_value(given.value)} {clean_value(surname.value)}",
                min(given.conf, surname.conf))
    return None, 0.0


def address(found: list[Labelled]) -> tuple[str | None, float]:
    for item in sorted((f for f in found if f.category == "address"), key=lambda f: f.priority):
        return clean_value(item.value), item.conf
    return None, 0.0

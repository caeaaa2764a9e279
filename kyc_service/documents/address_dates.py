"""Dates as Turkish issuers print them: 12.01.2026, 12/01/2026, 12-01-2026, 12 Ocak 2026.

OCR may drop a Turkish letter from a month name ("Subat", "Agustos") or misread one
character, so month names are matched by similarity, not exact spelling.
"""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz import fuzz, process

MONTHS = {"ocak": 1, "şubat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "haziran": 6,
          "temmuz": 7, "ağustos": 8, "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12}
MONTH_SIMILARITY = 75
NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s?[./-]\s?(\d{1,2})\s?[./-]\s?(\d{4})(?!\d)")
WORDS = re.compile(r"(?<!\d)(\d{1,2})\s+([^\W\d_]{3,9})\s+(\d{4})(?!\d)")


def turkish_lower(text: str) -> str:
    return text.replace("I", "ı").replace("İ", "i").lower()


def _month(word: str) -> int | None:
    match = process.extractOne(turkish_lower(word), MONTHS.keys(), scorer=fuzz.ratio)
    return MONTHS[match[0]] if match and match[1] >= MONTH_SIMILARITY else None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, date]]:
    """Every date in `text` with its character offset, in reading order."""
    found = []
    for match in NUMERIC.finditer(text):
        day, month, year = (int(part) for part in match.groups())
        value = _safe(year, month, day)
        if value is not None:
            found.append((match.start(), value))
    for match in WORDS.finditer(text):
        named = _month(match.group(2))
        value = _safe(int(match.group(3)), named, int(match.group(1))) if named else None
        if value is not None:
            found.append((match.start(), value))
    return sorted(found, key=lambda pair: pair[0])


def first_date(text: str) -> date | None:
    dates = find_dates(text)
    return dates[0][1] if dates else None


SEPARATOR_LOOKALIKES = "1l|I/7"


def digits_only_date(text: str) -> date | None:
    """A numeric date whose separators OCR turned into digits or dropped (17/06/2025 read
    as 1710612025, 17.06.2025 as 17062025)."""
    for found in re.findall(r"(?<![0-9lI|/])[0-9lI|/]{8,10}(?![0-9lI|/])", text):
        token = found
        if len(token) == 10 and token[2] in SEPARATOR_LOOKALIKES \
                and token[5] in SEPARATOR_LOOKALIKES:
            token = token[:2] + token[3:5] + token[6:]
        if len(token) == 8 and token.isdigit():
            value = _safe(int(token[4:]), int(token[2:4]), int(token[:2]))
            if value is not None:
                return value
    return None

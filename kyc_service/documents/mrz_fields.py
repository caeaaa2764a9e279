"""ICAO 9303 machine-readable zone layouts, check digits and field decoding.

Pure string handling: the layouts are tables (not code) so that the corrector, the
parser and the tests read positions from one place. Dates come back as ISO strings with
two-digit years resolved by windows that are settings, because "74" is 1974 for a birth
date but 2074 would be absurd, while "31" is 2031 for an expiry date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

FILLER = "<"
ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
ALPHABET = DIGITS + ALPHA + FILLER


class Kind(StrEnum):
    """What a position may hold; the corrector never puts a letter into a digit field."""

    ALPHA = "alpha"  # A-Z and filler (codes, states, names)
    NUM = "num"  # 0-9 only (dates)
    ALNUM = "alnum"  # A-Z, 0-9, filler (document and personal numbers)
    CHECK = "check"  # 0-9, or filler where an empty field allows it
    SEX = "sex"  # M, F, X or filler
    FILLER = "filler"  # only `<` (padding after a known-length number)


ALLOWED: dict[Kind, str] = {
    Kind.ALPHA: ALPHA + FILLER,
    Kind.NUM: DIGITS,
    Kind.ALNUM: ALPHABET,
    Kind.CHECK: DIGITS + FILLER,
    Kind.SEX: "MFX" + FILLER,
    Kind.FILLER: FILLER,
}


@dataclass(frozen=True)
class Span:
    """Characters `start:end` of MRZ line `line` (0-based)."""

    line: int
    start: int
    end: int

    def read(self, lines: list[str]) -> str:
        return lines[self.line][self.start : self.end]

    def positions(self) -> list[tuple[int, int]]:
        return [(self.line, i) for i in range(self.start, self.end)]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    span: Span
    kind: Kind


@dataclass(frozen=True)
class CheckSpec:
    """A check digit at `digit` over the concatenation of `data` spans."""

    name: str
    data: tuple[Span, ...]
    digit: Span


@dataclass(frozen=True)
class Layout:
    name: str  # "TD1", "TD2", "TD3"
    line_count: int
    line_length: int
    fields: tuple[FieldSpec, ...]
    checks: tuple[CheckSpec, ...]
    optional_field: str  # "optional_data_1" (TD1), "optional_data" (TD2), "personal_number"

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    def kind_grid(self) -> list[list[Kind]]:
        grid = [[Kind.ALNUM] * self.line_length for _ in range(self.line_count)]
        for spec in self.fields:
            for line, pos in spec.span.positions():
                grid[line][pos] = spec.kind
        return grid


def _f(name: str, line: int, start: int, end: int, kind: Kind) -> FieldSpec:
    return FieldSpec(name, Span(line, start, end), kind)


def _c(name: str, digit: tuple[int, int], *data: tuple[int, int, int]) -> CheckSpec:
    return CheckSpec(name, tuple(Span(*d) for d in data), Span(digit[0], digit[1], digit[1] + 1))


def _two_line_fields(length: int) -> tuple[FieldSpec, ...]:
    """TD2 and TD3 share line 2 up to the optional data; only widths differ."""
    optional_end = length - 2 if length == 44 else length - 1
    fields = [
        _f("document_code", 0, 0, 2, Kind.ALPHA),
        _f("issuing_state", 0, 2, 5, Kind.ALPHA),
        _f("name", 0, 5, length, Kind.ALPHA),
        _f("document_number", 1, 0, 9, Kind.ALNUM),
        _f("document_number_check", 1, 9, 10, Kind.CHECK),
        _f("nationality", 1, 10, 13, Kind.ALPHA),
        _f("birth_date", 1, 13, 19, Kind.NUM),
        _f("birth_date_check", 1, 19, 20, Kind.CHECK),
        _f("sex", 1, 20, 21, Kind.SEX),
        _f("expiry_date", 1, 21, 27, Kind.NUM),
        _f("expiry_date_check", 1, 27, 28, Kind.CHECK),
        _f("personal_number" if length == 44 else "optional_data", 1, 28, optional_end, Kind.ALNUM),
        _f("composite_check", 1, length - 1, length, Kind.CHECK),
    ]
    if length == 44:
        fields.append(_f("personal_number_check", 1, 42, 43, Kind.CHECK))
    return tuple(fields)


TD1 = Layout(
    name="TD1",
    line_count=3,
    line_length=30,
    fields=(
        _f("document_code", 0, 0, 2, Kind.ALPHA),
        _f("issuing_state", 0, 2, 5, Kind.ALPHA),
        _f("document_number", 0, 5, 14, Kind.ALNUM),
        _f("document_number_check", 0, 14, 15, Kind.CHECK),
        _f("optional_data_1", 0, 15, 30, Kind.ALNUM),
        _f("birth_date", 1, 0, 6, Kind.NUM),
        _f("birth_date_check", 1, 6, 7, Kind.CHECK),
        _f("sex", 1, 7, 8, Kind.SEX),
        _f("expiry_date", 1, 8, 14, Kind.NUM),
        _f("expiry_date_check", 1, 14, 15, Kind.CHECK),
        _f("nationality", 1, 15, 18, Kind.ALPHA),
        _f("optional_data_2", 1, 18, 29, Kind.ALNUM),
        _f("composite_check", 1, 29, 30, Kind.CHECK),
        _f("name", 2, 0, 30, Kind.ALPHA),
    ),
    checks=(
        _c("document_number", (0, 14), (0, 5, 14)),
        _c("birth_date", (1, 6), (1, 0, 6)),
        _c("expiry_date", (1, 14), (1, 8, 14)),
        _c("composite", (1, 29), (0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)),
    ),
    optional_field="optional_data_1",
)

TD2 = Layout(
    name="TD2",
    line_count=2,
    line_length=36,
    fields=_two_line_fields(36),
    checks=(
        _c("document_number", (1, 9), (1, 0, 9)),
        _c("birth_date", (1, 19), (1, 13, 19)),
        _c("expiry_date", (1, 27), (1, 21, 27)),
        _c("composite", (1, 35), (1, 0, 10), (1, 13, 20), (1, 21, 35)),
    ),
    optional_field="optional_data",
)

TD3 = Layout(
    name="TD3",
    line_count=2,
    line_length=44,
    fields=_two_line_fields(44),
    checks=(
        _c("document_number", (1, 9), (1, 0, 9)),
        _c("birth_date", (1, 19), (1, 13, 19)),
        _c("expiry_date", (1, 27), (1, 21, 27)),
        _c("personal_number", (1, 42), (1, 28, 42)),
        _c("composite", (1, 43), (1, 0, 10), (1, 13, 20), (1, 21, 43)),
    ),
    optional_field="personal_number",
)

LAYOUTS: tuple[Layout, ...] = (TD1, TD2, TD3)


def layout_for(line_count: int, line_length: int) -> Layout | None:
    """The layout with exactly this shape, or None."""
    for layout in LAYOUTS:
        if (layout.line_count, layout.line_length) == (line_count, line_length):
            return layout
    return None


def char_value(ch: str) -> int:
    """ICAO value of one MRZ character: digits as themselves, A-Z 10-35, filler 0."""
    if ch in DIGITS:
        return ord(ch) - ord("0")
    if ch in ALPHA:
        return ord(ch) - ord("A") + 10
    if ch == FILLER:
        return 0
    raise ValueError(f"not an MRZ character: {ch!r}")


def check_digit(data: str) -> int:
    """ICAO 9303 check digit: weights 7, 3, 1 repeating, sum modulo 10."""
    weights = (7, 3, 1)
    return sum(char_value(ch) * weights[i % 3] for i, ch in enumerate(data)) % 10


def check_passes(data: str, digit: str, *, filler_allowed: bool = False) -> bool:
    """True when `digit` is the check digit of `data`.

    An all-filler field may carry `<` as its check digit (TD3 personal number); that is
    accepted only where the caller allows it.
    """
    if any(ch not in ALPHABET for ch in data):
        return False
    if digit == FILLER:
        return filler_allowed and set(data) <= {FILLER}
    return digit in DIGITS and check_digit(data) == int(digit)


@dataclass(frozen=True)
class DateWindows:
    """How two-digit years become four-digit ones (settings, not constants)."""

    expiry_future_years: int = 50  # expiry years more than this ahead are last century


def resolve_birth_date(yymmdd: str, today: dt.date) -> dt.date | None:
    """Birth dates lie in the past: the latest century that is not after `today`."""
    parsed = _parse_yymmdd(yymmdd, 2000)
    if parsed is None:
        return None
    if parsed > today:
        return _parse_yymmdd(yymmdd, 1900)
    return parsed


def resolve_expiry_date(yymmdd: str, today: dt.date, windows: DateWindows) -> dt.date | None:
    """Expiry dates lie around today: this century unless implausibly far ahead."""
    parsed = _parse_yymmdd(yymmdd, 2000)
    if parsed is None:
        return None
    if parsed.year - today.year > windows.expiry_future_years:
        return _parse_yymmdd(yymmdd, 1900)
    return parsed


def _parse_yymmdd(yymmdd: str, century: int) -> dt.date | None:
    if len(yymmdd) != 6 or not yymmdd.isdigit():
        return None
    try:
        return dt.date(century + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError:
        # February 29th exists in 2000 but not 1900; callers retry the other century.
        return None


def split_name(field: str) -> tuple[str, str]:
    """Surname and given names: primary and secondary identifiers split on `<<`."""
    stripped = field.rstrip(FILLER)
    surname, _, given = stripped.partition(FILLER * 2)
    return _words(surname), _words(given)


def _words(part: str) -> str:
    return " ".join(p for p in part.split(FILLER) if p)

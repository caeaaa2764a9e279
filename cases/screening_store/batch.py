"""Reading a batch of people to check: CSV with the header full_name,birth_date,nationality.

Birth date: a year, YYYY-MM-DD or DD.MM.YYYY; nationality: an ISO code or a country name
(English or Turkish). A bad row is reported with its line number; the others still run.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from cases.screening import BirthDate
from cases.screening.countries import to_alpha3

HEADER = ("full_name", "birth_date", "nationality")


class BadHeader(ValueError):
    pass


@dataclass(frozen=True)
class PersonRow:
    line: int
    full_name: str
    birth_date: str | None
    nationality: str | None
    error: str | None = None


def _problem(full_name: str, birth_date: str, nationality: str) -> str | None:
    if not full_name:
        return "full_name is empty"
    if birth_date:
        try:
            BirthDate.parse(birth_date)
        except ValueError as exc:
            return f"bad birth_date: {exc}"
    if nationality and to_alpha3(nationality) is None:
        return f"unknown nationality {nationality!r}"
    return None


def read_people_csv(handle: IO[str]) -> Iterator[PersonRow]:
    """One `PersonRow` per non-blank data row (`error` set when the row is unusable).

    Raises `BadHeader` when the first line is not the expected header, and `csv.Error`
    (with the reader's line number in the message) on broken quoting.
    """
    reader = csv.reader(handle, strict=True)
    try:
        header = tuple(cell.strip().lower() for cell in next(reader, []))
        if header and header[0].startswith("\ufeff"):
            header = (header[0][1:], *header[1:])
        if header != HEADER:
            raise BadHeader(f"line 1: header must be {','.join(HEADER)}")
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if len(row) != len(HEADER):
                yield PersonRow(line, "", None, None,
                                f"expected {len(HEADER)} fields, got {len(row)}")
                continue
            full_name, birth_date, nationality = (" ".join(cell.split()) for cell in row)
            yield PersonRow(line, full_name, birth_date or None, nationality or None,
                            _problem(full_name, birth_date, nationality))
    except csv.Error as exc:
        raise csv.Error(f"line {reader.line_num}: {exc}") from exc

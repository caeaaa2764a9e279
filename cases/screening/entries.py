"""What a screening list contains, independent of the file format it came in."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from cases.screening.countries import to_alpha3
from cases.screening.errors import ListMalformed
from cases.screening.names import normalised_name

MIN_YEAR, MAX_YEAR = 1800, 2100
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DOTTED_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


class EntityType(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class ListCategory(StrEnum):
    SANCTIONS = "sanctions"
    PEP = "pep"


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A birth date as lists give it: a full date, a month, a year, or a range of years."""

    year: int
    month: int | None = None
    day: int | None = None
    year_to: int | None = None
    approximate: bool = False

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"year {self.year} out of range")
        if self.year_to is not None and not self.year <= self.year_to <= MAX_YEAR:
            raise ValueError(f"year range {self.year}-{self.year_to} is not valid")
        if self.day is not None:
            dt.date(self.year, self.month or 0, self.day)
        elif self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} out of range")

    @classmethod
    def parse(cls, text: str, *, approximate: bool = False) -> BirthDate:
        """Read YYYY, YYYY-MM, YYYY-MM-DD (a trailing time or zone is ignored) or DD.MM.YYYY."""
        value = text.strip()[:10] if "T" in text else text.strip().removesuffix("Z")
        if match := _ISO_DATE.match(value):
            year, month, day = (int(g) if g else None for g in match.groups())
        elif match := _DOTTED_DATE.match(value):
            day, month, year = (int(g) for g in match.groups())
        else:
            raise ValueError(f"unreadable date {text!r}")
        assert year is not None
        return cls(year, month, day, approximate=approximate)

    @property
    def is_full(self) -> bool:
        return self.day is not None and self.year_to is None

    def iso(self) -> str:
        if self.year_to is not None:
            return f"{self.year}..{self.year_to}"
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        return "-".join(parts) + ("~" if self.approximate else "")


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One listed person or organisation. `weak_aliases` are low-quality aliases
    (UN "Low", EU strong="false", FtM weakAlias) matched with a penalty."""

    list_name: str
    entry_id: str
    primary_name: str
    aliases: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()
    birth_dates: tuple[BirthDate, ...] = ()
    nationalities: tuple[str, ...] = ()
    entity_type: EntityType = EntityType.PERSON
    category: ListCategory = ListCategory.SANCTIONS
    reference: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    fingerprint: str = field(init=False, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        identity = [
            self.primary_name, list(self.aliases), list(self.weak_aliases),
            [d.iso() for d in self.birth_dates], list(self.nationalities),
            str(self.entity_type), str(self.category),
        ]
        digest = hashlib.sha256(json.dumps(identity, ensure_ascii=False).encode()).hexdigest()
        object.__setattr__(self, "fingerprint", digest)

    def all_names(self) -> Iterable[tuple[str, bool]]:
        """Each name with whether it is a weak alias."""
        yield self.primary_name, False
        for alias in self.aliases:
            yield alias, False
        for alias in self.weak_aliases:
            yield alias, True


@dataclass(frozen=True, slots=True)
class ScreeningList:
    """A parsed list; `version` changes exactly when some entry's content changes."""

    name: str
    version: str
    entries: tuple[ListEntry, ...]


def distinct_names(
    primary: str, names: Iterable[str], exclude: Iterable[str] = ()
) -> tuple[str, ...]:
    """Aliases without blanks and without repeats of the primary, `exclude` or each other."""
    seen = {normalised_name(name) for name in (primary, *exclude)}
    kept: list[str] = []
    for name in names:
        cleaned = " ".join(name.split())
        key = normalised_name(cleaned)
        if cleaned and key and key not in seen:
            seen.add(key)
            kept.append(cleaned)
    return tuple(kept)


def nationality_codes(values: Iterable[str]) -> tuple[str, ...]:
    """ISO alpha-3 codes for the recognisable values, in order, without repeats."""
    codes: list[str] = []
    for value in values:
        code = to_alpha3(value) if value and value.strip() else None
        if code and code not in codes:
            codes.append(code)
    return tuple(codes)


class ListBuilder:
    """Collects entries while a file is parsed; rejects duplicate ids; computes the version."""

    def __init__(self, list_name: str, source: str) -> None:
        self.list_name = list_name
        self.source = source
        self._entries: dict[str, ListEntry] = {}

    def fail(self, detail: str, location: str) -> ListMalformed:
        return ListMalformed(detail, source=self.source, location=location)

    def add(self, entry: ListEntry, location: str) -> None:
        if not entry.entry_id:
            raise self.fail("entry without an id", location)
        if not entry.primary_name.strip():
            raise self.fail(f"entry {entry.entry_id} has no name", location)
        if entry.entry_id in self._entries:
            raise self.fail(f"duplicate entry id {entry.entry_id}", location)
        self._entries[entry.entry_id] = entry

    def build(self) -> ScreeningList:
        digest = hashlib.sha256(self.list_name.encode())
        for entry_id in sorted(self._entries):
            digest.update(f"\n{entry_id}\t{self._entries[entry_id].fingerprint}".encode())
        return ScreeningList(self.list_name, digest.hexdigest(), tuple(self._entries.values()))

"""Screens one person (or organisation) against in-memory sanctions and PEP lists.

    index = ScreeningIndex([un_list, eu_list])
    hits = index.screen("Şenol Güneş", birth_date="1952-06-01", nationality="TR")

Retrieval (see `index.py`) picks the list names sharing enough tokens with the query,
`scoring.py` scores them, and each hit says why. Reviewed false positives are stored by
the caller under `Hit.match_key`, which changes when the list entry or the screened
person's normalised data changes, so a cleared hit comes back only when something moved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from cases.screening.countries import to_alpha3
from cases.screening.entries import BirthDate, EntityType, ListCategory, ListEntry, ScreeningList
from cases.screening.index import NameIndex, TokenLookup
from cases.screening.names import name_tokens
from cases.screening.scoring import (
    NameScore,
    birth_date_points,
    nationality_points,
    score_name,
)
from cases.screening.settings import ScreeningSettings
from kyc_service.core.errors import ValidationFailed

BirthDateInput = dt.date | BirthDate | str | None


@dataclass(frozen=True, slots=True)
class Hit:
    list_name: str
    entry_id: str
    matched_name: str
    score: float
    why: str
    match_key: str
    category: ListCategory
    entity_type: EntityType
    entry: ListEntry = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class _Query:
    name: str
    tokens: tuple[str, ...]
    birth_date: BirthDate | None
    nationality: str | None

    def fingerprint(self) -> str:
        data = [sorted(self.tokens), self.birth_date.iso() if self.birth_date else None,
                self.nationality]
        return json.dumps(data, separators=(",", ":"))


def _birth_date(value: BirthDateInput) -> BirthDate | None:
    if value is None or isinstance(value, BirthDate):
        return value
    if isinstance(value, dt.date):
        return BirthDate(value.year, value.month, value.day)
    try:
        return BirthDate.parse(value) if value.strip() else None
    except ValueError as exc:
        raise ValidationFailed(str(exc), fields={"birth_date": [str(exc)]}) from exc


def _nationality(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    code = to_alpha3(value)
    if code is None:
        raise ValidationFailed(f"unknown nationality {value!r}",
                               fields={"nationality": ["unknown country"]})
    return code


def match_key(entry: ListEntry, query_fingerprint: str) -> str:
    """`list/entry id/hash of (entry content, person data)`: stable across processes."""
    digest = hashlib.sha256(f"{entry.fingerprint}\n{query_fingerprint}".encode()).hexdigest()
    return f"{entry.list_name}/{entry.entry_id}/{digest[:32]}"


class ScreeningIndex:
    """An immutable index over one or more lists; build a new one when a list changes."""

    def __init__(
        self, lists: Iterable[ScreeningList], settings: ScreeningSettings | None = None
    ) -> None:
        lists = tuple(lists)
        self.settings = settings or ScreeningSettings()
        self.versions = {screening_list.name: screening_list.version for screening_list in lists}
        self._index = NameIndex(lists, self.settings)

    @property
    def entry_count(self) -> int:
        return len(self._index.entries)

    def screen(
        self,
        name: str,
        birth_date: BirthDateInput = None,
        nationality: str | None = None,
        *,
        entity_type: EntityType | None = None,
    ) -> list[Hit]:
        """Hits at or above the report threshold, best first, at most `max_hits`."""
        query = _Query(name, tuple(dict.fromkeys(name_tokens(name))), _birth_date(birth_date),
                       _nationality(nationality))
        if not query.tokens:
            return []
        lookups = [self._index.lookup(token) for token in query.tokens]
        minimum = self.settings.report_threshold - self._max_bonus(query)
        best: dict[int, tuple[float, int, NameScore]] = {}
        for candidate in self._candidates(lookups, entity_type):
            name_id = int(candidate)
            scored = self._score(query, lookups, name_id, minimum)
            if scored is None:
                continue
            weak = self._index.name_weak[name_id]
            adjusted = scored.score - self.settings.weak_alias_penalty * weak
            entry_index = self._index.name_entry[name_id]
            if entry_index not in best or best[entry_index][0] < adjusted:
                best[entry_index] = (adjusted, name_id, scored)
        hits = [
            hit for entry_index, found in best.items()
            if (hit := self._hit(query, entry_index, *found)) is not None
        ]
        hits.sort(key=lambda hit: (-hit.score, hit.list_name, hit.entry_id))
        return hits[: self.settings.max_hits]

    def _candidates(
        self, lookups: list[TokenLookup], entity_type: EntityType | None
    ) -> np.ndarray:
        """Names sharing at least two query tokens (one for one-token names), pre-ranked."""
        index, settings = self._index, self.settings
        postings = np.concatenate([lookup.postings for lookup in lookups])
        if not len(postings):
            return postings
        counts = np.bincount(postings, minlength=index.name_count)
        enough = counts >= min(2, len(lookups))
        if len(lookups) > 1:
            enough |= (counts >= 1) & (index.name_token_count == 1)
        if entity_type is not None:
            is_person = index.name_is_person
            enough &= is_person if entity_type is EntityType.PERSON else ~is_person
        candidates = np.flatnonzero(enough)
        if len(candidates) <= settings.max_candidates:
            return candidates
        weights = np.concatenate([lookup.posting_weights for lookup in lookups])
        matched = np.bincount(postings, weights=weights, minlength=index.name_count)[candidates]
        query_coverage = matched / sum(lookup.weight for lookup in lookups)
        list_coverage = matched / index.name_weight[candidates]
        share = settings.dominant_coverage_share
        estimate = (share * np.maximum(query_coverage, list_coverage)
                    + (1 - share) * np.minimum(query_coverage, list_coverage))
        keep = np.argpartition(-estimate, settings.max_candidates)[: settings.max_candidates]
        return candidates[keep]

    def _max_bonus(self, query: _Query) -> float:
        """The most points qualifiers could add for this query."""
        settings = self.settings
        return (settings.birth_date_exact_bonus * (query.birth_date is not None)
                + settings.nationality_bonus * (query.nationality is not None))

    def _score(
        self, query: _Query, lookups: list[TokenLookup], name_id: int, minimum: float
    ) -> NameScore | None:
        index = self._index
        return score_name(query.tokens, lookups, index.name_tokens[name_id],
                          float(index.name_weight[name_id]), self.settings, minimum)

    def _hit(self, query: _Query, entry_index: int, adjusted: float, name_id: int,
             scored: NameScore) -> Hit | None:
        """The hit for an entry's best name, or None when it stays under the threshold."""
        if adjusted + self._max_bonus(query) < self.settings.report_threshold:
            return None
        entry = self._index.entries[entry_index]
        qualifiers = (
            birth_date_points(entry.birth_dates, query.birth_date, self.settings),
            nationality_points(entry.nationalities, query.nationality, self.settings),
        )
        score = min(100.0, max(0.0, adjusted + sum(delta for delta, _ in qualifiers)))
        if score < self.settings.report_threshold:
            return None
        reasons = scored.explain()
        if not query.name.isascii():
            reasons.insert(0, f"transliterated to '{' '.join(query.tokens)}'")
        if self._index.name_weak[name_id]:
            reasons.append(f"weak alias, -{self.settings.weak_alias_penalty:g}")
        reasons.extend(reason for _, reason in qualifiers if reason)
        return Hit(
            list_name=entry.list_name,
            entry_id=entry.entry_id,
            matched_name=self._index.name_text[name_id],
            score=round(score, 1),
            why="; ".join(reasons),
            match_key=match_key(entry, query.fingerprint()),
            category=entry.category,
            entity_type=entry.entity_type,
            entry=entry,
        )

"""Scores one query name against one list name, and the birth date / nationality qualifiers.

The formulas are documented on `ScreeningSettings`; this module only applies them and
records, for the reviewer, why a score came out as it did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cases.screening.entries import BirthDate
from cases.screening.index import TokenLookup, TokenMatch
from cases.screening.settings import ScreeningSettings

_KIND_TEXT = {
    "variant": "spelling variant",
    "typo": "one letter differs",
    "skeleton": "same consonants",
}


@dataclass(frozen=True, slots=True)
class NameScore:
    score: float
    pairs: tuple[tuple[str, TokenMatch], ...]
    unmatched_query: tuple[str, ...]
    unmatched_list: tuple[str, ...]
    information_factor: float

    def explain(self) -> list[str]:
        words = [
            f"{q}={m.token}" if m.kind == "exact" else f"{q}~{m.token} ({_KIND_TEXT[m.kind]})"
            for q, m in self.pairs
        ]
        parts = ["tokens " + ", ".join(words)]
        if self.unmatched_query:
            parts.append("not in list name: " + " ".join(self.unmatched_query))
        if self.unmatched_list:
            parts.append("list name also has: " + " ".join(self.unmatched_list))
        if self.information_factor < 1.0:
            parts.append(f"common or short name, evidence x{self.information_factor:.2f}")
        return parts


def score_name(
    query_tokens: Sequence[str],
    lookups: Sequence[TokenLookup],
    list_tokens: Sequence[str],
    list_weight: float,
    settings: ScreeningSettings,
    minimum: float = 0.0,
) -> NameScore | None:
    """Pair tokens one-to-one (best similarity first) and score coverage.

    None when fewer tokens pair than required, or the score stays under `minimum`
    (the caller knows no qualifier could lift it to the report threshold).
    """
    options = [
        (match.similarity, match.weight, q_index, c_index, match)
        for q_index, lookup in enumerate(lookups)
        for c_index, token in enumerate(list_tokens)
        if (match := lookup.matches.get(token)) is not None
    ]
    options.sort(key=lambda option: (option[0], option[1]), reverse=True)
    used_query: set[int] = set()
    used_list: set[int] = set()
    pairs: list[tuple[int, TokenMatch]] = []
    for _similarity, _weight, q_index, c_index, match in options:
        if q_index not in used_query and c_index not in used_list:
            used_query.add(q_index)
            used_list.add(c_index)
            pairs.append((q_index, match))
    if len(pairs) < min(2, len(query_tokens), len(list_tokens)):
        return None
    matched_weight = sum(m.weight for _, m in pairs)
    information = sum(m.similarity * m.weight for _, m in pairs)
    if min(len(query_tokens), len(list_tokens)) == 1 and (
        matched_weight < settings.min_single_token_weight
    ):
        return None
    query_weight = matched_weight + sum(
        lookups[i].weight for i in range(len(query_tokens)) if i not in used_query
    )
    query_coverage = information / query_weight
    list_coverage = information / list_weight if list_weight else 0.0
    share = settings.dominant_coverage_share
    base = 100.0 * (share * max(query_coverage, list_coverage)
                    + (1.0 - share) * min(query_coverage, list_coverage))
    floor = settings.information_floor
    factor = floor + (1.0 - floor) * min(1.0, information / settings.full_information)
    if len(used_query) == len(query_tokens) and len(used_list) == len(list_tokens):
        factor = max(factor, settings.full_match_floor)
    if base * factor < minimum:
        return None
    return NameScore(
        score=base * factor,
        pairs=tuple((query_tokens[i], m) for i, m in sorted(pairs, key=lambda p: p[0])),
        unmatched_query=tuple(t for i, t in enumerate(query_tokens) if i not in used_query),
        unmatched_list=tuple(t for i, t in enumerate(list_tokens) if i not in used_list),
        information_factor=round(factor, 2),
    )


# Agreement ranks, best first.
_EXACT, _SAME_YEAR, _NEAR, _OTHER_DAY, _CONFLICT = 4, 3, 2, 1, 0


def _date_rank(listed: BirthDate, person: BirthDate, settings: ScreeningSettings) -> int:
    tolerance = settings.approximate_year_tolerance if listed.approximate else 0
    last_year = listed.year_to if listed.year_to is not None else listed.year
    if listed.year <= person.year <= last_year and listed.year_to is not None:
        return _SAME_YEAR
    if not listed.year - tolerance <= person.year <= last_year + tolerance:
        return _CONFLICT
    if listed.year != person.year or listed.year_to is not None:
        return _NEAR
    return _same_year_rank(listed, person)


def _same_year_rank(listed: BirthDate, person: BirthDate) -> int:
    """Rank two dates of the same year by whatever month and day both know."""
    if listed.month is None or person.month is None:
        return _SAME_YEAR
    if listed.month != person.month:
        return _OTHER_DAY
    if listed.day is None or person.day is None:
        return _SAME_YEAR
    return _EXACT if listed.day == person.day else _OTHER_DAY


def birth_date_points(
    listed: Sequence[BirthDate], person: BirthDate | None, settings: ScreeningSettings
) -> tuple[float, str | None]:
    """Points for the best-agreeing listed date, and a sentence saying so."""
    if not listed or person is None:
        return 0.0, None
    rank = max(_date_rank(d, person, settings) for d in listed)
    shown = ", ".join(d.iso() for d in listed)
    if rank == _EXACT:
        return settings.birth_date_exact_bonus, f"birth date {person.iso()} agrees"
    if rank == _SAME_YEAR:
        return settings.birth_year_bonus, f"birth year agrees (list: {shown})"
    if rank == _NEAR:
        return 0.0, f"birth year close to approximate list date {shown}"
    if rank == _OTHER_DAY:
        penalty = settings.birth_day_mismatch_penalty
        return -penalty, f"same birth year, other day (list: {shown})"
    penalty = settings.birth_date_conflict_penalty
    return -penalty, f"birth date {person.iso()} conflicts (list: {shown})"


def nationality_points(
    listed: Sequence[str], person: str | None, settings: ScreeningSettings
) -> tuple[float, str | None]:
    if not listed or person is None:
        return 0.0, None
    if person in listed:
        return settings.nationality_bonus, f"nationality {person} agrees"
    penalty = settings.nationality_conflict_penalty
    return -penalty, f"nationality {person} differs (list: {', '.join(listed)})"

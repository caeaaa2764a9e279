"""Inverted index over list names: finds the few names worth scoring, fast.

Blocking keys per token: the token itself, its spelling-variant group, its consonant
skeleton, and for typos its (first two letters, length) and (last two letters, length)
buckets: one edit at position 2 or later keeps the prefix, one edit in the first two
letters keeps the suffix (tokens of 4+ letters), and adjacent transpositions are looked
up directly. Bucket members are verified with rapidfuzz's OSA distance, so a typo is
found without comparing against the whole vocabulary or storing every deletion.
Postings are numpy arrays; candidates are counted with `bincount`.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from cases.screening.common_names import COMMON_NAME_TOKENS
from cases.screening.entries import EntityType, ListEntry, ScreeningList
from cases.screening.names import name_tokens
from cases.screening.settings import ScreeningSettings
from cases.screening.variants import consonant_skeleton, variant_group

_LOOKUP_CACHE_LIMIT = 20_000


@dataclass(frozen=True, slots=True)
class TokenMatch:
    """A list token similar to a query token, and how."""

    token: str
    similarity: float
    kind: str  # "exact" | "variant" | "typo" | "skeleton"
    weight: float = 0.0  # evidence weight: the rarer-looking side never inflates it


@dataclass(frozen=True, slots=True)
class TokenLookup:
    """Everything the index knows about one query token, cached across queries."""

    matches: dict[str, TokenMatch]
    weight: float
    postings: np.ndarray
    posting_weights: np.ndarray


def _transpositions(token: str) -> set[str]:
    return {token[:i] + token[i + 1] + token[i] + token[i + 2:] for i in range(len(token) - 1)}


def _rarity_key(token: str) -> str:
    return variant_group(token) or token


class NameIndex:
    """All names of all entries of some lists, tokenised and indexed."""

    def __init__(self, lists: Iterable[ScreeningList], settings: ScreeningSettings) -> None:
        self.settings = settings
        self.entries: list[ListEntry] = []
        self.name_entry: list[int] = []
        self.name_text: list[str] = []
        self.name_tokens: list[tuple[str, ...]] = []
        self.name_weak: list[bool] = []
        postings: dict[str, list[int]] = defaultdict(list)
        document_frequency: Counter[str] = Counter()
        for screening_list in lists:
            for entry in screening_list.entries:
                entry_tokens = self._add_entry(entry, postings)
                document_frequency.update({_rarity_key(t) for t in entry_tokens})
        self._document_frequency = document_frequency
        self._log_total = math.log(len(self.entries) + settings.prior_population + 1)
        self.postings = {t: np.asarray(ids, dtype=np.int32) for t, ids in postings.items()}
        self.weights = {t: self.token_weight(t) for t in self.postings}
        self._by_group: dict[str, list[str]] = defaultdict(list)
        self._by_skeleton: dict[str, list[str]] = defaultdict(list)
        self._by_prefix: dict[tuple[str, int], list[str]] = defaultdict(list)
        self._by_suffix: dict[tuple[str, int], list[str]] = defaultdict(list)
        for token in self.postings:
            if group := variant_group(token):
                self._by_group[group].append(token)
            if skeleton := consonant_skeleton(token):
                self._by_skeleton[skeleton].append(token)
            if len(token) >= settings.min_typo_length - 1:
                self._by_prefix[token[:2], len(token)].append(token)
                self._by_suffix[token[-2:], len(token)].append(token)
        self.name_weight = np.array(
            [sum(self.weights[t] for t in tokens) for tokens in self.name_tokens]
        )
        self.name_token_count = np.array([len(t) for t in self.name_tokens], dtype=np.int32)
        self.name_is_person = np.array(
            [self.entries[e].entity_type is EntityType.PERSON for e in self.name_entry]
        )
        self._lookup_cache: dict[str, TokenLookup] = {}

    def _add_entry(self, entry: ListEntry, postings: dict[str, list[int]]) -> set[str]:
        entry_index = len(self.entries)
        self.entries.append(entry)
        seen_names: set[tuple[str, ...]] = set()
        entry_tokens: set[str] = set()
        for text, weak in entry.all_names():
            tokens = name_tokens(text)
            if not tokens or tokens in seen_names:
                continue
            seen_names.add(tokens)
            name_id = len(self.name_text)
            self.name_entry.append(entry_index)
            self.name_text.append(text)
            self.name_tokens.append(tokens)
            self.name_weak.append(weak)
            for token in set(tokens):
                postings[token].append(name_id)
            entry_tokens.update(tokens)
        return entry_tokens

    @property
    def name_count(self) -> int:
        return len(self.name_text)

    def token_weight(self, token: str) -> float:
        """Rarity weight in (0, 1]; see `ScreeningSettings` for the formula."""
        settings = self.settings
        key = _rarity_key(token)
        prior = settings.prior_population * settings.common_name_share * (
            key in COMMON_NAME_TOKENS or token in COMMON_NAME_TOKENS
        )
        frequency = self._document_frequency.get(key, 0) + prior + 1
        return max(0.01, (self._log_total - math.log(frequency)) / self._log_total)

    def lookup(self, token: str) -> TokenLookup:
        """List tokens similar to `token`, with their combined postings (cached)."""
        cached = self._lookup_cache.get(token)
        if cached is None:
            if len(self._lookup_cache) >= _LOOKUP_CACHE_LIMIT:
                self._lookup_cache.clear()
            cached = self._lookup_cache[token] = self._build_lookup(token)
        return cached

    def _similar_tokens(self, token: str) -> dict[str, TokenMatch]:
        settings = self.settings
        found: dict[str, TokenMatch] = {}

        def offer(candidate: str, similarity: float, kind: str) -> None:
            if candidate in self.postings and (
                candidate not in found or found[candidate].similarity < similarity
            ):
                found[candidate] = TokenMatch(candidate, similarity, kind)

        group = variant_group(token)
        if skeleton := consonant_skeleton(token):
            for candidate in self._by_skeleton.get(skeleton, ()):
                other_group = variant_group(candidate)
                if group is None or other_group is None or group == other_group:
                    offer(candidate, settings.skeleton_similarity, "skeleton")
        if len(token) >= settings.min_typo_length:
            for candidate in self._within_one_edit(token):
                offer(candidate, settings.typo_similarity, "typo")
        if group is not None:
            for candidate in self._by_group.get(group, ()):
                offer(candidate, settings.variant_similarity, "variant")
        offer(token, 1.0, "exact")
        return found

    def _within_one_edit(self, token: str) -> list[str]:
        length = len(token)
        near: set[str] = {t for t in _transpositions(token) if t in self.postings}
        for size in (length - 1, length, length + 1):
            near.update(self._by_prefix.get((token[:2], size), ()))
            near.update(self._by_suffix.get((token[-2:], size), ()))
        found = process.extract(token, list(near), scorer=OSA.distance, score_cutoff=1,
                                limit=None)
        return [candidate for candidate, _distance, _index in found]

    def _build_lookup(self, token: str) -> TokenLookup:
        """Matches carry their evidence weight: an inexact match weighs no more than the
        query token itself, so a typo in a list alias ("Emune") cannot make a common
        name ("Emine") look rare."""
        weight = self.weights.get(token) or self.token_weight(token)
        matches = {
            listed: TokenMatch(m.token, m.similarity, m.kind,
                               self.weights[listed] if m.kind == "exact"
                               else min(weight, self.weights[listed]))
            for listed, m in self._similar_tokens(token).items()
        }
        arrays = [self.postings[m.token] for m in matches.values()]
        weights = [np.full(len(self.postings[m.token]), m.similarity * m.weight)
                   for m in matches.values()]
        return TokenLookup(
            matches=matches,
            weight=weight,
            postings=np.concatenate(arrays) if arrays else np.empty(0, dtype=np.int32),
            posting_weights=np.concatenate(weights) if weights else np.empty(0),
        )

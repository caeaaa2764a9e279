"""Every threshold and weight of the matcher, in one place, so compliance can tune them.

How a score is made (0-100), in order:
1. Token similarity: exact after transliteration 1.0; known spelling variant
   (Mehmet/Muhammad) `variant_similarity`; one edit (typo, OSA distance 1, tokens of at
   least `min_typo_length` letters) `typo_similarity`; same consonant skeleton
   `skeleton_similarity` (never between two different known names, e.g. Hasan and
   Hüseyin). Tokens are paired one-to-one, best pairs first (order-free). An inexact
   pair weighs as the rarer-looking side never would: min(query, list token weight).
2. Token weight: rarity, w = ln((N+P+1)/(df+prior+1)) / ln(N+P+1), where N = list entries,
   df = entries holding the token, P = `prior_population`, prior = P x
   `common_name_share` for tokens of `common_names.py`, else 0.
3. Coverage: matched weight over the query's weight (q) and over the list name's (c);
   name score = 100 x (`dominant_coverage_share` x max(q, c) + rest x min(q, c)), so a
   missing middle name on either side costs little.
4. Information: matched weight below `full_information` scales the score by
   floor + (1 - floor) x matched / full, with floor `information_floor`, or
   at least `full_match_floor` when every token on both sides matched. Two common
   tokens that are the whole name stay reportable (about 85) unless a qualifier
   conflicts; a common name that covers only part of the other side (a missing middle
   name) falls under the threshold unless the birth date agrees.
   One-token names need a token weight of at least `min_single_token_weight`.
5. Qualifiers add or subtract points: birth date and nationality agreement/conflict,
   weak (low-quality) aliases. The result is clamped to 0-100; hits at or above
   `report_threshold` are returned, at most `max_hits`, best first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ScreeningSettings:
    report_threshold: float = 80.0
    max_hits: int = 10
    max_candidates: int = 200

    variant_similarity: float = 0.93
    typo_similarity: float = 0.88
    skeleton_similarity: float = 0.72
    min_typo_length: int = 4

    prior_population: int = 1000
    common_name_share: float = 0.05
    dominant_coverage_share: float = 0.8
    full_information: float = 1.6
    information_floor: float = 0.5
    full_match_floor: float = 0.88
    min_single_token_weight: float = 0.6

    weak_alias_penalty: float = 8.0
    birth_date_exact_bonus: float = 10.0
    birth_year_bonus: float = 6.0
    birth_day_mismatch_penalty: float = 10.0
    birth_date_conflict_penalty: float = 30.0
    approximate_year_tolerance: int = 1
    nationality_bonus: float = 5.0
    nationality_conflict_penalty: float = 10.0

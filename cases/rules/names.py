"""Turkish-aware name folding for third-party payment checks.

Python's `"İ".lower()` yields "i" plus a combining dot, and `"I".lower()` is "i" rather
than Turkish "ı", so we fold both dotted and dotless forms to ASCII "i" before lowering,
transliterate the Turkish letters the way the MRZ does, and drop remaining accents.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from cases.screening.names import ascii_fold


def normalise_name(name: str) -> str:
    """Lower-case ASCII tokens separated by single spaces ("Ayşe  İNCE" -> "ayse ince").

    The folding (Turkish dotted/dotless i, diacritics) is the screening package's, so a
    payer name and a sanctions name are compared on the same terms.
    """
    folded = ascii_fold(name)
    return " ".join("".join(ch if ch.isalnum() else " " for ch in folded).split())


def name_similarity(first: str, second: str) -> int:
    """0-100 similarity, tolerant of word order and a missing middle name."""
    return round(fuzz.token_set_ratio(normalise_name(first), normalise_name(second)))

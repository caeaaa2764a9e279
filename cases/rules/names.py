"""Turkish-aware name folding for third-party payment checks.

Python's `"İ".lower()` yields "i" plus a combining dot, and `"I".lower()` is "i" rather
than Turkish "ı", so we fold both dotted and dotless forms to ASCII "i" before lowering,
transliterate the Turkish letters the way the MRZ does, and drop remaining accents.
"""

from __future__ import annotations

import unicodedata

from rapidfuzz import fuzz

_TURKISH_FOLD = str.maketrans(
    {"İ": "i", "I": "i", "ı": "i", "Ğ": "g", "ğ": "g", "Ü": "u", "ü": "u",
     "Ş": "s", "ş": "s", "Ö": "o", "ö": "o", "Ç": "c", "ç": "c"}
)


def normalise_name(name: str) -> str:
    """Lower-case ASCII tokens separated by single spaces ("Ayşe  İNCE" -> "ayse ince")."""
    folded = name.translate(_TURKISH_FOLD).lower()
    decomposed = unicodedata.normalize("NFKD", folded)
    letters = "".join(
        ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch)
    )
    return " ".join(letters.split())


def name_similarity(first: str, second: str) -> int:
    """0-100 similarity, tolerant of word order and a missing middle name."""
    return round(fuzz.token_set_ratio(normalise_name(first), normalise_name(second)))

"""Name normalisation for screening: one fold for every source, so that equal names meet.

A list entry written "ŞENOL GÜNEŞ", a customer typing "Senol Gunes" and a Turkish MRZ
reading "SENOL<<GUNES" must all produce the same tokens. Python's own `lower()` is wrong
for Turkish ("İ".lower() is "i" + combining dot, "I".lower() is "i" where Turkish wants
"ı"), so the Turkish letters are mapped explicitly before anything else happens.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode decomposition does not reduce to ASCII (or reduces wrongly).
_PRE_FOLD = str.maketrans(
    {
        "İ": "I", "ı": "i", "ß": "ss", "ẞ": "SS", "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o",
        "Œ": "OE", "œ": "oe", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d",
        "Þ": "TH", "þ": "th", "Ħ": "H", "ħ": "h", "Ŋ": "N", "ŋ": "n", "ſ": "s",
        # Apostrophes and ayn/hamza marks vanish: "Sa'id" = "Said", "O'Neil" = "ONeil".
        "'": "", "’": "", "‘": "", "`": "", "´": "", "ʼ": "", "ʻ": "", "ʿ": "", "ʾ": "",
    }
)

# Russian/Ukrainian/Belarusian Cyrillic, a simple BGN/PCGN-like romanisation (lowercase).
_CYRILLIC = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
        "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
        "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
    }
)

_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Titles and honorifics that say nothing about identity (ASCII-folded).
_HONORIFIC_WORDS = """
    mr mrs ms miss mx dr prof sir dame lord lady rev revd fr sr jr ii iii iv
    sheikh shaikh shaykh sheik cheikh haji hajji hadji mullah mulla maulana mawlana
    mufti imam sayyid syed general gen colonel col major maj captain capt
    lieutenant lt sergeant sgt commander cdr brigadier admiral marshal
    bay bayan sayin hanim bey efendi pasa pasha
"""
HONORIFICS = frozenset(_HONORIFIC_WORDS.split())

# Particles of Arabic, Dutch, German, Romance names; they vary between sources
# ("Bin Laden" / "Binladen" / "Laden") and carry no identity on their own.
_PARTICLE_WORDS = (
    "al el ul ad ar as ash bin ben ibn bint binti van von der den de da di du la le del "
    "della dos das do"
)
PARTICLES = frozenset(_PARTICLE_WORDS.split())

# "Abd al-Rahman", "Abdul Rahman", "Abdulrahman", "Abdurrahman" -> one token "abdrahman".
_ABD_PREFIXES = ("abdoul", "abdul", "abdel", "abdal", "abdol", "abdur", "abdou", "abdu", "abd")
_ASSIMILATED_ARTICLES = ("al", "el", "ul", "ur", "ar", "as", "ad", "an", "at", "az")


def turkish_casefold(text: str) -> str:
    """Lower-case with Turkish rules (I -> ı, İ -> i) but keep the letters themselves."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("İ", "i").replace("I", "ı").lower()


_COMBINING_MARKS = re.compile("[\u0300-\u036f]")


@lru_cache(maxsize=65536)
def ascii_fold(text: str) -> str:
    """Transliterate to lower-case ASCII: Turkish, Latin diacritics and Cyrillic.

    Turkish dotted/dotless i both end as "i": lists and MRZs write "ISMAIL" for "İsmail"
    and "IŞIK" for "Işık", so only the merged letter compares reliably across sources.
    Characters of other scripts survive and are dropped by the tokeniser.
    """
    if text.isascii():
        return text.lower().translate(_PRE_FOLD)
    text = unicodedata.normalize("NFKC", text).translate(_PRE_FOLD).lower().translate(_CYRILLIC)
    return _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))


def _join_abd_compound(tokens: list[str]) -> list[str]:
    """Merge the Arabic "servant of" compounds, however they were split or spelt."""
    joined: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        prefix = token.startswith("abd") and next(p for p in _ABD_PREFIXES if token.startswith(p))
        if not prefix:
            joined.append(token)
            index += 1
            continue
        rest = token[len(prefix):]
        if not rest and index + 1 < len(tokens):
            index += 1
            rest = tokens[index]
            if rest in _ASSIMILATED_ARTICLES and index + 1 < len(tokens):  # "Abd-ur-Rahman"
                index += 1
                rest = tokens[index]
        for article in _ASSIMILATED_ARTICLES:
            if rest.startswith(article) and len(rest) - len(article) >= 2:
                rest = rest[len(article):]
                break
        joined.append("abd" + rest if rest else token)
        index += 1
    return joined


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """The identity-bearing tokens of a name, in written order.

    Drops honorifics, particles and single letters (initials cannot be matched safely).
    """
    folded = _NON_ALNUM.sub(" ", ascii_fold(name))
    raw = [t for t in folded.split() if t not in HONORIFICS]
    raw = [t for t in raw if t not in PARTICLES]
    tokens = _join_abd_compound(raw)
    return tuple(t for t in tokens if len(t) > 1 and not t.isdigit())


def normalised_name(name: str) -> str:
    """A canonical display form: folded tokens joined by single spaces."""
    return " ".join(name_tokens(name))

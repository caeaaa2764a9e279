"""Turn raw OCR text of one printed field into a clean value and a confidence.

Every parser knows the field's shape (11 digits with a checksum, a date, a serial of
letters and digits ...) and uses it twice: to fix the confusions OCR typically makes in
a position whose kind is known (O/0, I/1, S/5, B/8, Z/2), and to lower the confidence
when the text still does not fit, so the decision layer sends the read to a person.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from kyc_service.customers.national_id import turkish_national_id_is_valid

TURKISH_LETTERS = "ABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZQWX"
AS_DIGIT = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "l": "1",
                          "|": "1", "İ": "1", "Z": "2", "S": "5", "B": "8", "G": "6",
                          "T": "7", "A": "4", "o": "0"})
AS_LETTER = str.maketrans({"0": "O", "1": "I", "2": "Z", "5": "S", "8": "B", "6": "G",
                           "4": "A", "7": "T"})
SERIAL_SHAPE = "LDDLDDDDD"  # Turkish ID card serial, e.g. A12B34567
PASSPORT_SHAPE = "LDDDDDDDD"  # e.g. U12345678
SEX_WORDS = {"E": "M", "M": "M", "K": "F", "F": "F"}
BAD = 0.2  # confidence of a value that does not have the field's shape
UNSURE = 0.5  # a value repaired by its shape or checksum: right more often than not
AMBIGUITY = 0.1  # an alternative scored this close to the engine's choice: a coin toss


def turkish_upper(text: str) -> str:
    """Upper-case with Turkish rules: i -> İ and ı -> I (str.upper maps i -> I).

    Decomposed input (I or i followed by a combining dot above) is composed first."""
    composed = unicodedata.normalize("NFC", text).replace("i\u0307", "i")
    return composed.replace("i", "İ").replace("ı", "I").upper()


def clean_name(text: str) -> str:
    """Turkish capitals and single spaces; OCR noise such as stray punctuation dropped."""
    upper = turkish_upper(text)
    kept = "".join(ch if ch in TURKISH_LETTERS else " " for ch in upper)
    return " ".join(part for part in kept.split() if len(part) > 1 or part in "Ö")


def parse_name(read: Read) -> tuple[str | None, float]:
    name = clean_name(read.text)
    return (name, read.conf) if name else (None, 0.0)


Choices = tuple[tuple[tuple[str, float], ...], ...]


@dataclass(frozen=True)
class Read:
    """One field as the engine saw it: text, lowest word confidence, and (for codes)
    each character's alternatives, so a shape can pick the best letter or digit."""

    text: str
    conf: float
    choices: Choices = ()


def _wanted(kind: str, ch: str) -> bool:
    return ch.isascii() and (ch.isdigit() if kind == "D" else ch.isalpha() and ch.isupper())


def _pick(options: tuple[tuple[str, float], ...], kind: str) -> tuple[str, float] | None:
    """The engine's own choice (listed first) when it fits, else its best alternative of
    the wanted kind; scores of different alternatives are not comparable otherwise."""
    top, score = options[0]
    if _wanted(kind, top):
        rivals = [alt for ch, alt in options[1:] if _wanted(kind, ch) and ch != top]
        if rivals and max(rivals) >= score - AMBIGUITY:  # the engine hesitated
            return top, min(score, UNSURE)
        return top, score
    allowed = [(ch, alt) for ch, alt in options[1:] if _wanted(kind, ch) and alt > 0.0]
    if allowed:
        ch, alt = max(allowed, key=lambda pair: pair[1])
        return ch, min(alt, UNSURE)
    mapped = top.translate(AS_DIGIT if kind == "D" else AS_LETTER).upper()
    return (mapped, min(score, BAD)) if len(mapped) == 1 and _wanted(kind, mapped) else None


def _glyphs(read: Read) -> Choices:
    """Alternatives of the characters that carry content (punctuation dropped)."""
    if read.choices:
        return tuple(g for g in read.choices if g and (g[0][0].isalnum() or g[0][0] in "|"))
    return tuple(((ch, read.conf),) for ch in read.text if ch.isalnum() or ch == "|")


def _places(glyphs: Choices, shape: str) -> list[tuple[str, float]] | None:
    picked = [_pick(options, kind) for options, kind in zip(glyphs, shape, strict=True)]
    return None if any(p is None for p in picked) else [p for p in picked if p]


def _fit(glyphs: Choices, shape: str) -> tuple[str, float] | None:
    picked = _places(glyphs, shape)
    if picked is None:
        return None
    return "".join(ch for ch, _ in picked), min(score for _, score in picked)


def fit_places(read: Read, shape: str) -> list[tuple[str, float]] | None:
    """Per place of `shape`, the character picked and its score; None unless the read
    has exactly one glyph per place and every place can be filled."""
    glyphs = _glyphs(read)
    return _places(glyphs, shape) if len(glyphs) == len(shape) else None


def shaped(read: Read, shape: str) -> tuple[str, float] | None:
    """Fit the read to `shape` (L letter, D digit); one extra glyph may be dropped."""
    glyphs = _glyphs(read)
    if len(glyphs) == len(shape):
        return _fit(glyphs, shape)
    if len(glyphs) == len(shape) + 1:  # a stray mark read as a character
        fits = [fit for skip in range(len(glyphs))
                if (fit := _fit(glyphs[:skip] + glyphs[skip + 1:], shape)) is not None]
        if fits:
            value, score = max(fits, key=lambda fit: fit[1])
            return value, min(score, UNSURE)
    return None


def fits(value: str, shape: str) -> bool:
    """Every character of `value` is of the kind its place in `shape` wants."""
    return len(value) == len(shape) and all(
        _wanted(kind, ch) for ch, kind in zip(value, shape, strict=True))


def parse_serial(read: Read, shape: str) -> tuple[str | None, float]:
    fit = shaped(read, shape)
    if fit is None:
        loose = re.sub(r"[^0-9A-Z]", "", read.text.upper())
        return (loose or None), (BAD if loose else 0.0)
    return fit


def parse_national_id(read: Read) -> tuple[str | None, float]:
    """11 digits with two check digits; one misread digit may be repaired (unsure)."""
    fit = shaped(read, "D" * 11)
    if fit is None:
        digits = re.sub(r"\D", "", read.text.translate(AS_DIGIT))
        return (digits or None), (BAD if digits else 0.0)
    value, score = fit
    if turkish_national_id_is_valid(value):
        return value, max(score, 0.9)  # two check digits: a misread rarely survives
    glyphs = _glyphs(read)
    if len(glyphs) == 11:
        repairs = [(value[:i] + ch + value[i + 1:], alt) for i, options in enumerate(glyphs)
                   for ch, alt in options[1:] if ch.isdigit() and alt > 0.0]
        valid = [pair for pair in repairs if turkish_national_id_is_valid(pair[0])]
        if valid:
            return max(valid, key=lambda pair: pair[1])[0], UNSURE
    return value, BAD


def parse_date(read: Read, earliest: date, latest: date) -> tuple[str | None, float]:
    """DD.MM.YYYY (dots may come back as commas or vanish) to ISO 8601."""
    fit = shaped(read, "D" * 8)
    if fit is None:
        return None, 0.0
    digits, score = fit
    try:
        value = date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        return None, 0.0
    if not earliest <= value <= latest:
        return value.isoformat(), BAD
    return value.isoformat(), score


def _two_halves(text: str) -> tuple[str, str] | None:
    """'E / M' style values: the first and last letter (the slash often reads as I or L)."""
    letters = [ch for ch in turkish_upper(text) if ch.isalpha()]
    return (letters[0], letters[-1]) if len(letters) >= 2 else None


def parse_sex(read: Read) -> tuple[str | None, float]:
    """'E / M' and 'K / F' (Turkish / English); both halves agreeing is the best read."""
    text, conf = read.text, read.conf
    halves = _two_halves(text)
    if halves is not None and all(ch in SEX_WORDS for ch in halves):
        first, last = (SEX_WORDS[ch] for ch in halves)
        if first == last and halves[0] in "EK" and halves[1] in "MF":
            return first, max(conf, 0.9)
        return None, 0.0
    votes = {SEX_WORDS[ch] for ch in turkish_upper(text) if ch in SEX_WORDS}
    return (votes.pop(), min(conf, 0.5)) if len(votes) == 1 else (None, 0.0)


def parse_nationality(read: Read) -> tuple[str | None, float]:
    """'T.C. / TUR' on Turkish documents; otherwise the alpha-3 code printed last."""
    text, conf = read.text, read.conf
    compact = re.sub(r"[^A-Z]", "", turkish_upper(text))
    if compact.endswith("TUR"):
        return "TUR", max(conf, 0.9) if compact.startswith("TC") else conf
    if len(compact) >= 3:
        return compact[-3:], min(conf, 0.5)
    return None, 0.0

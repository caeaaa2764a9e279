"""A doubtful serial's letters read once more, on their own and with only letters allowed.

A serial mixes letters and digits in fixed places (A12B34567). In a narrow bold face
the recogniser, allowed both, often calls a letter the digit it resembles (J as 1, H as
S or 4) and offers the right letter only far down its alternatives, so the shape repair
in `viz_fields` picks the wrong one (J87R... came back as I87R...). Cut out alone and
read with a letters-only alphabet, the same glyph is usually named correctly. This runs
only for serials whose read was doubtful, and only when the value splits into exactly
as many glyphs as the shape has places, so each letter's glyph is known.
"""

from __future__ import annotations

import itertools

import numpy as np

from kyc_service.documents.ocr import OcrEngine, OcrRequest
from kyc_service.documents.viz_crops import ValueCrop, glyph_spans, stack
from kyc_service.documents.viz_fields import UNSURE, Read, fit_places

SERIAL_LETTERS = "ABCDEFGHIJKLMNOPRSTUVYZ"  # capitals printed in serials (no Ç, Ğ ...)
SPLIT_WIDTH = 1.6  # a glyph span this many typical widths wide is two touching glyphs


def _one_per_place(spans: list[tuple[int, int]], count: int) -> list[tuple[int, int]] | None:
    """Glyph spans, touching pairs split in even parts by the typical glyph width; None
    when that still does not give `count` glyphs."""
    if len(spans) == count:
        return spans
    if len(spans) > count or not spans:
        return None
    typical = float(np.median([right - left for left, right in spans]))
    split: list[tuple[int, int]] = []
    for left, right in spans:
        parts = max(1, round((right - left) / typical)) if right - left > SPLIT_WIDTH * typical \
            else 1
        edges = np.linspace(left, right, parts + 1).round().astype(int)
        split += [(int(a), int(b)) for a, b in itertools.pairwise(edges)]
    return split if len(split) == count else None


def reread_letters(crop: ValueCrop, shape: str, engine: OcrEngine, languages: str
                   ) -> dict[int, tuple[str, float]] | None:
    """Place in `shape` -> (letter, confidence) for every `L` place; None when the value
    does not split into one glyph per place or the engine does not name every letter."""
    spans = _one_per_place(glyph_spans(crop), len(shape))
    places = [index for index, kind in enumerate(shape) if kind == "L"]
    if spans is None or not places:
        return None
    glyphs = [ValueCrop(str(place), crop.script, crop.grey[:, spans[place][0]:spans[place][1]],
                        crop.body_px) for place in places]
    stacked = stack(glyphs)  # one glyph per line, one engine call for all of them
    request = OcrRequest(psm=6, languages=languages, whitelist=SERIAL_LETTERS)
    named: dict[int, list[tuple[str, float]]] = {}
    for word in engine.words(stacked.image, request):
        slot = stacked.field_at(word.centre_y)
        if slot is not None:
            named.setdefault(int(slot), []).extend((letter, word.conf) for letter in word.text)
    if sorted(named) != places or any(len(found) != 1 for found in named.values()):
        return None  # a letter missed or split in two: no safe answer
    return {place: found[0] for place, found in named.items()}


def with_letters(read: Read, shape: str, value: str, confidence: float,
                 letters: dict[int, tuple[str, float]]) -> tuple[str, float]:
    """`value` (parsed from `read`) with its letter places taken from the letters-only read.

    Where both reads name the same letter, the place is as sure as the letters-only read
    says; where they differ, the letters-only read is kept (it is right far more often)
    but the value stays doubtful. The digits keep the scores of the first read.
    """
    chars = list(value)
    for place, (letter, _) in letters.items():
        chars[place] = letter
    changed = "".join(chars)
    places = fit_places(read, shape)
    if changed != value or places is None or "".join(ch for ch, _ in places) != value:
        return changed, min(confidence, UNSURE) if changed != value else confidence
    scores = [letters[place][1] if place in letters else score
              for place, (_, score) in enumerate(places)]
    return value, min(scores)

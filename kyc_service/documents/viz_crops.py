"""Cut each printed value out of its search window and stack them for one OCR call.

Inside a window the value is the band of rows holding the darkest, heaviest print:
values are printed bold and black, labels small and in a lighter ink, and the security
background paler still. The band is widened for Turkish accents (the dots of İ/Ö/Ü, the
breve of Ğ) and cedillas (Ç/Ş), which sit apart from the letters' bodies. Starting a
Tesseract process costs more than reading a line, so all values of one script are
stacked into one picture and read at once; each word is mapped back by its position.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from kyc_service.documents.viz_layout import FieldBox

DARK_SHARE = 0.32  # of the paper-to-darkest range: value ink is darker than this
ROW_MIN_SHARE = 0.06  # rows whose dark share (of the run's widest row) is below: gaps
ACCENT_ABOVE = 0.5  # of the body height, searched above the body for accents
ACCENT_BELOW = 0.35  # ... and below it for cedillas and descenders
PAD = 0.35  # margin around the cut, in body heights
STACK_GAP = 1.2  # empty space between stacked values, in body heights
MIN_BODY_PX = 6
GROW_MM, GROW_STEPS = 1.5, 3  # window growth when the value runs into its edge
RULE_SPAN = 2.2  # of the capital height: taller marks are frames, not letters
BODY_RANGE = (0.6, 1.9)  # a value line's height over the layout's capital height
NEAR_INK = 0.15  # of the body height: anti-aliased edges kept around dark strokes
GLYPH_INK = 128  # a normalised crop's pixels darker than this belong to a glyph
GLYPH_MIN_HEIGHT = 0.4  # of the body height: smaller marks (dots, specks) are not glyphs
GLYPH_GAP = 0.25  # of the body height: white space put between glyphs


@dataclass(frozen=True)
class ValueCrop:
    name: str
    script: str
    grey: np.ndarray  # normalised: paper 255, ink near 0
    body_px: int  # height of the value's letter bodies


@dataclass(frozen=True)
class Stack:
    image: np.ndarray
    slots: tuple[tuple[str, int, int], ...]  # (field name, top, bottom) in the image

    def field_at(self, y: float) -> str | None:
        for name, top, bottom in self.slots:
            if top <= y < bottom:
                return name
        return None


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    runs, start = [], None
    for index, on in enumerate([*mask.tolist(), False]):
        if on and start is None:
            start = index
        elif not on and start is not None:
            runs.append((start, index))
            start = None
    return runs


def _normalised(window: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Paper to 255 and the darkest ink to 0; and the mask of value-dark ink."""
    grey = cv2.cvtColor(window, cv2.COLOR_RGB2GRAY).astype(np.float32)
    paper = float(np.percentile(grey, 80))
    darkest = float(np.percentile(grey, 0.5))
    span = max(paper - darkest, 24.0)
    level = np.clip((grey - darkest) / span, 0.0, 1.0)
    return (level * 255).astype(np.uint8), level < DARK_SHARE


def _without_rules(dark: np.ndarray, cap_px: float) -> np.ndarray:
    """Drop marks far taller or wider than a letter: photo frames and ruled lines."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        dark.astype(np.uint8), connectivity=8)
    rule = (stats[:, cv2.CC_STAT_HEIGHT] > RULE_SPAN * cap_px) | (
        (stats[:, cv2.CC_STAT_WIDTH] > RULE_SPAN * 4 * cap_px)
        & (stats[:, cv2.CC_STAT_HEIGHT] < 0.5 * cap_px))
    rule[0] = False  # the background
    return dark & ~rule[labels] if count > 1 and rule.any() else dark


def _body(runs: list[tuple[int, int]], rows: np.ndarray, cap_px: float
          ) -> tuple[int, int] | None:
    """The heaviest run of text height: rules (photo frames) are too thin, blobs too tall."""
    sized = [run for run in runs
             if BODY_RANGE[0] * cap_px <= run[1] - run[0] <= BODY_RANGE[1] * cap_px]
    if not sized:
        return None
    return max(sized, key=lambda run: rows[run[0]:run[1]].sum())


def cut_value(rgb: np.ndarray, field: FieldBox, px_per_mm: float, cap_mm: float
              ) -> ValueCrop | None:
    """The value line inside the field's window, or None when the window holds no print.

    When the value's ink runs into the window's left or right edge (the document was
    located slightly off), the window grows on that side, a few millimetres at most.
    """
    box = field.box_mm
    for _ in range(GROW_STEPS + 1):
        crop, touches = _cut(rgb, replace(field, box_mm=box), px_per_mm, cap_mm)
        if crop is None or touches == (False, False):
            return crop
        box = (box[0] - GROW_MM * touches[0], box[1], box[2] + GROW_MM * touches[1], box[3])
    return crop


def _cut(rgb: np.ndarray, field: FieldBox, px_per_mm: float, cap_mm: float
         ) -> tuple[ValueCrop | None, tuple[bool, bool]]:
    nothing = (None, (False, False))
    left, top, right, bottom = (round(v * px_per_mm) for v in field.box_mm)
    height, width = rgb.shape[:2]
    left, top, right, bottom = max(0, left), max(0, top), min(width, right), min(height, bottom)
    if right - left < 8 or bottom - top < 8:
        return nothing
    grey, dark = _normalised(rgb[top:bottom, left:right])
    dark = _without_rules(dark, cap_mm * px_per_mm)
    rows = dark.sum(axis=1).astype(np.float32)
    if rows.max() < 3:
        return nothing
    runs = _runs(rows > rows.max() * ROW_MIN_SHARE)
    body = _body(runs, rows, cap_mm * px_per_mm)
    if body is None or body[1] - body[0] < MIN_BODY_PX:
        return nothing
    body_px = body[1] - body[0]
    first = max(0, body[0] - round(ACCENT_ABOVE * body_px))
    last = min(len(rows), body[1] + round(ACCENT_BELOW * body_px))
    for start, stop in runs:  # a line crossing the margin is a neighbour, not an accent
        if start < first < stop:
            first = stop
        if start < last < stop:
            last = start
    columns = np.flatnonzero(dark[body[0]:body[1]].any(axis=0))
    pad = round(PAD * body_px)
    x0, x1 = max(0, columns[0] - pad), min(grey.shape[1], columns[-1] + 1 + pad)
    rows_cut = slice(max(0, first - pad // 2), min(grey.shape[0], last + pad // 2))
    cut = _clean(grey[rows_cut, x0:x1], dark[rows_cut, x0:x1], body_px)
    touches = (bool(columns[0] == 0 and left > 0),
               bool(columns[-1] == dark.shape[1] - 1 and right < width))
    return ValueCrop(field.name, field.script, cut, body_px), touches


def _clean(grey: np.ndarray, dark: np.ndarray, body_px: int) -> np.ndarray:
    """Keep only pixels next to value-dark ink: labels and security print turn white."""
    reach = max(3, round(body_px * NEAR_INK) | 1)
    near = cv2.dilate(dark.astype(np.uint8), np.ones((reach, reach), np.uint8)) > 0
    return np.where(near, grey, 255).astype(np.uint8)


def glyph_spans(crop: ValueCrop) -> list[tuple[int, int]]:
    """Left/right columns of each glyph, left to right; marks shorter than a glyph
    (dots, stray background specks) are not glyphs. Touching glyphs stay one span."""
    dark = (crop.grey < GLYPH_INK).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    pieces = sorted((int(stats[i, cv2.CC_STAT_LEFT]),
                     int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]))
                    for i in range(1, count)
                    if stats[i, cv2.CC_STAT_HEIGHT] >= GLYPH_MIN_HEIGHT * crop.body_px)
    glyphs: list[tuple[int, int]] = []
    for left, right in pieces:  # pieces that overlap in x belong to one glyph
        if glyphs and left < glyphs[-1][1]:
            glyphs[-1] = (glyphs[-1][0], max(glyphs[-1][1], right))
        else:
            glyphs.append((left, right))
    return glyphs


def spaced(crop: ValueCrop, spans: list[tuple[int, int]] | None = None,
           gap: float = GLYPH_GAP) -> ValueCrop:
    """The value with white space (`gap` body heights) between its glyphs.

    Values are set in a condensed bold face whose capitals nearly touch; the recogniser
    then merges or drops characters (J87R... read as 187R..., ÖZDEMİR as ÖZDENİR). Pulled
    apart, each glyph is read on its own shape. Marks beside the glyphs (date dots, stray
    background specks) are left out: every code parser ignores punctuation anyway. Word
    breaks are not kept: measured between glyph boxes, a space after an L (GÜL TUĞBA) is
    hardly wider than the gap between two letters.
    """
    spans = glyph_spans(crop) if spans is None else spans
    if len(spans) < 2:
        return crop
    white = np.full((crop.grey.shape[0], max(2, round(gap * crop.body_px))), 255, np.uint8)
    parts = [part for left, right in spans for part in (white, crop.grey[:, left:right])]
    return replace(crop, grey=np.hstack([*parts, white]))


def stack(crops: list[ValueCrop]) -> Stack:
    """One white image holding every crop, left-aligned, one above the other."""
    body = int(np.median([crop.body_px for crop in crops]))
    gap = max(8, round(STACK_GAP * body))
    width = max(crop.grey.shape[1] for crop in crops) + 2 * gap
    height = sum(crop.grey.shape[0] for crop in crops) + gap * (len(crops) + 1)
    image = np.full((height, width), 255, np.uint8)
    slots, y = [], gap
    for crop in crops:
        h, w = crop.grey.shape
        image[y:y + h, gap:gap + w] = crop.grey
        slots.append((crop.name, y - gap // 2, y + h + gap // 2))
        y += h + gap
    return Stack(image, tuple(slots))

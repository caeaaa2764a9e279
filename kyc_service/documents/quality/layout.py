"""What is printed where on a rectified document: print strokes, MRZ band, photo box.

Measured in millimetres of the physical document so the same rules hold at any
resolution. Photos may be upside down, so both ends of the card are examined.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

STROKE_KERNEL_MM = 3.0  # wider than any printed stroke, narrower than the photo box
INK_CONTRAST = 0.22  # a stroke is this much darker than the paper around it
INK_MIN_LEVELS = 10.0  # ... and by at least this many grey levels
MRZ_ZONE_SHARE = 0.36  # the MRZ lives in this share of the height at the bottom
MRZ_COLUMNS = 48
MRZ_LINE_COVERAGE = 0.75  # an MRZ line has print in nearly every column, fillers too
LINE_ROW_INK = 0.015  # rows with less print than this separate text lines
MRZ_LINE_MM = (1.4, 4.0)  # plausible height of one printed MRZ line
MRZ_LINE_PITCH_MM = 4.23  # ICAO: six lines per inch
PHOTO_WINDOW = (0.22, 0.5)  # share of width and height a face photo at least fills
PHOTO_CONTRAST = 0.14
PHOTO_SEARCH_WIDTH = 0.42
PHOTO_COLOUR_SHIFT = 12.0  # Lab a*b* distance from the paper's colour


@dataclass(frozen=True)
class MrzFinding:
    score: float  # 0..1: full-width text lines found over the lines the MRZ should have
    line_height_px: float  # median height of detected MRZ lines, rectified pixels (0: none)


def print_strokes(luma: np.ndarray, px_per_mm: float) -> np.ndarray:
    """Boolean map of thin dark marks (text, lines), ignoring large dark areas."""
    size = max(3, round(STROKE_KERNEL_MM * px_per_mm) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    paper = cv2.morphologyEx(luma, cv2.MORPH_CLOSE, kernel).astype(np.float32)
    smooth = cv2.GaussianBlur(luma, (0, 0), 0.7).astype(np.float32)  # sensor noise is no ink
    return (paper - smooth) > np.maximum(INK_CONTRAST * paper, INK_MIN_LEVELS)


def print_share(strokes: np.ndarray) -> float:
    """Share of the document covered by print strokes: blank paper has none."""
    return float(strokes.mean())


def _text_lines(strokes: np.ndarray) -> list[tuple[int, int]]:
    """Row runs (start, stop) that carry print: the text lines of a zone."""
    inked = strokes.mean(axis=1) > LINE_ROW_INK
    lines, start = [], None
    for row, has_ink in enumerate([*inked.tolist(), False]):
        if has_ink and start is None:
            start = row
        elif not has_ink and start is not None:
            lines.append((start, row))
            start = None
    return lines


def _mrz_in_bottom(strokes: np.ndarray, px_per_mm: float, lines: int) -> MrzFinding:
    height, width = strokes.shape
    zone = strokes[int(height * (1 - MRZ_ZONE_SHARE)):, int(width * 0.03):int(width * 0.97)]
    usable = zone.shape[1] - zone.shape[1] % MRZ_COLUMNS
    columns = zone[:, :usable].reshape(zone.shape[0], MRZ_COLUMNS, -1)
    found_lines, single_heights = 0, []
    for start, stop in _text_lines(zone):
        coverage = columns[start:stop].any(axis=(0, 2)).mean()
        height_mm = (stop - start) / px_per_mm
        if coverage < MRZ_LINE_COVERAGE or height_mm < MRZ_LINE_MM[0]:
            continue
        if height_mm <= MRZ_LINE_MM[1]:
            found_lines += 1
            single_heights.append(stop - start)
        else:  # neighbouring lines run together when the photo is soft
            found_lines += int(height_mm // MRZ_LINE_PITCH_MM)
    score = min(1.0, found_lines / lines)
    return MrzFinding(score, float(np.median(single_heights)) if single_heights else 0.0)


def find_mrz(strokes: np.ndarray, px_per_mm: float, lines: int) -> MrzFinding:
    """The stronger of the bottom band and (for an upside-down photo) the top band."""
    upright = _mrz_in_bottom(strokes, px_per_mm, lines)
    flipped = _mrz_in_bottom(strokes[::-1, ::-1], px_per_mm, lines)
    return upright if upright.score >= flipped.score else flipped


def photo_box_score(rgb: np.ndarray, paper_level: float, px_per_mm: float) -> float:
    """Densest window of non-paper background near the left or right edge (0..1).

    Closing first erases print (strokes narrower than the kernel), so text and the MRZ
    vanish and only solid areas such as a face photo remain darker or more colourful
    than the paper.
    """
    size = max(3, round(STROKE_KERNEL_MM * px_per_mm) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    background = cv2.morphologyEx(rgb, cv2.MORPH_CLOSE, kernel)
    lab = cv2.cvtColor(background, cv2.COLOR_RGB2LAB).astype(np.float32)
    luma = cv2.cvtColor(background, cv2.COLOR_RGB2GRAY).astype(np.float32)
    paper_ab = np.median(lab[:, :, 1:], axis=(0, 1))
    colour_shift = np.hypot(lab[:, :, 1] - paper_ab[0], lab[:, :, 2] - paper_ab[1])
    off_paper = ((paper_level - luma) > PHOTO_CONTRAST * paper_level) | (
        colour_shift > PHOTO_COLOUR_SHIFT)
    height, width = luma.shape
    window = (max(1, round(width * PHOTO_WINDOW[0])), max(1, round(height * PHOTO_WINDOW[1])))
    density = cv2.blur(off_paper.astype(np.float32), window)
    search = max(window[0], round(width * PHOTO_SEARCH_WIDTH))
    left = density[:, : search - window[0] // 2]
    right = density[:, width - search + window[0] // 2:]
    return float(max(left.max(initial=0.0), right.max(initial=0.0)))

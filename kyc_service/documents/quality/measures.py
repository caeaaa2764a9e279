"""Pixel statistics of a rectified document, each meaningful on its own scale.

Brightness measures are taken relative to the document's own paper, so a white bill on
a dark desk and a tinted ID card on a white table are judged alike.
"""

from __future__ import annotations

import cv2
import numpy as np

from kyc_service.documents.quality.imaging import percentiles

PAPER_PERCENTILE = 60  # above the print and the photo, below any glare spot
SHARPNESS_PERCENTILE = 99.0
SHARPNESS_WINDOW_PX = 9  # wider than a sharp edge, about 1.5 mm at the analysis scale
EDGE_STEP_SHARE = 0.35  # edges worth judging step at least this share of ink-to-paper
EDGE_MIN_LEVELS = 12.0
DIRECTIONS_DEG = (0.0, 45.0, 90.0, 135.0)


def paper_level(luma: np.ndarray) -> float:
    """Brightness of the blank paper: most of any document's area is background."""
    return percentiles(luma, (PAPER_PERCENTILE,))[0]


def clipped_share(luma: np.ndarray, clip_level: float) -> float:
    """Share of the document burnt to (near) white, after smoothing away sensor noise."""
    smooth = cv2.GaussianBlur(luma, (0, 0), 1.5)
    return float((smooth >= clip_level).mean())


def glare_share(luma: np.ndarray, clip_level: float, margin: float) -> float:
    """Share of the document that is both clipped and clearly brighter than its paper.

    A reflection washes print out to white over part of the card; an evenly bright
    photo has no such contrast with its own paper, which is the overexposed case.
    """
    smooth = cv2.GaussianBlur(luma, (0, 0), 1.5)  # stays uint8
    level = paper_level(smooth)
    return float((smooth >= max(clip_level, level + margin)).mean())


def sharpness(luma: np.ndarray, window_px: int = SHARPNESS_WINDOW_PX) -> float:
    """Steepest edge slopes over their local ink-paper step, in the weakest direction.

    A step spread over s pixels rises about 1/s of its height per pixel whatever its
    contrast, so the measure (at most ~0.5) falls as defocus grows and does not care
    whether the print is bold or faint. Motion smears only edges across its direction;
    taking the weakest of four directions catches it.
    """
    darkest, paper = percentiles(luma, (1, PAPER_PERCENTILE))
    image = cv2.GaussianBlur(luma, (0, 0), 0.6).astype(np.float32)
    kernel = np.ones((window_px, window_px), np.uint8)
    step = cv2.dilate(image, kernel) - cv2.erode(image, kernel)
    edges = step >= max(EDGE_STEP_SHARE * float(paper - darkest), EDGE_MIN_LEVELS)
    if not edges.any():
        return 0.0
    grad_x = cv2.Sobel(image, cv2.CV_32F, 1, 0, ksize=3)[edges] / 8.0
    grad_y = cv2.Sobel(image, cv2.CV_32F, 0, 1, ksize=3)[edges] / 8.0
    step = step[edges]
    slopes = []
    for angle in np.radians(DIRECTIONS_DEG):
        along = np.abs(grad_x * np.cos(angle) + grad_y * np.sin(angle)) / step
        slopes.append(float(np.percentile(along, SHARPNESS_PERCENTILE)))
    return min(slopes)

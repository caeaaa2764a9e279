"""Find the document: the largest region that stands apart from the surface around it.

Works on a ~512 px copy. The surface colour is learnt from the frame's outer ring, each
pixel's colour distance to it is split with Otsu, and the biggest solid region becomes
the candidate. Its outline gives the quadrilateral; the measures kept here (share of the
frame, rectangularity, separation, border contact) feed the no_document, cut_off and
too_small checks.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kyc_service.documents.quality.imaging import percentiles

RING_FRACTION = 0.03  # width of the frame's outer ring that samples the surface
SURFACE_MARGIN = 2.5  # a document differs from the surface this many times its spread
MIN_DISTANCE = 12.0
SPLITS = 8


@dataclass(frozen=True)
class Candidate:
    quad: np.ndarray  # TL, TR, BR, BL in the located image's pixels, float32
    share: float  # region area / frame area
    rectangularity: float  # region area / area of its minimum bounding rectangle
    separation: float  # region's colour distance over the surrounding surface's spread
    border_share: float  # share of the frame's border pixels covered by the region
    aspect: float  # long side over short side of the quadrilateral


def _distance_map(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Colour distance (uint8) of each pixel to the surface colour, and the ring mask."""
    blurred = cv2.GaussianBlur(rgb, (0, 0), 1.5)
    lab_bytes = cv2.cvtColor(blurred, cv2.COLOR_RGB2LAB)
    low, high = percentiles(lab_bytes[:, :, 0], (1, 99))
    lab = lab_bytes.astype(np.float32)
    lab[:, :, 0] = (lab[:, :, 0] - low) * (255.0 / max(high - low, 8.0))
    height, width = lab.shape[:2]
    band = max(2, round(RING_FRACTION * min(height, width)))
    ring = np.zeros((height, width), bool)
    ring[:band], ring[-band:], ring[:, :band], ring[:, -band:] = True, True, True, True
    surface = np.median(lab[ring], axis=0)
    difference = lab - surface
    distance = np.sqrt(difference[:, :, 0] ** 2 + 2.0 * (difference[:, :, 1] ** 2
                                                         + difference[:, :, 2] ** 2))
    return np.clip(distance, 0, 255).astype(np.uint8), ring


def _order_corners(points: np.ndarray) -> np.ndarray:
    """TL, TR, BR, BL by angle around the centre, starting top-left."""
    centre = points.mean(axis=0)
    angles = np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0])
    ordered = points[np.argsort(angles)]  # from -pi: top-left first in image coordinates
    start = int(np.argmin(ordered.sum(axis=1)))
    return np.roll(ordered, -start, axis=0).astype(np.float32)


def _quad(contour: np.ndarray) -> np.ndarray:
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for epsilon in (0.02, 0.03, 0.045, 0.06):
        approx = cv2.approxPolyDP(hull, epsilon * perimeter, True)
        if len(approx) == 4:
            return _order_corners(approx.reshape(4, 2).astype(np.float32))
    return _order_corners(cv2.boxPoints(cv2.minAreaRect(hull)))


def _side_lengths(quad: np.ndarray) -> tuple[float, float]:
    """Mean lengths of the two opposite side pairs (top/bottom, left/right)."""
    top = np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3])
    left = np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1])
    return float(top / 2), float(left / 2)


def _thresholds(distance: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Colour-distance splits from just above the surface's own variation upwards.

    No single split works everywhere: a pale card on a light table needs a low one,
    a card with a dark photo on a busy cloth a high one. Each split yields a candidate
    and the caller keeps the most document-like.
    """
    # 75th percentile: a cut-off document may cover part of the ring
    surface_spread = percentiles(distance[ring], (75,))[0]
    low = max(MIN_DISTANCE, surface_spread)
    high = max(low * 2.0, percentiles(distance, (97,))[0])
    return np.geomspace(low, high, SPLITS)


def locate_document(rgb: np.ndarray) -> list[Candidate]:
    """The largest region at each colour-distance split (empty: nothing stands out)."""
    distance, ring = _distance_map(rgb)
    height, width = distance.shape
    border = np.zeros((height, width), bool)
    border[0], border[-1], border[:, 0], border[:, -1] = True, True, True, True
    size = max(3, round(min(height, width) * 0.02) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    candidates = []
    for threshold in _thresholds(distance, ring):
        _, binary = cv2.threshold(distance, threshold, 255, cv2.THRESH_BINARY)
        binary = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, kernel)
        binary = cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel)
        contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        if contours:
            candidate = _candidate(max(contours, key=cv2.contourArea), distance, ring, border)
            if candidate is not None:
                candidates.append(candidate)
    return candidates


def _candidate(contour: np.ndarray, distance: np.ndarray, ring: np.ndarray,
               border: np.ndarray) -> Candidate | None:
    area = cv2.contourArea(contour)
    if area < 16:
        return None
    region = np.zeros(distance.shape, np.uint8)
    cv2.drawContours(region, [contour], -1, 255, -1)
    inside = region > 0
    (_, _), (box_w, box_h), _ = cv2.minAreaRect(contour)
    surround = ring & ~inside
    spread = percentiles(distance[surround], (90,))[0] if surround.any() else 255.0
    quad = _quad(contour)
    horizontal, vertical = _side_lengths(quad)
    return Candidate(
        quad=quad,
        share=float(inside.mean()),
        rectangularity=float(area / max(box_w * box_h, 1.0)),
        separation=percentiles(distance[inside], (50,))[0] / max(spread, 4.0),
        border_share=float(inside[border].mean()),
        aspect=max(horizontal, vertical) / max(min(horizontal, vertical), 1.0),
    )

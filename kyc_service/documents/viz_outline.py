"""A second way to find a card's outline: its four straight edges.

The quality checks find the document as the region whose colour stands apart from the
surface. A pale card on a pale grey table barely does, and the region then swallows
part of the table or loses a corner. The card's edges stay visible as straight steps
in brightness, so this finder looks for straight lines (Hough transform on the edge
map), pairs roughly parallel lines into opposite sides, and keeps the quadrilateral
whose four sides are best covered by edge pixels and whose proportions fit the
document. It is only consulted when the first outline gave a poor read.
"""

from __future__ import annotations

import itertools
import math

import cv2
import numpy as np

WORK_LONG_SIDE = 640  # px: enough to place an edge within ~0.2 mm on an ID card
MAX_LINES = 18  # strongest distinct lines considered
SAME_LINE = (10.0, math.radians(4))  # rho px, angle: closer lines are one edge
PARALLEL = math.radians(14)  # opposite sides differ at most this much (perspective)
SQUARE = math.radians(25)  # adjacent sides meet at 90 degrees give or take this
ASPECT_TOLERANCE = 0.22  # relative deviation from the document's aspect ratio
MIN_SHARE = 0.08  # of the frame: smaller quads are print on the card, not the card
CORNER_SKIP = 0.1  # of a side, left out at both ends: card corners are rounded
NEAR_EDGE_PX = 2.0
MIN_SIDE_SUPPORT = 0.45  # every side must be this well covered by edge pixels
SAMPLES = 48  # points per side
STRIP_PX = 3.0  # paper is sampled this far inside a side, the surface this far outside
PAPER_MARGIN = 4.0  # grey levels: the outside must differ more from paper than the inside
PAPER_PERCENTILE = 75  # of the grey levels inside: print and photo are darker than paper


def _lines(edges: np.ndarray) -> list[tuple[float, float]]:
    """The strongest distinct straight lines as (rho, theta), strongest first."""
    votes = max(20, round(0.12 * min(edges.shape)))
    found = cv2.HoughLines(edges, 1, math.pi / 360, votes)
    kept: list[tuple[float, float]] = []
    for rho, theta in ([] if found is None else found[:, 0].tolist()):
        if not any(_same(rho, theta, r, t) for r, t in kept):
            kept.append((rho, theta))
        if len(kept) == MAX_LINES:
            break
    return kept


def _same(rho: float, theta: float, other_rho: float, other_theta: float) -> bool:
    if abs(theta - other_theta) > math.pi / 2:  # the same line seen from the other side
        other_rho, other_theta = -other_rho, other_theta - math.copysign(math.pi, other_theta
                                                                           - theta)
    return abs(rho - other_rho) < SAME_LINE[0] and abs(theta - other_theta) < SAME_LINE[1]


def _angle_between(a: float, b: float) -> float:
    """Angle between two lines' directions, 0..pi/2."""
    difference = abs(a - b) % math.pi
    return min(difference, math.pi - difference)


def _cross(first: tuple[float, float], second: tuple[float, float]) -> np.ndarray | None:
    (r1, t1), (r2, t2) = first, second
    matrix = np.array([[math.cos(t1), math.sin(t1)], [math.cos(t2), math.sin(t2)]])
    if abs(np.linalg.det(matrix)) < 1e-6:
        return None
    return np.linalg.solve(matrix, np.array([r1, r2]))


def _quad(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float],
          d: tuple[float, float]) -> np.ndarray | None:
    """Corners where sides a, b (one parallel pair) meet c, d (the other), in order."""
    corners = [_cross(a, c), _cross(c, b), _cross(b, d), _cross(d, a)]
    if any(corner is None for corner in corners):
        return None
    quad = np.array(corners, np.float32)
    return quad if cv2.isContourConvex(quad.reshape(-1, 1, 2)) else None


def _inside_mask(quad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    mask = np.zeros(shape[:2], np.uint8)
    cv2.fillConvexPoly(mask, np.round(quad).astype(np.int32), 1)
    return mask.astype(bool)


def _support(quad: np.ndarray, distance: np.ndarray, grey: np.ndarray) -> list[float]:
    """Per side, the share of its points (corners left out) that lie on an edge pixel
    with the document's paper on the inside: a line on a patterned table, with table on
    both sides, is not the document's edge."""
    inside = _inside_mask(quad, grey.shape)
    if not inside.any():
        return [0.0] * 4
    paper = float(np.percentile(grey[inside], PAPER_PERCENTILE))
    steps = np.linspace(CORNER_SKIP, 1.0 - CORNER_SKIP, SAMPLES)[:, None]
    centre = quad.mean(axis=0)
    shares = []
    for start, end in zip(quad, np.roll(quad, -1, axis=0), strict=True):
        points = start + (end - start) * steps
        normal = np.array([end[1] - start[1], start[0] - end[0]], np.float64)
        normal /= max(float(np.linalg.norm(normal)), 1e-6)
        if np.dot(centre - start, normal) > 0:  # make it point outwards
            normal = -normal
        near = _sample(distance, points) <= NEAR_EDGE_PX
        inner = _sample(grey, points - normal * STRIP_PX)
        outer = _sample(grey, points + normal * STRIP_PX)
        apart = np.abs(outer - paper) > np.abs(inner - paper) + PAPER_MARGIN
        shares.append(float((near & apart).mean()))
    return shares


def _sample(image: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Pixel values at `points` (x, y); points outside the image read as NaN."""
    height, width = image.shape[:2]
    xs, ys = np.round(points[:, 0]).astype(int), np.round(points[:, 1]).astype(int)
    inside = (xs >= 0) & (xs < width) & (ys >= 0) & (ys < height)
    values = np.full(len(points), np.nan)
    values[inside] = image[ys[inside], xs[inside]]
    return values


def _sides(quad: np.ndarray) -> tuple[float, float]:
    first = (np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3])) / 2
    second = (np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1])) / 2
    return float(first), float(second)


def find_outline(rgb: np.ndarray, aspect: float) -> np.ndarray | None:
    """The card's corners in `rgb` pixels (clockwise from the top-most-left), or None.

    `aspect` is the document's long side over its short side.
    """
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    factor = min(1.0, WORK_LONG_SIDE / max(grey.shape))
    small = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    blurred = cv2.GaussianBlur(small, (0, 0), 1.2)
    gradient = cv2.magnitude(cv2.Sobel(blurred, cv2.CV_32F, 1, 0),
                             cv2.Sobel(blurred, cv2.CV_32F, 0, 1))
    high = max(40.0, float(np.percentile(gradient, 90)))
    edges = cv2.Canny(blurred, high / 2, high)
    distance = cv2.distanceTransform(255 - edges, cv2.DIST_L2, 3)
    lines = _lines(edges)
    pairs = [(a, b) for a, b in itertools.combinations(lines, 2)
             if _angle_between(a[1], b[1]) < PARALLEL]
    frame_area = small.shape[0] * small.shape[1]
    best: tuple[float, np.ndarray] | None = None
    for (a, b), (c, d) in itertools.combinations(pairs, 2):
        if abs(_angle_between(a[1], c[1]) - math.pi / 2) > SQUARE:
            continue
        quad = _quad(a, b, c, d)
        if quad is None:
            continue
        first, second = _sides(quad)
        long_side, short_side = max(first, second), max(min(first, second), 1.0)
        area = cv2.contourArea(quad)
        if (abs(long_side / short_side / aspect - 1.0) > ASPECT_TOLERANCE
                or area < MIN_SHARE * frame_area):
            continue
        support = _support(quad, distance, blurred)
        if min(support) < MIN_SIDE_SUPPORT:
            continue
        score = float(np.mean(support)) * math.sqrt(area / frame_area)
        if best is None or score > best[0]:
            best = (score, quad)
    if best is None:
        return None
    return _clockwise(best[1] / factor)


def _clockwise(quad: np.ndarray) -> np.ndarray:
    """TL, TR, BR, BL: sorted by angle around the centre, starting nearest the origin."""
    centre = quad.mean(axis=0)
    angles = np.arctan2(quad[:, 1] - centre[1], quad[:, 0] - centre[0])
    ordered = quad[np.argsort(angles)]
    start = int(np.argmin(ordered.sum(axis=1)))
    return np.roll(ordered, -start, axis=0).astype(np.float32)

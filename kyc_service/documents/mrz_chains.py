"""Group character-sized blobs into straight text lines, whatever the rotation.

Blobs are linked to neighbours of similar size along a candidate text direction (the
commonest nearest-neighbour angle; textured backgrounds get their own peak, so a few are
tried), and each linked group's direction comes from a principal-axis fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


class ChainSettings(Protocol):
    link_distance: float
    height_ratio: float
    max_link_angle_deg: float
    direction_tries: int
    min_line_chars: int
    min_piece_chars: int


@dataclass
class Chain:
    members: np.ndarray  # indices into the component arrays
    direction: np.ndarray  # unit vector along the line
    height: float
    offset: float = 0.0  # position along the common normal
    extent: tuple[float, float] = (0.0, 0.0)


def _pairs(centres: np.ndarray, heights: np.ndarray, settings: ChainSettings
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Neighbouring blobs of similar size: (i, j) index pairs, distances and angles."""
    order = np.argsort(centres[:, 0])
    xs = centres[order, 0]
    firsts, seconds = [], []
    for rank, i in enumerate(order):
        reach = settings.link_distance * heights[i] * settings.height_ratio
        stop = int(np.searchsorted(xs, xs[rank] + reach, side="right"))
        js = order[rank + 1 : stop]
        ratio = heights[i] / heights[js]
        limit = settings.link_distance * np.maximum(heights[i], heights[js])
        near = np.hypot(*(centres[js] - centres[i]).T) <= limit
        ok = near & (ratio <= settings.height_ratio) & (ratio >= 1 / settings.height_ratio)
        firsts.extend([i] * int(ok.sum()))
        seconds.extend(js[ok].tolist())
    a, b = np.array(firsts, int), np.array(seconds, int)
    delta = centres[b] - centres[a] if len(a) else np.zeros((0, 2))
    angles = np.degrees(np.arctan2(delta[:, 1], delta[:, 0])) % 180.0
    return np.stack([a, b], axis=1) if len(a) else np.zeros((0, 2), int), np.hypot(
        delta[:, 0], delta[:, 1]), angles


def _text_angles(pairs: np.ndarray, distances: np.ndarray, angles: np.ndarray,
                 count: int, tries: int) -> list[float]:  # fmt: skip
    """Likely text directions: the commonest angles from a blob to its nearest neighbour.

    Within a line, neighbours sit about one pitch apart, closer than the next line, so
    nearest-neighbour directions cluster on the line direction; textured backgrounds
    (wood grain) make their own peak, hence several candidates.
    """
    nearest = np.full(count, np.inf)
    angle_of = np.zeros(count)
    for (i, j), dist, angle in zip(pairs, distances, angles, strict=True):
        for k in (i, j):
            if dist < nearest[k]:
                nearest[k], angle_of[k] = dist, angle
    found = angle_of[np.isfinite(nearest)]
    hist, edges = np.histogram(found, bins=36, range=(0.0, 180.0))
    smooth = hist + np.roll(hist, 1) + np.roll(hist, -1)
    peaks: list[float] = []
    for peak in np.argsort(-smooth):
        angle = float(edges[peak] + 2.5)
        if all(abs((angle - other + 90.0) % 180.0 - 90.0) > 15.0 for other in peaks):
            peaks.append(angle)
        if len(peaks) == tries:
            break
    return peaks


def find_chains(centres: np.ndarray, heights: np.ndarray, settings: ChainSettings
            ) -> list[list[Chain]]:  # fmt: skip
    """Per candidate text direction, the straight chains of blobs linked along it."""
    count = len(centres)
    if count < settings.min_line_chars or count > 20000:
        return []
    pairs, distances, angles = _pairs(centres, heights, settings)
    if not len(pairs):
        return []
    thetas = _text_angles(pairs, distances, angles, count, settings.direction_tries)
    return [_chains_along(theta, centres, heights, pairs, angles, settings) for theta in thetas]


def _chains_along(theta: float, centres: np.ndarray, heights: np.ndarray, pairs: np.ndarray,
                  angles: np.ndarray, settings: ChainSettings) -> list[Chain]:  # fmt: skip
    count = len(centres)
    off = np.abs((angles - theta + 90.0) % 180.0 - 90.0)
    parent = np.arange(count)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs[off <= settings.max_link_angle_deg]:
        parent[find(int(i))] = find(int(j))
    roots = np.array([find(i) for i in range(count)])
    chains = []
    for root in np.unique(roots):
        members = np.flatnonzero(roots == root)
        if len(members) < settings.min_piece_chars:
            continue
        pts = centres[members]
        mean = pts.mean(axis=0)
        _, _, vt = np.linalg.svd(pts - mean, full_matrices=False)
        direction = vt[0] if vt[0][0] >= 0 else -vt[0]
        height = float(np.median(heights[members]))
        spread = np.abs((pts - mean) @ np.array([-direction[1], direction[0]]))
        if np.percentile(spread, 90) <= 0.45 * height:
            chains.append(Chain(members, direction, height))
    return chains

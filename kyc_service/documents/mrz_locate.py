"""Find the MRZ band in a photo and cut out one deskewed, binarised strip per line.

Rotation-invariant by construction: characters are found as connected components,
chained to their neighbours of similar height, and each chain's direction comes from a
principal-axis fit, so a tilted, skewed or upside-down document yields the same strips
(upside-down ones rotated by 180°, which the recogniser resolves). The MRZ is the run of
2-3 parallel, evenly spaced chains whose character counts best match TD1/TD2/TD3.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import cv2
import numpy as np

from kyc_service.documents.mrz import MrzNotFoundError
from kyc_service.documents.mrz_chains import Chain, ChainSettings, find_chains

SHAPES: tuple[tuple[int, int], ...] = ((3, 30), (2, 36), (2, 44))  # (lines, characters)


@dataclass(frozen=True)
class LocateSettings:
    """Thresholds of the locator; sizes are in pixels of the working image."""

    max_side_px: int = 1800  # larger photos are downscaled first (speed)
    threshold_block_px: int = 31  # adaptive threshold window
    threshold_offset: int = 12  # how much darker than its surroundings ink must be
    min_char_height_px: int = 7  # ~16 px is the practical reading limit; keep some slack
    max_char_height_px: int = 160
    link_distance: float = 1.5  # neighbours within this many character heights
    max_link_angle_deg: float = 20.0  # links must follow the text direction
    direction_tries: int = 3  # candidate text directions to try
    height_ratio: float = 1.6  # neighbours of similar size only (fillers are smaller)
    min_line_chars: int = 18
    min_piece_chars: int = 5  # shorter chains are joined to collinear neighbours first
    max_line_gap: float = 2.2  # line pitch in character heights (OCR-B: ~1.45)
    output_char_height_px: int = 36  # strips are scaled so characters are this tall
    margin: float = 0.35  # strip margin around the ink, in character heights


@dataclass
class MrzBand:
    """The located MRZ: strips top to bottom as read, plus where they came from."""

    lines: list[np.ndarray]  # uint8, black ink (0) on white (255), one per MRZ line
    gray_lines: list[np.ndarray]  # the same strips before binarisation
    shape: tuple[int, int]  # expected (line count, characters per line)
    angle_deg: float  # direction of the text in the photo
    char_height_px: float  # in the original photo
    quads: list[np.ndarray] = field(default_factory=list)  # strip corners in the photo

    def flipped(self) -> MrzBand:
        """The same band read the other way round (for upside-down documents)."""
        return MrzBand(
            lines=[np.ascontiguousarray(line[::-1, ::-1]) for line in reversed(self.lines)],
            gray_lines=[np.ascontiguousarray(g[::-1, ::-1]) for g in reversed(self.gray_lines)],
            shape=self.shape,
            angle_deg=(self.angle_deg + 180.0) % 360.0,
            char_height_px=self.char_height_px,
            quads=list(reversed(self.quads)),
        )


def to_gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_RGBA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def locate_mrz(image: np.ndarray, settings: LocateSettings | None = None) -> MrzBand:
    """The MRZ band of an RGB or grey photo; raises `MrzNotFoundError`."""
    settings = settings or LocateSettings()
    gray = to_gray(image)
    scale = min(1.0, settings.max_side_px / max(gray.shape))
    work = gray if scale == 1.0 else cv2.resize(gray, None, fx=scale, fy=scale,
                                                interpolation=cv2.INTER_AREA)  # fmt: skip
    centres, heights, boxes = _components(work, settings)
    band: list[Chain] = []
    best = float("inf")
    # LocateSettings is frozen (read-only fields); ChainSettings only reads them.
    for chains in find_chains(centres, heights, cast(ChainSettings, settings)):
        run, run_shape, score = _pick_band(chains, centres, settings)
        if score < best:
            band, shape, best = run, run_shape, score
    if not band:
        raise MrzNotFoundError("no run of MRZ-like text lines")
    direction = band[0].direction
    # One height for all strips: fillers are shorter than letters, and a line of fillers
    # must not be magnified more than its neighbours.
    height = float(np.percentile(np.concatenate([heights[c.members] for c in band]), 80))
    # MRZ lines are equally long and aligned: a glyph one chain missed (a broken link at
    # the end of a line) is still inside the band's common extent.
    all_boxes = np.concatenate([boxes[c.members] for c in band]) / scale
    along = _corners(all_boxes) @ direction
    extent = (float(along.min()), float(along.max()))
    lines, grays, quads = [], [], []
    for chain in band:
        strip, quad = _cut_strip(gray, boxes[chain.members] / scale, direction, height / scale,
                                 extent, settings)  # fmt: skip
        grays.append(strip)
        lines.append(_binarise(strip))
        quads.append(quad)
    angle = float(np.degrees(np.arctan2(direction[1], direction[0])))
    return MrzBand(lines, grays, shape, angle, height / scale, quads)


def _components(
    work: np.ndarray, settings: LocateSettings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Character-sized dark blobs: centres, heights and boxes (x0, y0, x1, y1)."""
    ink = cv2.adaptiveThreshold(work, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                settings.threshold_block_px, settings.threshold_offset)
    _, _, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    x, y, w, h, area = (stats[1:, i] for i in range(5))
    size = np.maximum(w, h)  # rotation may turn a tall glyph's height into its width
    keep = (
        (size >= settings.min_char_height_px) & (size <= settings.max_char_height_px)
        & (area >= 0.08 * w * h) & (np.minimum(w, h) >= 2)
    )  # fmt: skip
    boxes = np.stack([x, y, x + w, y + h], axis=1)[keep].astype(np.float64)
    return centroids[1:][keep], size[keep].astype(np.float64), boxes


def _pick_band(
    chains: list[Chain], centres: np.ndarray, settings: LocateSettings
) -> tuple[list[Chain], tuple[int, int], float]:
    """The run of consecutive parallel chains that looks most like an MRZ."""
    best: tuple[float, list[Chain], tuple[int, int]] = (float("inf"), [], (0, 0))
    for anchor in (c for c in chains if len(c.members) >= settings.min_line_chars):
        normal = np.array([-anchor.direction[1], anchor.direction[0]])
        peers = [c for c in chains if abs(float(c.direction @ anchor.direction)) > 0.97
                 and 0.7 < c.height / anchor.height < 1.4]  # fmt: skip
        for chain in peers:
            pts = centres[chain.members]
            chain.offset = float(np.median(pts @ normal))
            along = pts @ anchor.direction
            chain.extent = (float(along.min()), float(along.max()))
        peers = _merge_collinear(sorted(peers, key=lambda c: c.extent[0]), centres, anchor)
        peers = [c for c in peers if len(c.members) >= settings.min_line_chars]
        peers.sort(key=lambda c: c.offset)
        for lines, chars in SHAPES:
            for start in range(len(peers) - lines + 1):
                run = peers[start : start + lines]
                score = _run_score(run, lines, chars, settings)
                if score < best[0]:
                    best = (score, run, (lines, chars))
    return best[1], best[2], best[0]


def _merge_collinear(peers: list[Chain], centres: np.ndarray, anchor: Chain) -> list[Chain]:
    """Join pieces of one line that a weak link split (sorted by where they start)."""
    merged: list[Chain] = []
    for chain in peers:
        for other in merged:
            same_line = abs(other.offset - chain.offset) < 0.5 * anchor.height
            gap = max(chain.extent[0] - other.extent[1], other.extent[0] - chain.extent[1])
            if same_line and gap < 3.0 * anchor.height:
                members = np.concatenate([other.members, chain.members])
                along = centres[members] @ anchor.direction
                other.members = members
                other.extent = (float(along.min()), float(along.max()))
                break
        else:
            merged.append(Chain(chain.members, chain.direction, chain.height, chain.offset,
                                 chain.extent))  # fmt: skip
    return merged


def _run_score(run: list[Chain], lines: int, chars: int, settings: LocateSettings) -> float:
    """Lower is better; infinity when the run cannot be an MRZ of this shape."""
    height = float(np.median([c.height for c in run]))
    gaps = np.diff([c.offset for c in run])
    if np.any(gaps > settings.max_line_gap * height) or np.any(gaps < 1.1 * height):
        return float("inf")
    counts = np.array([len(c.members) for c in run])
    lengths = np.array([c.extent[1] - c.extent[0] for c in run])
    if lengths.max() > 1.25 * lengths.min() + height:
        return float("inf")
    pitch = float(np.median(lengths)) / (chars - 1)
    if not 0.6 * height < pitch < 1.6 * height:
        return float("inf")
    return float(np.abs(counts - chars).sum()) / lines - 0.5 * lines


def _corners(boxes: np.ndarray) -> np.ndarray:
    return np.concatenate([boxes[:, [0, 1]], boxes[:, [2, 1]], boxes[:, [2, 3]],
                           boxes[:, [0, 3]]])  # fmt: skip


def _cut_strip(
    gray: np.ndarray, boxes: np.ndarray, direction: np.ndarray, height: float,
    extent: tuple[float, float], settings: LocateSettings,
) -> tuple[np.ndarray, np.ndarray]:
    """Warp the line's oriented box to an upright strip of a fixed character height."""
    normal = np.array([-direction[1], direction[0]])
    centre_across = float(np.median(_corners(boxes) @ normal))
    margin = settings.margin * height
    u0, u1 = extent[0] - margin, extent[1] + margin
    v0, v1 = centre_across - 0.5 * height - margin, centre_across + 0.5 * height + margin
    quad = np.array([direction * u0 + normal * v0, direction * u1 + normal * v0,
                     direction * u1 + normal * v1, direction * u0 + normal * v1], np.float32)
    factor = settings.output_char_height_px / height
    out_w = max(8, round((u1 - u0) * factor))
    out_h = max(8, round((v1 - v0) * factor))
    target = np.array([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]], np.float32)
    matrix = cv2.getAffineTransform(quad[:3], target[:3])
    strip = cv2.warpAffine(gray, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
    return strip, quad


def _binarise(strip: np.ndarray) -> np.ndarray:
    """Otsu on the strip alone: the MRZ band has one paper tone and one ink tone."""
    _, binary = cv2.threshold(strip, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary

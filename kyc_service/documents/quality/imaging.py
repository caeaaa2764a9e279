"""Bring any decoded picture to a small RGB working copy and rectify documents from it.

Analysis never needs 12 megapixels: the working copy keeps `scale` (original pixels per
working pixel) so resolution checks still speak about the uploaded image. A lazily
opened JPEG is decoded straight at reduced size (DCT scaling), which is most of the speed.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

ImageInput = np.ndarray | Image.Image
DRAFT_SLACK = 0.7


def percentiles(values: np.ndarray, points: tuple[float, ...]) -> list[float]:
    """Percentiles of a uint8 image from its histogram: linear time, no sorting."""
    counts = np.bincount(values.ravel(), minlength=256).cumsum()
    total = counts[-1]
    return [float(np.searchsorted(counts, total * point / 100.0)) for point in points]


@dataclass(frozen=True)
class WorkingImage:
    rgb: np.ndarray  # uint8, H x W x 3
    scale: float  # original pixels per working pixel

    @property
    def luma(self) -> np.ndarray:
        return cv2.cvtColor(self.rgb, cv2.COLOR_RGB2GRAY)


def working_copy(image: ImageInput, long_side: int, bgr: bool = False) -> WorkingImage:
    """An RGB copy whose long side is at most `long_side`, and its scale to the original."""
    if isinstance(image, Image.Image):
        original = max(image.size)
        if original > long_side:
            # DCT scaling halves the size in steps; accept a copy a little under target
            factor = DRAFT_SLACK * long_side / original
            image.draft("RGB", (round(image.width * factor), round(image.height * factor)))
        array = np.asarray(image if image.mode == "RGB" else image.convert("RGB"))
    else:
        array = _as_rgb(image, bgr)
        original = max(array.shape[:2])
    current = max(array.shape[:2])
    if current > long_side:
        factor = long_side / current
        size = (max(1, round(array.shape[1] * factor)), max(1, round(array.shape[0] * factor)))
        array = cv2.resize(array, size, interpolation=cv2.INTER_AREA)
    return WorkingImage(np.ascontiguousarray(array), original / max(array.shape[:2]))


def _as_rgb(array: np.ndarray, bgr: bool) -> np.ndarray:
    if array.dtype != np.uint8:
        raise ValueError("expected an 8-bit image")
    if array.ndim == 2:
        return cv2.cvtColor(array, cv2.COLOR_GRAY2RGB)
    if array.ndim == 3 and array.shape[2] == 4:
        array = array[:, :, :3]
    if array.ndim != 3 or array.shape[2] != 3:
        raise ValueError(f"unsupported image shape {array.shape}")
    return array[:, :, ::-1] if bgr else array


def shrink(array: np.ndarray, long_side: int) -> tuple[np.ndarray, float]:
    """Downscale with pixel averaging; returns the copy and its factor to the input."""
    factor = min(1.0, long_side / max(array.shape[:2]))
    if factor == 1.0:
        return array, 1.0
    size = (max(1, round(array.shape[1] * factor)), max(1, round(array.shape[0] * factor)))
    return cv2.resize(array, size, interpolation=cv2.INTER_AREA), factor


def rectify(rgb: np.ndarray, quad: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Warp the quadrilateral (TL, TR, BR, BL) onto an upright `size` (w, h) image."""
    width, height = size
    target = np.array([(0, 0), (width, 0), (width, height), (0, height)], np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    return cv2.warpPerspective(rgb, matrix, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)

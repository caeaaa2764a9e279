"""A sharp, upright, canonical-size copy of the document for reading its printed face.

The quality checks already find the document's outline (`quality.view`), but rectify it
at ~150 dpi for measuring; reading 2.5 mm type needs about twice that. So the outline
found there is scaled back to the uploaded image and the document is warped again from
the full-resolution pixels, at a fixed number of pixels per millimetre.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from kyc_service.documents.quality import QualitySettings
from kyc_service.documents.quality.imaging import ImageInput, rectify
from kyc_service.documents.quality.model import document_spec
from kyc_service.documents.quality.view import MM_PER_INCH, DocumentView, inspect_document

PHOTO_SIDE_MARGIN = 1.15  # the face photo's side must hold this much more solid area


@dataclass(frozen=True)
class Rectified:
    rgb: np.ndarray  # upright document, size_mm * px_per_mm
    px_per_mm: float
    upload_px_per_mm: float  # the document's resolution in the upload (below ~6: soft)
    rotated: bool  # turned by 180 degrees to put the photo on the left


def as_rgb_array(image: ImageInput) -> np.ndarray:
    if isinstance(image, Image.Image):
        return np.asarray(image if image.mode == "RGB" else image.convert("RGB"))
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    return image[:, :, :3]


def _upload_quad(view: DocumentView) -> np.ndarray | None:
    """The document's corners (TL, TR, BR, BL, upright for its spec) in upload pixels."""
    if view.candidate is None or view.upload_dpi <= 0:
        return None
    quad = view.candidate.quad.astype(np.float64)
    top = np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3])
    left = np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1])
    if (top >= left) != view.spec.landscape:  # start at the corner that makes it upright
        quad = np.roll(quad, -1, axis=0)
    # `upload_dpi` was measured on the longer of the first two sides of the candidate
    # once the view turned it upright (`view._upright`): undo exactly that scale.
    raw = view.candidate.quad.astype(np.float64)
    first, last = np.linalg.norm(raw[1] - raw[0]), np.linalg.norm(raw[3] - raw[0])
    if (first >= last) != view.spec.landscape:
        raw = np.roll(raw, -1, axis=0)
    located_long = max(np.linalg.norm(raw[1] - raw[0]), np.linalg.norm(raw[3] - raw[0]))
    long_upload_px = view.upload_dpi * view.spec.size_mm[0] / MM_PER_INCH
    return (quad * (long_upload_px / located_long)).astype(np.float32)


def _photo_on_right(rgb: np.ndarray) -> bool:
    """Both layouts carry the face photo on the left; a flipped card shows it right."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    size = max(3, grey.shape[0] // 40) | 1
    solid = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, np.ones((size, size), np.uint8))
    paper = float(np.percentile(solid, 90))
    dark = solid < paper * 0.8
    third = grey.shape[1] // 3
    left, right = dark[:, :third].mean(), dark[:, -third:].mean()
    return bool(right > left * PHOTO_SIDE_MARGIN)


def rectify_document(image: ImageInput, kind: str, side: str, px_per_mm: float,
                     settings: QualitySettings | None = None, *, photo_left: bool = True
                     ) -> Rectified | None:
    """Locate the document and warp it upright at `px_per_mm`; None when not found.

    `photo_left`: the layout has its face photo on the left, which settles 180 degrees.
    """
    rgb = as_rgb_array(image)
    spec = document_spec(kind, side)
    view = inspect_document(rgb, spec, side, settings or QualitySettings())
    quad = _upload_quad(view) if view.found else None
    if quad is None:
        return None
    return warp_document(rgb, quad, kind, side, px_per_mm, photo_left=photo_left)


def warp_document(rgb: np.ndarray, quad: np.ndarray, kind: str, side: str, px_per_mm: float,
                  *, photo_left: bool = True) -> Rectified:
    """Warp the document with corners `quad` (upload pixels, clockwise, the first side
    along the document's width: see `upright_corners`) upright at `px_per_mm`."""
    spec = document_spec(kind, side)
    long_mm, short_mm = spec.size_mm
    width_mm, height_mm = (long_mm, short_mm) if spec.landscape else (short_mm, long_mm)
    size = (round(width_mm * px_per_mm), round(height_mm * px_per_mm))
    upright = rectify(rgb, quad, size)
    rotated = photo_left and _photo_on_right(upright)
    if rotated:
        upright = np.ascontiguousarray(upright[::-1, ::-1])
    sides = [float(np.linalg.norm(quad[(i + 1) % 4] - quad[i])) for i in range(4)]
    upload_px_per_mm = (sides[0] + sides[2]) / 2 / width_mm
    return Rectified(upright, px_per_mm, upload_px_per_mm, rotated)


def upright_corners(quad: np.ndarray, landscape: bool) -> np.ndarray:
    """Clockwise corners re-started so that the first side is the document's width."""
    top = np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3])
    left = np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1])
    return np.roll(quad, -1, axis=0) if (top >= left) != landscape else quad

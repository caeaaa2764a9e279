"""Locate and rectify the document once; every check then reads this view.

Geometry is found on a small copy, pixels are measured on an upright rectified copy at
a fixed physical resolution (never above what the upload really holds, so a small
upload is not made to look blurry by upsampling).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kyc_service.documents.quality.imaging import (
    ImageInput,
    WorkingImage,
    rectify,
    shrink,
    working_copy,
)
from kyc_service.documents.quality.layout import print_share, print_strokes
from kyc_service.documents.quality.locate import Candidate, locate_document
from kyc_service.documents.quality.model import DocumentSpec
from kyc_service.documents.quality.settings import QualitySettings

MM_PER_INCH = 25.4
UNDERSAMPLE = 0.85  # rectify a little below the working copy's resolution
INNER_MARGIN = 0.04  # print is counted away from the outline, where the surface may show


@dataclass(frozen=True)
class DocumentView:
    spec: DocumentSpec
    side: str
    frame_luma_median: float
    frame_clipped_share: float
    candidate: Candidate | None  # best candidate, even when it failed the tests
    found: bool
    document_evidence: float  # min over the candidate tests of value / threshold
    rgb: np.ndarray | None = None  # rectified document
    luma: np.ndarray | None = None
    strokes: np.ndarray | None = None
    px_per_mm: float = 0.0  # in the rectified copy
    upload_dpi: float = 0.0  # the document's resolution in the uploaded image
    upload_px_per_rectified_px: float = 0.0


def _shape_evidence(candidate: Candidate, spec: DocumentSpec,
                    settings: QualitySettings) -> float:
    """Min over size, rectangularity, separation, border contact and aspect of value/limit."""
    ratios = [candidate.share / settings.min_candidate_share,
              candidate.rectangularity / settings.min_rectangularity,
              candidate.separation / settings.min_separation,
              settings.max_candidate_border_share / max(candidate.border_share, 1e-6)]
    if candidate.border_share <= settings.cut_off_max_border_share:
        deviation = abs(candidate.aspect / spec.aspect - 1.0)
        ratios.append(settings.aspect_tolerance / max(deviation, 1e-6))
    return min(ratios)


def _upright(quad: np.ndarray, landscape: bool) -> np.ndarray:
    """Turn the corner order by 90 degrees when the long side is not where it belongs."""
    top = np.linalg.norm(quad[1] - quad[0])
    left = np.linalg.norm(quad[3] - quad[0])
    return np.roll(quad, -1, axis=0) if (top >= left) != landscape else quad


def inspect_document(image: ImageInput, spec: DocumentSpec, side: str,
                     settings: QualitySettings, bgr: bool = False) -> DocumentView:
    """Find the document in `image` and measure what every check needs."""
    work = working_copy(image, settings.working_long_side[spec.kind], bgr=bgr)
    luma = work.luma
    frame_median = float(np.median(luma))
    frame_clipped = float((luma >= settings.clip_level).mean())
    small, factor = shrink(work.rgb, settings.locate_long_side)
    shaped = sorted(((_shape_evidence(c, spec, settings), c) for c in locate_document(small)),
                    key=lambda pair: pair[0], reverse=True)
    best: DocumentView | None = None
    for shape_evidence, candidate in shaped[:settings.candidates_to_rectify]:
        view = _measure(work, candidate, factor, spec, side, settings, shape_evidence,
                        frame_median, frame_clipped)
        if best is None or view.document_evidence > best.document_evidence:
            best = view
        if view.found:
            break
    if best is not None:
        return best
    return DocumentView(spec=spec, side=side, frame_luma_median=frame_median,
                        frame_clipped_share=frame_clipped, candidate=None, found=False,
                        document_evidence=0.0)


def _measure(work: WorkingImage, candidate: Candidate, factor: float, spec: DocumentSpec,
             side: str, settings: QualitySettings, shape_evidence: float,
             frame_median: float, frame_clipped: float) -> DocumentView:
    """Rectify one candidate at the analysis resolution and find its print."""
    quad = _upright(candidate.quad / factor, spec.landscape)
    long_px = max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[3] - quad[0]))
    working_dpi = float(long_px) / spec.size_mm[0] * MM_PER_INCH
    analysis_dpi = min(settings.analysis_dpi, working_dpi * UNDERSAMPLE)
    px_per_mm = analysis_dpi / MM_PER_INCH
    long_mm, short_mm = spec.size_mm
    size_mm = (long_mm, short_mm) if spec.landscape else (short_mm, long_mm)
    size = (max(8, round(size_mm[0] * px_per_mm)), max(8, round(size_mm[1] * px_per_mm)))
    rgb = rectify(work.rgb, quad, size)
    luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    strokes = print_strokes(luma, px_per_mm)
    margin_y, margin_x = round(size[1] * INNER_MARGIN), round(size[0] * INNER_MARGIN)
    printed = print_share(strokes[margin_y:size[1] - margin_y, margin_x:size[0] - margin_x])
    evidence = min(shape_evidence, printed / settings.min_print_share)
    return DocumentView(
        spec=spec, side=side, frame_luma_median=frame_median,
        frame_clipped_share=frame_clipped, candidate=candidate, found=evidence >= 1.0,
        document_evidence=evidence, rgb=rgb, luma=luma, strokes=strokes,
        px_per_mm=px_per_mm, upload_dpi=working_dpi * work.scale,
        upload_px_per_rectified_px=working_dpi * work.scale / analysis_dpi)

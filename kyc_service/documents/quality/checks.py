"""One function per quality check, each turning a measure into a `CheckResult`.

All read a `DocumentView` (the document located and rectified once) and a
`QualitySettings`; none has a threshold of its own.
"""

from __future__ import annotations

from kyc_service.documents.quality.layout import find_mrz, photo_box_score
from kyc_service.documents.quality.measures import (
    clipped_share,
    glare_share,
    paper_level,
    sharpness,
)
from kyc_service.documents.quality.model import CheckResult, QualityCode
from kyc_service.documents.quality.settings import QualitySettings
from kyc_service.documents.quality.view import MM_PER_INCH, DocumentView

PHOTO_SCORE_FULL = 0.5  # photo-box density that counts as certain


def _at_least(code: QualityCode, metric: float, threshold: float) -> CheckResult:
    return CheckResult(code.value, float(metric), float(threshold), bool(metric >= threshold))


def _at_most(code: QualityCode, metric: float, threshold: float) -> CheckResult:
    return CheckResult(code.value, float(metric), float(threshold), bool(metric <= threshold))


def check_no_document(view: DocumentView, settings: QualitySettings) -> CheckResult:
    """Evidence = weakest of size, rectangularity, separation, print and aspect tests."""
    return _at_least(QualityCode.NO_DOCUMENT, view.document_evidence, 1.0)


def check_cut_off(view: DocumentView, settings: QualitySettings) -> CheckResult:
    """The document must not touch the frame border anywhere."""
    touching = view.candidate.border_share if view.candidate else 1.0
    return _at_most(QualityCode.CUT_OFF, touching, settings.cut_off_max_border_share)


def check_glare(view: DocumentView, settings: QualitySettings) -> CheckResult:
    assert view.luma is not None  # found views only (assess)
    share = glare_share(view.luma, settings.clip_level, settings.glare_margin)
    return _at_most(QualityCode.GLARE, share, settings.glare_max_share)


def check_blurry(view: DocumentView, settings: QualitySettings) -> CheckResult:
    assert view.luma is not None  # found views only (assess)
    return _at_least(QualityCode.BLURRY, sharpness(view.luma),
                     settings.blur_min_sharpness[view.spec.kind])


def check_too_dark(view: DocumentView, settings: QualitySettings) -> CheckResult:
    assert view.luma is not None  # found views only (assess)
    return _at_least(QualityCode.TOO_DARK, paper_level(view.luma),
                     settings.dark_min_paper_level)


def check_overexposed(view: DocumentView, settings: QualitySettings) -> CheckResult:
    assert view.luma is not None  # found views only (assess)
    return _at_most(QualityCode.OVEREXPOSED, clipped_share(view.luma, settings.clip_level),
                    settings.overexposed_max_clipped_share)


def check_too_small(view: DocumentView, settings: QualitySettings) -> CheckResult:
    """Share of the frame inside the document's quadrilateral."""
    share = view.candidate.share if view.candidate else 0.0
    return _at_least(QualityCode.TOO_SMALL, share, settings.too_small_min_share)


def check_resolution(view: DocumentView, settings: QualitySettings) -> CheckResult:
    """Dots per inch of the document in the upload, from its known physical size."""
    return _at_least(QualityCode.LOW_RESOLUTION, view.upload_dpi, settings.min_dpi)


def check_mrz_character_height(view: DocumentView, settings: QualitySettings) -> CheckResult:
    """Measured MRZ line height in upload pixels; estimated from dpi when not found."""
    lines = view.spec.mrz_lines(view.side)
    assert view.strokes is not None  # found views only (assess)
    finding = find_mrz(view.strokes, view.px_per_mm, lines)
    if finding.line_height_px > 0:
        height = finding.line_height_px * view.upload_px_per_rectified_px
    else:
        height = settings.mrz_char_height_mm * view.upload_dpi / MM_PER_INCH
    return _at_least(QualityCode.LOW_RESOLUTION, height, settings.min_mrz_char_px)


def side_evidence(view: DocumentView) -> tuple[float, float]:
    """(front, back) evidence in 0..1: a face photo box versus a TD1 MRZ band."""
    # found views only (assess): _measure sets all three images
    assert view.luma is not None and view.rgb is not None and view.strokes is not None
    paper = paper_level(view.luma)
    front = min(1.0, photo_box_score(view.rgb, paper, view.px_per_mm) / PHOTO_SCORE_FULL)
    back = find_mrz(view.strokes, view.px_per_mm, 3).score
    return front, back


def check_wrong_side(view: DocumentView, settings: QualitySettings) -> CheckResult:
    """ID cards only: the other side's evidence minus the claimed side's."""
    front, back = side_evidence(view)
    wrong = back - front if view.side == "front" else front - back
    return _at_most(QualityCode.WRONG_SIDE, wrong, settings.wrong_side_max_evidence)


def frame_too_dark(luma_median: float, settings: QualitySettings) -> CheckResult:
    """Nothing found in a frame this dark: the light, not the document, is missing."""
    return _at_least(QualityCode.TOO_DARK, luma_median, settings.frame_dark_level)


def frame_overexposed(clipped: float, settings: QualitySettings) -> CheckResult:
    return _at_most(QualityCode.OVEREXPOSED, clipped, settings.frame_clipped_share)



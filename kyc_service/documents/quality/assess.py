"""Run every quality check a document kind needs and report failures in priority order."""

from __future__ import annotations

from collections.abc import Callable

from kyc_service.documents.quality import checks
from kyc_service.documents.quality.imaging import ImageInput
from kyc_service.documents.quality.model import CheckResult, QualityReport, document_spec
from kyc_service.documents.quality.settings import QualitySettings
from kyc_service.documents.quality.view import DocumentView, inspect_document

Check = Callable[[DocumentView, QualitySettings], CheckResult]
DOCUMENT_CHECKS: tuple[Check, ...] = (
    checks.check_no_document, checks.check_cut_off, checks.check_glare, checks.check_blurry,
    checks.check_too_dark, checks.check_overexposed, checks.check_too_small,
    checks.check_resolution,
)


def assess(image: ImageInput, kind: str, side: str,
           settings: QualitySettings | None = None, *, bgr: bool = False) -> QualityReport:
    """Judge an upload. `image`: RGB array (BGR with `bgr=True`) or a PIL image.

    Pass a freshly opened, not yet loaded PIL JPEG to let it decode at reduced size
    (about ten times faster for phone photos); note this sets the image's draft mode.
    """
    settings = settings or QualitySettings()
    spec = document_spec(kind, side)
    view = inspect_document(image, spec, side, settings, bgr=bgr)
    if not view.found:  # (1) nothing to measure: say why, as helpfully as possible
        results = [checks.check_no_document(view, settings)]
        dark = checks.frame_too_dark(view.frame_luma_median, settings)
        bright = checks.frame_overexposed(view.frame_clipped_share, settings)
        if not dark.passed:
            results = [dark]
        elif not bright.passed:
            results = [bright]
        return QualityReport.from_checks(results)
    results = [check(view, settings) for check in DOCUMENT_CHECKS]  # (2) every document check
    if spec.mrz_lines(side):  # (3) MRZ must be big enough to read
        results.append(checks.check_mrz_character_height(view, settings))
    if kind == "id_card":  # (4) the side the player says it is
        results.append(checks.check_wrong_side(view, settings))
    return QualityReport.from_checks(results)

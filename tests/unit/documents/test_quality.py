"""Photo-quality checks against synthetic phone photos with known problems.

Seeds are consecutive, not hand-picked; the large sweep lives in bench/quality_accuracy.py.
"""

from __future__ import annotations

import io
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from kyc_service.documents.guidance import guidance_for
from kyc_service.documents.quality import (
    PRIORITY,
    CheckResult,
    QualityCode,
    QualityReport,
    QualitySettings,
    assess,
)
from tests.docgen.photo import to_jpeg_bytes
from tests.docgen.scenarios import DOCUMENT_SIDES, make_sample

SEED_BASE = 500
DEFECT_SAMPLES = {  # (kind, side) per defect, rotating through the document types
    "no_document": [("id_card", "front"), ("passport", "data_page"), ("address_proof", "page")],
    "cut_off": [("id_card", "back"), ("passport", "data_page"), ("address_proof", "page")],
    "glare": [("id_card", "front"), ("id_card", "back"), ("passport", "data_page")],
    "blurry": [("id_card", "front"), ("passport", "data_page"), ("address_proof", "page")],
    "too_dark": [("id_card", "back"), ("passport", "data_page"), ("address_proof", "page")],
    "overexposed": [("id_card", "front"), ("id_card", "back"), ("passport", "data_page")],
    "too_small": [("id_card", "front"), ("id_card", "back"), ("passport", "data_page")],
    "low_resolution": [("id_card", "back"), ("passport", "data_page"), ("address_proof", "page")],
    "wrong_side": [("id_card", "front"), ("id_card", "back"), ("id_card", "front")],
}


def _as_upload(image: Image.Image, quality: int = 88) -> Image.Image:
    """What the service receives: JPEG bytes, opened lazily."""
    return Image.open(io.BytesIO(to_jpeg_bytes(image, quality)), formats=["JPEG"])


@pytest.mark.parametrize(("kind", "side"), DOCUMENT_SIDES)
@pytest.mark.parametrize("offset", [0, 1])
def test_good_photos_pass(kind: str, side: str, offset: int) -> None:
    sample = make_sample(kind, side, "good", SEED_BASE + offset)
    report = assess(_as_upload(sample.image), kind, side)
    assert report.passed, report.issues
    assert report.issues == ()


@pytest.mark.parametrize(
    ("code", "index"),
    [(code, index) for code in DEFECT_SAMPLES for index in range(3)])
def test_each_defect_is_flagged_with_its_code(code: str, index: int) -> None:
    kind, side = DEFECT_SAMPLES[code][index]
    sample = make_sample(kind, side, code, SEED_BASE + index)
    report = assess(_as_upload(sample.image), kind, side)
    assert not report.passed
    assert code in report.issues, report.issues


def test_issues_follow_the_reporting_priority() -> None:
    checks = [CheckResult(code.value, 0.0, 1.0, False) for code in reversed(PRIORITY)]
    report = QualityReport.from_checks(checks)
    assert report.issues == tuple(code.value for code in PRIORITY)
    assert QualityReport.from_checks([]).passed is False  # nothing checked proves nothing


def test_array_input_in_either_channel_order_matches_the_lazy_jpeg() -> None:
    sample = make_sample("id_card", "front", "good", SEED_BASE + 7)
    data = to_jpeg_bytes(sample.image, 90)
    rgb = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    from_lazy = assess(Image.open(io.BytesIO(data)), "id_card", "front")
    from_rgb = assess(rgb, "id_card", "front")
    from_bgr = assess(np.ascontiguousarray(rgb[:, :, ::-1]), "id_card", "front", bgr=True)
    assert from_lazy.passed and from_rgb.passed and from_bgr.passed
    dpi = {report: next(c.metric for c in report.checks if c.code == "low_resolution")
           for report in (from_lazy, from_rgb)}
    assert dpi[from_lazy] == pytest.approx(dpi[from_rgb], rel=0.05)


def test_thresholds_come_from_settings() -> None:
    sample = make_sample("passport", "data_page", "good", SEED_BASE + 3)
    upload = to_jpeg_bytes(sample.image, 90)
    lenient = assess(Image.open(io.BytesIO(upload)), "passport", "data_page")
    strict = replace(QualitySettings(), min_dpi=2000.0)
    strict_report = assess(Image.open(io.BytesIO(upload)), "passport", "data_page", strict)
    assert lenient.passed
    assert strict_report.issues == ("low_resolution",)


def test_unknown_kind_or_side_is_a_programming_error() -> None:
    image = np.zeros((300, 400, 3), np.uint8)
    with pytest.raises(ValueError, match="kind"):
        assess(image, "driving_licence", "front")
    with pytest.raises(ValueError, match="side"):
        assess(image, "passport", "back")


def test_black_frame_is_reported_as_too_dark_not_as_missing() -> None:
    report = assess(np.full((600, 800, 3), 3, np.uint8), "id_card", "front")
    assert report.issues == ("too_dark",)


@pytest.mark.parametrize("code", [code.value for code in QualityCode])
def test_every_code_has_turkish_and_english_guidance(code: str) -> None:
    texts = guidance_for(code)
    assert set(texts) == {"tr", "en"}
    assert texts["tr"] != texts["en"]
    assert all(len(text) > 20 for text in texts.values())

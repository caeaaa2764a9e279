"""Reading MRZs from generated phone photos (docgen) with both recognisers."""

from __future__ import annotations

import random

import numpy as np
import pytest

from kyc_service.documents.mrz import MrzNotFoundError
from kyc_service.documents.mrz_fields import ALPHABET
from kyc_service.documents.mrz_locate import locate_mrz
from kyc_service.documents.mrz_ocr import (
    GlyphRecogniser,
    TesseractRecogniser,
    fit_length,
    read_mrz_image,
)
from tests.docgen.documents import render_id_back, render_passport
from tests.docgen.identity import random_identity
from tests.docgen.mrz_text import td1_lines, td3_lines
from tests.docgen.photo import photograph


def _photo(kind: str, seed: int, **options: object) -> tuple[np.ndarray, list[str]]:
    rng = random.Random(seed)
    identity = random_identity(rng)
    if kind == "TD1":
        document, lines = render_id_back(identity), list(td1_lines(identity))
    else:
        document, lines = render_passport(identity), list(td3_lines(identity))
    return np.asarray(photograph(document, rng, **options)), lines


@pytest.mark.parametrize(
    ("kind", "seed", "options"),
    [
        ("TD1", 11, {}),
        ("TD1", 12, {"tilt": 0.1}),
        ("TD1", 13, {"rotation_deg": 182.0}),
        ("TD3", 21, {}),
        ("TD3", 22, {"rotation_deg": -14.0}),
        ("TD3", 23, {"rotation_deg": 93.0}),
    ],
    ids=["id-back", "id-back-skewed", "id-back-upside-down", "passport", "passport-rotated",
         "passport-sideways"],
)
def test_glyph_reader_reads_photos_exactly(kind: str, seed: int, options: dict[str, object]
                                           ) -> None:  # fmt: skip
    image, expected = _photo(kind, seed, **options)
    result = read_mrz_image(image, GlyphRecogniser())
    assert result.type == kind
    assert result.lines == expected
    assert result.valid
    if kind == "TD1":
        assert result.fields["national_id"] == expected[0][15:26]


def test_locator_returns_binarised_upright_strips() -> None:
    image, _ = _photo("TD3", 31)
    band = locate_mrz(image)
    assert band.shape == (2, 44)
    assert len(band.lines) == 2
    for strip in band.lines:
        assert strip.dtype == np.uint8
        assert set(np.unique(strip)) <= {0, 255}
        assert strip.shape[1] > 10 * strip.shape[0]  # long and thin: text runs horizontally


def test_no_document_raises_not_found() -> None:
    empty = np.asarray(photograph(None, random.Random(5)))
    with pytest.raises(MrzNotFoundError) as caught:
        read_mrz_image(empty)
    assert caught.value.code == "mrz_not_found"


def test_tesseract_recogniser_reads_a_passport_data_line() -> None:
    """The alternative engine stays usable behind the same interface."""
    image, expected = _photo("TD3", 41, rotation_deg=2.0)
    recognition = TesseractRecogniser().recognise(locate_mrz(image))
    lines = ["".join(cands[0][0] for cands in line) for line in recognition.grid]
    assert len(lines) == 2
    assert all(ch in ALPHABET for line in lines for ch in line)
    assert lines[1] == expected[1]


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("YILMAZ<<EMRE<<<<<<", 30, "YILMAZ<<EMRE" + "<" * 18),
        ("YILMAZ<<EMRE<<<<<<<<<<<<<<<<<<<<<", 30, "YILMAZ<<EMRE" + "<" * 18),
        ("P<TURYILMAZ<<EMRE<<<<<SSKESEEEK", 44, "P<TURYILMAZ<<EMRE" + "<" * 27),
        ("ABC", 30, "ABC"),
    ],
)
def test_fit_length_only_stretches_filler_runs(text: str, count: int, expected: str) -> None:
    assert fit_length(text, count) == expected

"""The synthetic document generator: MRZ oracle, identities, renders and photos."""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
from datetime import date

import numpy as np
import pytest
from PIL import Image

from kyc_service.customers.national_id import turkish_national_id_is_valid
from tests.docgen.documents import (
    render_id_back,
    render_id_front,
    render_passport,
    render_utility_bill,
)
from tests.docgen.identity import Identity, random_identity
from tests.docgen.mrz_text import check_digit, td1_lines, td3_lines, transliterate
from tests.docgen.photo import photograph, to_jpeg_bytes

ICAO_SPECIMEN = Identity(
    surname="ERIKSSON", given_names="ANNA MARIA", birth_date=date(1974, 8, 12), sex="F",
    national_id="", document_number="D23145890", passport_number="L898902C3",
    expiry_date=date(2012, 4, 15), mother_name="", father_name="", address="",
    nationality="UTO",
)


def test_td1_matches_the_icao_9303_specimen() -> None:
    assert td1_lines(ICAO_SPECIMEN) == (
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    )


def test_td3_matches_the_icao_9303_specimen() -> None:
    specimen = Identity(**{**ICAO_SPECIMEN.__dict__, "national_id": "ZE184226B"})
    assert td3_lines(specimen) == (
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    )


@pytest.mark.parametrize(("field", "digit"), [("520727", "3"), ("AB2134<<<", "5"),
                                              ("<<<<<<", "0")])
def test_check_digit_weights_7_3_1(field: str, digit: str) -> None:
    assert check_digit(field) == digit


def test_turkish_letters_are_transliterated_for_the_mrz() -> None:
    assert transliterate("ŞÜKRÜ ÇAĞRI İNCE-ÖZ") == "SUKRU<CAGRI<INCE<OZ"


def test_random_identities_are_valid_and_reproducible() -> None:
    first = [random_identity(random.Random(seed)) for seed in range(40)]
    again = [random_identity(random.Random(seed)) for seed in range(40)]
    assert first == again
    for identity in first:
        assert turkish_national_id_is_valid(identity.national_id)
        assert len(identity.document_number) == 9
        assert identity.passport_number.startswith("U")
        assert identity.sex in ("M", "F")
        assert all(len(line) == 30 for line in td1_lines(identity))
        assert all(len(line) == 44 for line in td3_lines(identity))
        assert td1_lines(identity)[0][15:26] == identity.national_id
    assert random_identity(random.Random(1), surname="ÖZ").surname == "ÖZ"


def test_renders_have_physical_sizes_at_300_dpi() -> None:
    identity = random_identity(random.Random(7))
    assert render_id_front(identity).size == (1011, 638)
    assert render_id_back(identity).size == (1011, 638)
    assert render_passport(identity).size == (1476, 1039)
    bill = render_utility_bill(identity, date(2025, 10, 1), random.Random(7))
    assert bill.size == (2480, 3508)


def _ocr_mrz(image: Image.Image, top_share: float) -> list[str]:
    """Tesseract on the bottom band, restricted to the MRZ alphabet."""
    band = image.crop((0, int(image.height * top_share), image.width, image.height))
    buffer = io.BytesIO()
    band.save(buffer, format="PNG")
    result = subprocess.run(
        ["tesseract", "stdin", "stdout", "--psm", "6", "-c",
         "tessedit_char_whitelist=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"],
        input=buffer.getvalue(), capture_output=True, check=True, timeout=30,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    return [line.strip() for line in result.stdout.decode().splitlines() if line.strip()]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_rendered_mrz_is_machine_readable() -> None:
    """OCR-B print an OCR engine reads back: the data lines must come out exactly."""
    identity = random_identity(random.Random(3))
    td1 = _ocr_mrz(render_id_back(identity), 0.66)
    td3 = _ocr_mrz(render_passport(identity), 0.8)
    assert td1[:2] == list(td1_lines(identity)[:2])
    assert td1[2].startswith(td1_lines(identity)[2].rstrip("<"))
    assert td3[1] == td3_lines(identity)[1]


def test_photographs_are_reproducible_and_contain_the_document() -> None:
    document = render_id_front(random_identity(random.Random(5)))
    one = photograph(document, random.Random(9), frame_size=(800, 600), document_share=0.4)
    two = photograph(document, random.Random(9), frame_size=(800, 600), document_share=0.4)
    empty = photograph(None, random.Random(9), frame_size=(800, 600))
    assert one.size == (800, 600)
    assert np.array_equal(np.asarray(one), np.asarray(two))
    assert not np.array_equal(np.asarray(one), np.asarray(empty))
    assert to_jpeg_bytes(one, 80)[:2] == b"\xff\xd8"


def test_portrait_documents_get_a_portrait_frame() -> None:
    rng = random.Random(2)
    bill = render_utility_bill(random_identity(rng), date(2025, 9, 1), rng)
    assert photograph(bill, rng, frame_size=(800, 600)).size == (600, 800)

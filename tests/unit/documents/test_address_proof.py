"""Address proofs: the e-Devlet PDF's text layer, OCR of bill and statement photos,
Turkish date formats and labels, and the recency rule."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import pytest
from PIL import Image

from kyc_service.documents.address_dates import digits_only_date, find_dates
from kyc_service.documents.address_labels import TextLine
from kyc_service.documents.address_proof import (
    AddressSettings,
    extract_address,
    is_recent,
    parse_address_lines,
)
from kyc_service.documents.decoding import DecodeLimits, render_pdf
from kyc_service.documents.ocr import OcrRequest, OcrWord
from tests.docgen.address_docs import (
    certificate_page,
    draw_page,
    image_pdf,
    render_bank_statement,
    residence_certificate_pdf,
)
from tests.docgen.documents import render_utility_bill
from tests.docgen.identity import random_identity
from tests.docgen.photo import photograph

LIMITS = DecodeLimits(20 * 2**20, 60_000_000)
PAGE_FRAME = (1800, 2400)  # smaller than a phone's 8 MP frame, still ~6 px per mm


class NoOcr:
    """An engine that must not be called: the text layer needs no OCR."""

    name = "none"

    def words(self, image: np.ndarray | Image.Image, request: OcrRequest) -> list[OcrWord]:
        raise AssertionError("OCR was called for a PDF with a text layer")


def test_residence_certificate_pdf_is_read_from_its_text_layer_without_ocr() -> None:
    rng = random.Random("address-pdf")
    identity = random_identity(rng, given_names="ÇAĞRI", surname="ŞİMŞEK")
    rendered = render_pdf(residence_certificate_pdf(identity, date(2025, 10, 6), rng), LIMITS)
    result = extract_address(rendered.image, rendered.text, engine=NoOcr())
    assert result.source == "text_layer"
    assert result.fields == {"full_name": "ÇAĞRI ŞİMŞEK", "address": identity.address,
                             "issue_date": "2025-10-06"}
    assert result.findings == []


@pytest.mark.parametrize("kind", ["bill", "statement"])
def test_photographed_bill_and_statement_are_read_by_ocr(kind: str) -> None:
    rng = random.Random(f"address-photo-{kind}")
    identity = random_identity(rng, given_names="GÜL", surname="ÖZTÜRK")
    issued = date(2025, 9, 14)
    render = render_utility_bill if kind == "bill" else render_bank_statement
    photo = photograph(render(identity, issued, rng), rng, frame_size=PAGE_FRAME,
                       document_share=0.6)
    result = extract_address(photo, None)
    assert result.source == "ocr"
    assert result.fields["issue_date"] == "2025-09-14"
    assert result.fields["full_name"] == "GÜL ÖZTÜRK"
    assert result.fields["address"] == identity.address


def test_a_scanned_pdf_without_text_is_read_by_ocr_of_the_rendered_page() -> None:
    rng = random.Random("address-scan")
    identity = random_identity(rng)
    page = draw_page(certificate_page(identity, date(2025, 8, 1), rng))
    rendered = render_pdf(image_pdf(page), LIMITS)
    assert rendered.text.strip() == ""
    result = extract_address(rendered.image, rendered.text)
    assert result.source == "ocr"
    assert result.fields["issue_date"] == "2025-08-01"
    assert result.fields["full_name"] == f"{identity.given_names} {identity.surname}"


@pytest.mark.parametrize(("lines", "expected"), [
    (["Fatura Tarihi: 12 Ocak 2026", "Son Ödeme Tarihi: 25.01.2026"], "2026-01-12"),
    (["Son Ödeme Tarihi : 25.01.2026", "Düzenleme Tarihi 05/01/2026"], "2026-01-05"),
    (["Doğum Tarihi : 03.04.1992", "Beyan Tarihi : 02.06.2022", "Belge Tarihi : 3 Ekim 2025"],
     "2025-10-03"),
    (["Tarih", "14 Şubat 2026"], "2026-02-14"),  # label alone, value on the next line
    (["Ekstre Tarihi : 1710612025"], "2025-06-17"),  # slashes read as ones
    (["Fatura Tarihi : 9 Agustos 2025"], "2025-08-09"),  # OCR lost the breve
    (["Son Ödeme Tarihi : 25.01.2026"], None),  # a due date is no issue date
])
def test_issue_date_is_found_by_its_label(lines: list[str], expected: str | None) -> None:
    result = parse_address_lines([TextLine(line) for line in lines], "text_layer")
    assert result.fields["issue_date"] == expected


def test_name_and_address_labels() -> None:
    result = parse_address_lines([TextLine(line) for line in [
        "Abone Adı : İREM KOÇ", "Yerleşim Yeri Adresi : Gül Sok. No:3 D:4, Konak / İzmir",
        "Fatura Tarihi : 01.10.2025"]], "ocr")
    assert result.fields == {"full_name": "İREM KOÇ",
                             "address": "Gül Sok. No:3 D:4, Konak / İzmir",
                             "issue_date": "2025-10-01"}
    certificate = parse_address_lines([TextLine(line) for line in [
        "Adı Z ÖZLEM", "Soyadı : KAYA", "Baba Adı : ŞÜKRÜ"]], "ocr")  # colon read as Z
    assert certificate.fields["full_name"] == "ÖZLEM KAYA"
    assert certificate.findings == [{"code": "fields_unreadable",
                                     "fields": ["address", "issue_date"]}]


def test_dates_in_turkish_formats() -> None:
    text = "12.01.2026 ve 13/01/2026 ile 14-01-2026, 15 Ocak 2026, 1 Aralık 2025; 31.02.2025"
    assert [value for _, value in find_dates(text)] == [
        date(2026, 1, 12), date(2026, 1, 13), date(2026, 1, 14), date(2026, 1, 15),
        date(2025, 12, 1)]
    assert digits_only_date("17062025") == date(2025, 6, 17)
    assert digits_only_date("99999999") is None


@pytest.mark.parametrize(("issued", "recent"), [
    (date(2025, 11, 1), True), (date(2025, 8, 3), True), (date(2025, 8, 2), False),
    (date(2025, 11, 2), False), (None, False), ("2025-10-01", True)])
def test_recency_at_the_as_of_date(issued: date | str | None, recent: bool) -> None:
    assert is_recent(issued, date(2025, 11, 1)) is recent


def test_the_recency_limit_is_a_setting() -> None:
    settings = AddressSettings(max_age_days=30)
    assert not is_recent(date(2025, 9, 15), date(2025, 11, 1), settings.max_age_days)
    assert is_recent(date(2025, 10, 15), date(2025, 11, 1), settings.max_age_days)

"""Holder name, address and issue date from an address proof, and whether it is recent.

Two sources: (1) a PDF text layer (e-Devlet residence certificates carry one) is read
directly, no OCR; (2) otherwise the page is located in the photo (or taken whole for a
rendered PDF), rectified at ~165 dpi and read with one Tesseract call. Both feed the
same label matcher (`address_labels`). Values come back as printed; findings name the
fields that could not be read, never their values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import cv2
import numpy as np

from kyc_service.documents.address_labels import (
    TextLine,
    address,
    full_name,
    issue_date,
    labelled_lines,
)
from kyc_service.documents.ocr import OcrEngine, OcrRequest, default_engine, lines_of
from kyc_service.documents.quality.imaging import ImageInput
from kyc_service.documents.viz_locate import as_rgb_array, rectify_document

FIELDS = ("full_name", "address", "issue_date")
A4_WIDTH_MM = 210.0


@dataclass(frozen=True)
class AddressSettings:
    max_age_days: int = 90  # legal figure: how old a proof of address may be
    px_per_mm: float = 6.5  # ~165 dpi: 3.5 mm body text is ~23 px, enough for Tesseract
    languages: str = "tur"
    min_text_layer_chars: int = 40  # fewer: a scanned PDF, read the image instead


@dataclass(frozen=True)
class AddressResult:
    fields: dict[str, str | None]
    confidence: dict[str, float]
    source: str  # "text_layer" or "ocr"
    findings: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"fields": dict(self.fields), "confidence": dict(self.confidence),
                "source": self.source, "findings": list(self.findings)}


def is_recent(issued: date | str | None, as_of: date, max_age_days: int = 90) -> bool:
    """Issued at most `max_age_days` before `as_of`; a future or missing date is not."""
    if issued is None:
        return False
    day = issued if isinstance(issued, date) else date.fromisoformat(issued)
    return 0 <= (as_of - day).days <= max_age_days


def parse_address_lines(lines: list[TextLine], source: str) -> AddressResult:
    found = labelled_lines(lines)
    parsed = {"full_name": full_name(found), "address": address(found),
              "issue_date": issue_date(found)}
    fields = {name: parsed[name][0] for name in FIELDS}
    confidence = {name: round(parsed[name][1], 3) for name in FIELDS}
    missing = [name for name in FIELDS if not fields[name]]
    findings = [{"code": "fields_unreadable", "fields": missing}] if missing else []
    return AddressResult(fields, confidence, source, findings)


def extract_address(image: ImageInput | None, text_layer: str | None = None, *,
                    engine: OcrEngine | None = None,
                    settings: AddressSettings | None = None) -> AddressResult:
    """Read an address proof: the PDF text layer when it has text, else OCR of `image`.

    `text_layer` is None for photos; for PDFs pass the extracted text (even empty), which
    also says that `image` is a rendered page rather than a photo of one.
    """
    settings = settings or AddressSettings()
    if text_layer and len(text_layer.strip()) >= settings.min_text_layer_chars:  # (1)
        lines = [TextLine(line) for line in text_layer.splitlines() if line.strip()]
        return parse_address_lines(lines, "text_layer")
    if image is None:
        return parse_address_lines([], "ocr")
    page = page_image(image, settings, rendered_pdf=text_layer is not None)  # (2)
    engine = engine or default_engine()
    result = parse_address_lines(ocr_lines(page, engine, settings), "ocr")
    if any(result.fields.values()):
        return result
    # Nothing labelled at all: an upside-down page reads as noise, so try it turned.
    turned = np.ascontiguousarray(page[::-1, ::-1])
    return parse_address_lines(ocr_lines(turned, engine, settings), "ocr")


def page_image(image: ImageInput, settings: AddressSettings, rendered_pdf: bool = False
               ) -> np.ndarray:
    """The rectified page from a photo; a rendered PDF page (or a photo in which no page
    can be found) is taken whole, scaled so its short side is an A4 width."""
    if not rendered_pdf:
        rectified = rectify_document(image, "address_proof", "page", settings.px_per_mm,
                                     photo_left=False)
        if rectified is not None:
            return cv2.cvtColor(rectified.rgb, cv2.COLOR_RGB2GRAY)
    rgb = as_rgb_array(image)
    scale = settings.px_per_mm * A4_WIDTH_MM / min(rgb.shape[:2])
    size = (round(rgb.shape[1] * scale), round(rgb.shape[0] * scale))
    return cv2.cvtColor(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA),
                        cv2.COLOR_RGB2GRAY)


def ocr_lines(grey: np.ndarray, engine: OcrEngine, settings: AddressSettings
              ) -> list[TextLine]:
    words = engine.words(grey, OcrRequest(psm=4, languages=settings.languages))
    return [TextLine(" ".join(word.text for word in line), min(word.conf for word in line))
            for line in lines_of(words)]

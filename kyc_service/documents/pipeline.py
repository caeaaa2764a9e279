"""The document check, from bytes to decision: the same function serves the background
worker and the offline checker (`kyc documents check`), so both always agree.

Fail closed: a document is accepted only when every required step ran and passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from PIL import Image

from kyc_service.documents.address_proof import extract_address
from kyc_service.documents.decoding import (
    DecodeLimits,
    MediaType,
    check_size,
    open_for_analysis,
    open_image,
    render_pdf,
    sniff,
)
from kyc_service.documents.guidance import guidance_for
from kyc_service.documents.mrz import MrzError, MrzResult
from kyc_service.documents.mrz_ocr import read_mrz_image
from kyc_service.documents.quality import DOCUMENT_SPECS, QualityReport, QualitySettings, assess
from kyc_service.documents.verification import (
    VerificationSettings,
    address_recency_findings,
    decide,
    document_findings,
    merge_findings,
)
from kyc_service.documents.viz import extract_viz


class Decision:
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    NEEDS_REVIEW = "needs_review"


class DecodedDocument:
    """An upload whose bytes passed the checks, with two views of the image: a quick one
    for the quality checks (reduced-scale decode for JPEGs) and the full-resolution one
    that reading text needs, decoded only when asked for."""

    def __init__(self, media_type: MediaType, data: bytes, limits: DecodeLimits,
                 image: Image.Image | None = None, text_layer: str | None = None) -> None:
        self.media_type, self.data, self.limits = media_type, data, limits
        self.text_layer = text_layer
        self._image = image

    @property
    def image(self) -> Image.Image:
        if self._image is None:
            self._image = open_image(self.data, self.media_type, self.limits)
        return self._image

    def analysis_image(self) -> Image.Image:
        if self._image is not None:
            return self._image
        return open_for_analysis(self.data, self.media_type, self.limits)


@dataclass(frozen=True)
class CheckOutcome:
    decision: str
    quality: QualityReport
    fields: dict[str, Any] = field(default_factory=dict)
    mrz: dict[str, Any] | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)

    def quality_dict(self) -> dict[str, Any]:
        by_code = {check.code: check for check in self.quality.checks}
        issues = []
        for code in self.quality.issues:
            check = by_code.get(code)
            issues.append({
                "code": code,
                "metric": None if check is None else round(check.metric, 4),
                "threshold": None if check is None else round(check.threshold, 4),
                "guidance": guidance_for(code),
            })
        return {"passed": self.quality.passed, "issues": issues}

    def as_dict(self) -> dict[str, Any]:
        return {"decision": self.decision, "quality": self.quality_dict(),
                "fields": self.fields, "mrz": self.mrz, "findings": self.findings}


def decode(data: bytes, limits: DecodeLimits) -> DecodedDocument:
    """(1) size cap, (2) type from the bytes, (3) bounded decode or PDF render."""
    check_size(len(data), limits)
    media_type = sniff(data)
    if media_type is MediaType.PDF:
        rendered = render_pdf(data, limits)
        return DecodedDocument(media_type, data, limits, rendered.image, rendered.text)
    open_image(data, media_type, limits, draft=True)  # every byte read: damage shows here
    return DecodedDocument(media_type, data, limits)


def check_document(
    data: bytes, kind: str, side: str, *, limits: DecodeLimits,
    quality_settings: QualitySettings | None = None, as_of: date | None = None,
) -> CheckOutcome:
    """Run every step a document kind needs and decide."""
    decoded = decode(data, limits)  # (1)-(3)
    return check_decoded(decoded, kind, side, quality_settings=quality_settings, as_of=as_of)


def read_mrz(image: Image.Image, as_of: date) -> MrzResult | None:
    """The machine-readable zone, or None when it cannot be found or read."""
    try:
        return read_mrz_image(np.asarray(image), today=as_of)
    except MrzError:
        return None


def read_fields(decoded: DecodedDocument, kind: str, side: str, mrz: MrzResult | None,
                as_of: date) -> tuple[dict[str, Any], dict[str, float], list[dict[str, Any]]]:
    """Printed values: the face of an ID card or passport, or an address proof's page
    (its PDF text layer when there is one)."""
    if kind == "address_proof":
        address = extract_address(decoded.image, decoded.text_layer)
        return dict(address.fields), dict(address.confidence), list(address.findings)
    if (kind, side) in {("id_card", "front"), ("passport", "data_page")}:
        viz = extract_viz(np.asarray(decoded.image), kind, side, mrz, as_of=as_of)
        return dict(viz.fields), dict(viz.confidence), list(viz.findings)
    return {}, {}, []  # an ID card's back carries its identity in the MRZ


def check_decoded(
    decoded: DecodedDocument, kind: str, side: str, *,
    quality_settings: QualitySettings | None = None, as_of: date | None = None,
    verification: VerificationSettings | None = None,
) -> CheckOutcome:
    """Steps that need nothing but the document; the worker adds the profile checks."""
    as_of = as_of or date.today()
    verification = verification or VerificationSettings()
    report = assess(decoded.analysis_image(), kind, side, quality_settings)  # (4) quality
    if not report.passed:
        return CheckOutcome(Decision.REJECTED, report)
    mrz_expected = DOCUMENT_SPECS[kind].mrz_lines(side) > 0
    mrz = read_mrz(decoded.image, as_of) if mrz_expected else None  # (5) machine zone
    mrz_view = mrz.to_dict() if mrz is not None else None
    fields, confidence, read_findings = read_fields(decoded, kind, side, mrz, as_of)  # (6)
    present = {k: v for k, v in fields.items() if v}
    findings = merge_findings(  # (7) what the document says about itself
        read_findings,
        document_findings(kind, present, mrz_view, mrz_expected, as_of, verification,
                          confidence),
        address_recency_findings(present, as_of, verification)
        if kind == "address_proof" else [])
    return CheckOutcome(decide(True, findings), report, present, mrz_view, findings)

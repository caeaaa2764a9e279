"""Every threshold of the photo-quality checks, in one place.

Defaults were calibrated on synthetic phone photos (bench/quality_accuracy.py, seeds
kept apart from the reporting seeds); re-run the bench after changing any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class QualitySettings:
    # Working copies: the frame is shrunk to this long side before any analysis.
    working_long_side: dict[str, int] = field(default_factory=lambda: {
        "id_card": 1024, "passport": 1280, "address_proof": 2048})
    locate_long_side: int = 512
    analysis_dpi: float = 150.0  # rectified document resolution for layout/blur measures

    # no_document: the best candidate must be big, rectangular, set apart and hold print.
    min_candidate_share: float = 0.012
    min_rectangularity: float = 0.82
    min_separation: float = 1.25
    min_print_share: float = 0.01
    max_candidate_border_share: float = 0.5  # a region along most of the border is the surface
    candidates_to_rectify: int = 2
    aspect_tolerance: float = 0.35  # relative deviation from the expected aspect ratio

    # Frame-level exposure when no document can be seen at all.
    frame_dark_level: float = 14.0
    frame_clipped_share: float = 0.5

    cut_off_max_border_share: float = 0.004  # share of the frame border the document covers

    clip_level: float = 247.0
    glare_margin: float = 14.0  # above the document's own paper level
    glare_max_share: float = 0.008

    # Edge slope over its local step (~0.4 sharp). A4 pages are judged at a lower
    # resolution (~100 dpi) where a given blur in millimetres spans fewer pixels.
    blur_min_sharpness: dict[str, float] = field(default_factory=lambda: {
        "id_card": 0.285, "passport": 0.285, "address_proof": 0.315})

    dark_min_paper_level: float = 95.0
    overexposed_max_clipped_share: float = 0.35

    too_small_min_share: float = 0.15

    min_dpi: float = 150.0
    min_mrz_char_px: float = 16.0
    mrz_char_height_mm: float = 2.44  # OCR-B cap height at the ICAO pitch

    wrong_side_max_evidence: float = 0.0  # other side's evidence minus this side's

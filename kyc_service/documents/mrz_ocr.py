"""Recognisers that turn located MRZ strips into candidate grids, and the photo pipeline.

Two engines behind one `MrzRecogniser` interface: `GlyphRecogniser` (default; our OCR-B
template classifier, see `mrz_glyphs`) and `TesseractRecogniser` (stock Tesseract with
an MRZ whitelist, one line at a time). `bench/mrz_accuracy.py` measured both; the
glyph engine was more accurate and faster, hence the default.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass, field
from typing import Protocol

import cv2
import numpy as np

from kyc_service.documents.mrz import (
    MrzResult,
    MrzSettings,
    MrzUnreadableError,
    parse_mrz,
)
from kyc_service.documents.mrz_correct import Grid, grid_from_text
from kyc_service.documents.mrz_fields import ALPHABET
from kyc_service.documents.mrz_glyphs import GlyphSettings, glyph_features, trained_model
from kyc_service.documents.mrz_locate import LocateSettings, MrzBand, locate_mrz


@dataclass
class Recognition:
    grid: Grid
    confidence: float  # engine-specific, higher is better; compares orientations


class MrzRecogniser(Protocol):
    name: str

    def recognise(self, band: MrzBand) -> Recognition:
        """Candidates for every character of every line of `band` (raises if unreadable)."""
        ...


@dataclass(frozen=True)
class SegmentSettings:
    min_height: float = 0.3  # components shorter than this share of a glyph are specks
    max_centre_offset: float = 0.45  # of glyph height, from the strip's centre line
    merge_overlap: float = 0.4  # x-overlap (of the narrower) that makes two parts one glyph
    split_width: float = 1.45  # wider than this many median widths: two touching glyphs


@dataclass
class GlyphRecogniser:
    """Segment each strip into its fixed number of cells and classify each cell."""

    settings: GlyphSettings = field(default_factory=GlyphSettings)
    segment: SegmentSettings = field(default_factory=SegmentSettings)
    name: str = "glyph"

    def recognise(self, band: MrzBand) -> Recognition:
        model = trained_model(self.settings)
        inks = [255 - line for line in band.lines]
        reference = _reference_height(inks)
        vectors, counts = [], []
        for ink in inks:
            cells = segment_line(ink, band.shape[1], reference, self.segment)
            for x0, x1 in cells:
                vector = glyph_features(ink[:, x0:x1], reference, self.settings)
                vectors.append(vector if vector is not None else np.zeros(model.templates.shape[1]))
            counts.append(len(cells))
        features = np.stack(vectors).astype(np.float32)
        ranked = model.classify(features)
        grid, start = [], 0
        for count in counts:
            grid.append(ranked[start : start + count])
            start += count
        return Recognition(grid, float(model.similarity(features).mean()))


def _reference_height(inks: list[np.ndarray]) -> float:
    heights = []
    for ink in inks:
        _, _, stats, _ = cv2.connectedComponentsWithStats(
            (ink > 0).astype(np.uint8), connectivity=8)
        heights.extend(stats[1:, cv2.CC_STAT_HEIGHT].tolist())
    if not heights:
        raise MrzUnreadableError("empty MRZ strip")
    return float(np.percentile(heights, 90))


def segment_line(ink: np.ndarray, count: int, reference: float, settings: SegmentSettings
                 ) -> list[tuple[int, int]]:  # fmt: skip
    """Column ranges of exactly `count` glyphs; every MRZ cell is inked, so counts must match."""
    _, _, stats, centroids = cv2.connectedComponentsWithStats(
        (ink > 0).astype(np.uint8), connectivity=8)
    middle = ink.shape[0] / 2
    boxes = [
        [int(s[0]), int(s[0] + s[2])]
        for s, c in zip(stats[1:], centroids[1:], strict=True)
        if s[3] >= settings.min_height * reference
        and abs(c[1] - middle) <= settings.max_centre_offset * reference
    ]
    boxes.sort()
    merged: list[list[int]] = []
    for box in boxes:
        if merged:
            last = merged[-1]
            overlap = min(last[1], box[1]) - max(last[0], box[0])
            if overlap > settings.merge_overlap * min(last[1] - last[0], box[1] - box[0]):
                last[1] = max(last[1], box[1])
                continue
        merged.append(box)
    while len(merged) < count and merged:
        widths = [b[1] - b[0] for b in merged]
        widest = int(np.argmax(widths))
        if widths[widest] < settings.split_width * float(np.median(widths)):
            break
        x0, x1 = merged[widest]
        merged[widest : widest + 1] = [[x0, (x0 + x1) // 2], [(x0 + x1) // 2, x1]]
    while len(merged) > count:
        gaps = [merged[i + 1][1] - merged[i][0] for i in range(len(merged) - 1)]
        i = int(np.argmin(gaps))
        merged[i : i + 2] = [[merged[i][0], merged[i + 1][1]]]
    if len(merged) != count:
        raise MrzUnreadableError(f"found {len(merged)} of {count} MRZ characters in a line")
    return [(x0, x1) for x0, x1 in merged]


@dataclass(frozen=True)
class TesseractSettings:
    command: str = "tesseract"
    language: str = "eng"
    timeout_s: float = 20.0
    upscale_to_px: int = 36  # strip glyph height handed to Tesseract


@dataclass
class TesseractRecogniser:
    """Stock Tesseract, one line per call (`--psm 7`), MRZ characters only."""

    settings: TesseractSettings = field(default_factory=TesseractSettings)
    name: str = "tesseract"

    def recognise(self, band: MrzBand) -> Recognition:
        lines = [fit_length(self._line(strip), band.shape[1]) for strip in band.lines]
        grid = grid_from_text(lines, MrzSettings().correction)
        score = -sum(abs(len(line) - band.shape[1]) for line in lines)
        return Recognition(grid, float(score))

    def _line(self, strip: np.ndarray) -> str:
        padded = cv2.copyMakeBorder(strip, 12, 12, 12, 12, cv2.BORDER_CONSTANT, value=255)
        ok, png = cv2.imencode(".png", padded)
        if not ok:
            raise MrzUnreadableError("could not encode MRZ strip")
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # threads slow Tesseract on small hosts
        cmd = [self.settings.command, "stdin", "stdout", "--psm", "7", "-l",
               self.settings.language, "-c", f"tessedit_char_whitelist={ALPHABET}",
               "-c", "load_system_dawg=0", "-c", "load_freq_dawg=0"]  # fmt: skip
        done = subprocess.run(cmd, input=png.tobytes(), capture_output=True, env=env,
                              timeout=self.settings.timeout_s, check=False)  # fmt: skip
        if done.returncode != 0:
            raise MrzUnreadableError("tesseract failed", extra={"stderr": done.stderr[-200:]})
        return "".join(done.stdout.decode("ascii", "ignore").split())


_FILLER_RUN = re.compile(r"<{2,}[<KXSCLE]*")


def fit_length(text: str, count: int) -> str:
    """Tesseract drops or invents characters inside long filler runs; resize the last run.

    Only filler runs are stretched or shrunk (their content is known); any other length
    error is left for the parser to reject.
    """
    runs = list(_FILLER_RUN.finditer(text))
    if len(text) == count or not runs:
        return text
    run = runs[-1]
    size = len(run.group()) + count - len(text)
    if size < 2:
        return text
    return text[: run.start()] + "<" * size + text[run.end() :]


@dataclass(frozen=True)
class ReaderSettings:
    locate: LocateSettings = field(default_factory=LocateSettings)
    mrz: MrzSettings = field(default_factory=MrzSettings)


def default_recogniser() -> MrzRecogniser:
    return GlyphRecogniser()


def read_mrz_image(
    image: np.ndarray,
    recogniser: MrzRecogniser | None = None,
    settings: ReaderSettings | None = None,
    today: dt.date | None = None,
) -> MrzResult:
    """Photo -> parsed, checked MRZ. Tries the band both ways up and keeps the better read.

    Raises `MrzNotFoundError` when no band is found and `MrzUnreadableError` when neither
    orientation yields an MRZ of the expected shape.
    """
    settings = settings or ReaderSettings()
    recogniser = recogniser or default_recogniser()
    band = locate_mrz(image, settings.locate)
    best: tuple[tuple[int, float], MrzResult] | None = None
    error: MrzUnreadableError | None = None
    for candidate in (band, band.flipped()):
        try:
            recognition = recogniser.recognise(candidate)
            result = parse_mrz(grid=recognition.grid, settings=settings.mrz, today=today)
        except MrzUnreadableError as exc:
            error = exc
            continue
        rank = (sum(result.checks.values()), recognition.confidence)
        if best is None or rank > best[0]:
            best = (rank, result)
        if result.valid and recogniser.name != "glyph":
            break  # slow engines stop at the first fully valid read
    if best is None:
        raise error or MrzUnreadableError()
    return best[1]

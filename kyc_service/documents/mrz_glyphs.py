"""OCR-B glyph classifier for MRZ strips: fixed-pitch segmentation + nearest templates.

MRZ text is one typeface (OCR-B) with 37 symbols, every cell inked (no spaces), so a
tiny classifier beats a general OCR engine: templates are rendered at first use from the
Debian OCR-B fonts with the blur, scale, noise and stroke-width changes a phone photo
adds, and kept in memory. Nothing is downloaded; no trained weights are stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from kyc_service.documents.mrz_fields import ALPHABET

CELL = 20  # normalised glyph bitmap is CELL x CELL
FONT_DIR = Path("/usr/share/fonts/opentype/ocr-b")


@dataclass(frozen=True)
class GlyphSettings:
    fonts: tuple[str, ...] = ("OCRB.otf", "OCRBS.otf", "OCRBL.otf")
    source_heights_px: tuple[int, ...] = (14, 18, 24, 32, 44)  # cap heights before scaling
    blurs: tuple[float, ...] = (0.0, 0.7, 1.2)
    strokes: tuple[int, ...] = (-1, 0, 1)  # erode / keep / dilate, in pixels at 36 px
    noise: float = 8.0  # grey-level sigma added before binarising
    reference_height_px: int = 36  # the strip character height the locator produces
    shape_weight: float = 6.0  # weight of the size/position features against the bitmap
    cost_scale: float = 20.0  # similarity gap -> correction cost
    top_k: int = 4
    seed: int = 9303


class GlyphModel:
    """Templates (one row per rendered sample) and their labels."""

    def __init__(self, templates: np.ndarray, labels: np.ndarray, settings: GlyphSettings):
        self.templates = templates
        self.labels = labels
        self.settings = settings
        self._class_index = [np.flatnonzero(labels == i) for i in range(len(ALPHABET))]

    def classify(self, features: np.ndarray) -> list[list[tuple[str, float]]]:
        """Ranked (character, cost) candidates per glyph; cost 0 for the best."""
        if len(features) == 0:
            return []
        sims = features @ self.templates.T
        per_class = np.stack([sims[:, idx].max(axis=1) for idx in self._class_index], axis=1)
        order = np.argsort(-per_class, axis=1)[:, : self.settings.top_k]
        out = []
        for row, ranks in zip(per_class, order, strict=True):
            best = row[ranks[0]]
            out.append([(ALPHABET[r], float((best - row[r]) * self.settings.cost_scale))
                        for r in ranks])  # fmt: skip
        return out

    def similarity(self, features: np.ndarray) -> np.ndarray:
        """Best template similarity per glyph (orientation and quality signal)."""
        return (features @ self.templates.T).max(axis=1) if len(features) else np.zeros(0)


def glyph_features(ink: np.ndarray, reference_height: float, settings: GlyphSettings
                   ) -> np.ndarray | None:  # fmt: skip
    """Unit-norm feature vector of one cell (`ink` > 0 where there is ink)."""
    ys, xs = np.nonzero(ink)
    if len(ys) == 0:
        return None
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    crop = (ink[y0:y1, x0:x1] > 0).astype(np.float32)
    h, w = crop.shape
    scale = (CELL - 2) / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = cv2.resize(crop, size, interpolation=cv2.INTER_AREA)
    canvas = np.zeros((CELL, CELL), np.float32)
    top, left = (CELL - size[1]) // 2, (CELL - size[0]) // 2
    canvas[top : top + size[1], left : left + size[0]] = small
    bitmap = canvas.ravel() - canvas.mean()
    bitmap /= np.linalg.norm(bitmap) + 1e-6
    shape = np.array([h / reference_height, w / reference_height,
                      (y0 + y1) / 2 / ink.shape[0] - 0.5], np.float32)  # fmt: skip
    vector = np.concatenate([bitmap, shape * settings.shape_weight / np.sqrt(CELL * CELL)])
    return vector / (np.linalg.norm(vector) + 1e-6)


def trained_model(settings: GlyphSettings | None = None) -> GlyphModel:
    """Render and augment every glyph once per process (about a second), then reuse."""
    return _train(settings or GlyphSettings())


@lru_cache(maxsize=4)
def _train(settings: GlyphSettings) -> GlyphModel:
    rng = np.random.default_rng(settings.seed)
    rows, labels = [], []
    for font_name in settings.fonts:
        path = FONT_DIR / font_name
        if not path.exists():
            continue
        for label, ch in enumerate(ALPHABET):
            for sample in _augmented(path, ch, settings, rng):
                vector = glyph_features(sample, settings.reference_height_px, settings)
                if vector is not None:
                    rows.append(vector)
                    labels.append(label)
    if not rows:
        raise FileNotFoundError(f"no OCR-B fonts under {FONT_DIR} (Debian package fonts-ocr-b)")
    return GlyphModel(np.stack(rows).astype(np.float32), np.array(labels), settings)


def _augmented(path: Path, ch: str, settings: GlyphSettings, rng: np.random.Generator
               ) -> list[np.ndarray]:  # fmt: skip
    """One character as the strip pipeline would see it after various photo defects."""
    out = []
    reference = settings.reference_height_px
    for cap in settings.source_heights_px:
        font = _font(path, cap)
        cap_px = font.getbbox("H")[3] - font.getbbox("H")[1]
        pad = cap
        image = Image.new("L", (cap * 2 + pad, cap * 2 + pad), 255)
        ImageDraw.Draw(image).text((pad // 2, pad // 2), ch, font=font, fill=0)
        gray = np.asarray(image, np.float32)
        for blur in settings.blurs:
            soft = cv2.GaussianBlur(gray, (0, 0), blur * cap / 24) if blur else gray
            noisy = soft + rng.normal(0, settings.noise, soft.shape).astype(np.float32)
            factor = reference / cap_px
            big = cv2.resize(noisy, None, fx=factor, fy=factor, interpolation=cv2.INTER_LINEAR)
            big = np.clip(big, 0, 255).astype(np.uint8)
            _, ink = cv2.threshold(big, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
            for stroke in settings.strokes:
                out.append(_stroke(ink, stroke))
    return out


def _stroke(ink: np.ndarray, change: int) -> np.ndarray:
    if change == 0:
        return ink
    kernel = np.ones((2 * abs(change) + 1, 2 * abs(change) + 1), np.uint8)
    return cv2.dilate(ink, kernel) if change > 0 else cv2.erode(ink, kernel)


@lru_cache(maxsize=32)
def _font(path: Path, cap_height: int) -> ImageFont.FreeTypeFont:
    """A font size whose capital height is about `cap_height` pixels."""
    probe = ImageFont.truetype(str(path), 100)
    box = probe.getbbox("H")
    return ImageFont.truetype(str(path), max(6, round(100 * cap_height / (box[3] - box[1]))))

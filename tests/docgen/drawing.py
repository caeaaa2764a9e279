"""Drawing primitives shared by the document renderers: fonts, tints, face placeholders."""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

RENDER_DPI = 300
FONT_DIR = Path("/usr/share/fonts")
SANS = FONT_DIR / "truetype/dejavu/DejaVuSans.ttf"
SANS_BOLD = FONT_DIR / "truetype/dejavu/DejaVuSans-Bold.ttf"
SANS_NARROW = FONT_DIR / "truetype/liberation/LiberationSansNarrow-Regular.ttf"
SANS_NARROW_BOLD = FONT_DIR / "truetype/liberation/LiberationSansNarrow-Bold.ttf"
OCR_B = FONT_DIR / "opentype/ocr-b/OCRB.otf"
MRZ_PITCH_MM = 2.45  # close to the 10 characters per inch ICAO prescribes
MRZ_LINE_PITCH_MM = 4.23  # 6 lines per inch

Color = tuple[int, int, int]


def mm(value: float) -> int:
    """Millimetres on the document to pixels at the render resolution."""
    return round(value * RENDER_DPI / 25.4)


@lru_cache(maxsize=64)
def font(path: Path, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size_px)


def mrz_font() -> ImageFont.FreeTypeFont:
    """OCR-B sized so one character advance equals the MRZ pitch."""
    probe = font(OCR_B, 100)
    size = round(100 * mm(MRZ_PITCH_MM * 10) / 10 / probe.getlength("<"))
    return font(OCR_B, size)


def draw_mrz(draw: ImageDraw.ImageDraw, lines: tuple[str, ...], left_mm: float,
             bottom_mm: float, height_mm: float) -> None:
    """Place MRZ lines upwards from `bottom_mm`, one ICAO line pitch apart."""
    ocr = mrz_font()
    ascent = ocr.getbbox("A")[1]
    cap = ocr.getbbox("A")[3] - ascent
    for index, line in enumerate(lines):
        from_bottom = len(lines) - 1 - index
        baseline = mm(height_mm - bottom_mm - from_bottom * MRZ_LINE_PITCH_MM)
        draw.text((mm(left_mm), baseline - cap - ascent), line, font=ocr, fill=(20, 20, 24))


def guilloche(size: tuple[int, int], base: Color, ink: Color, rng: random.Random,
              strength: float = 0.35) -> Image.Image:
    """Fine interfering sine lines over a pale tint, like a security background."""
    width, height = size
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    cx, cy = width * rng.uniform(0.3, 0.7), height * rng.uniform(0.3, 0.7)
    radius = np.hypot(xs - cx, ys - cy)
    angle = np.arctan2(ys - cy, xs - cx)
    petals = rng.randint(5, 11)
    wave = np.sin(radius / rng.uniform(5.0, 9.0) + 3.0 * np.sin(angle * petals))
    wave2 = np.sin(xs / rng.uniform(11.0, 17.0) + 2.5 * np.sin(ys / rng.uniform(25.0, 45.0)))
    lines = np.clip((np.abs(wave) < 0.18) * 0.7 + (np.abs(wave2) < 0.12) * 0.5, 0, 1)
    wash = 0.5 + 0.5 * np.sin(xs / width * np.pi * rng.uniform(0.8, 1.6))
    mix = (lines * strength + wash[..., None].squeeze(-1) * 0.08)[..., None]
    base_arr, ink_arr = np.array(base, np.float32), np.array(ink, np.float32)
    pixels = base_arr * (1 - mix) + ink_arr * mix
    return Image.fromarray(pixels.astype(np.uint8), "RGB")


def face_placeholder(size: tuple[int, int], rng: random.Random, faded: bool = False) -> Image.Image:
    """A head-and-shoulders silhouette: enough for a 'photo box' without a real face."""
    width, height = size
    backdrop = (rng.randint(170, 205), rng.randint(185, 215), rng.randint(200, 230))
    image = Image.new("RGB", size, backdrop)
    draw = ImageDraw.Draw(image)
    skin = rng.choice([(224, 184, 150), (198, 150, 112), (170, 120, 90), (236, 200, 170)])
    hair = rng.choice([(40, 30, 25), (70, 50, 35), (25, 25, 25), (120, 90, 60)])
    clothes = rng.choice([(30, 35, 60), (60, 60, 65), (90, 30, 30), (20, 20, 20)])
    draw.ellipse((width * 0.05, height * 0.72, width * 0.95, height * 1.35), fill=clothes)
    draw.rectangle((width * 0.4, height * 0.55, width * 0.6, height * 0.8), fill=skin)
    draw.ellipse((width * 0.24, height * 0.1, width * 0.76, height * 0.66), fill=hair)
    draw.ellipse((width * 0.28, height * 0.18, width * 0.72, height * 0.68), fill=skin)
    eye_y = height * 0.4
    for eye_x in (0.4, 0.6):
        draw.ellipse((width * (eye_x - 0.04), eye_y - height * 0.015,
                      width * (eye_x + 0.04), eye_y + height * 0.015), fill=(40, 30, 30))
    draw.line((width * 0.44, height * 0.56, width * 0.56, height * 0.56),
              fill=(150, 80, 80), width=max(2, height // 80))
    image = image.filter(ImageFilter.GaussianBlur(max(1, width // 150)))
    if faded:
        image = Image.blend(image, Image.new("RGB", size, (235, 235, 235)), 0.6).convert("L")
        image = image.convert("RGB")
    return image


def draw_field(draw: ImageDraw.ImageDraw, at_mm: tuple[float, float], label: str, value: str,
               label_px: int, value_px: int, label_color: Color = (60, 60, 90)) -> None:
    """A bilingual label with its value below, as on Turkish cards."""
    x, y = mm(at_mm[0]), mm(at_mm[1])
    draw.text((x, y), label, font=font(SANS_NARROW, label_px), fill=label_color)
    draw.text((x, y + round(label_px * 1.15)), value, font=font(SANS_NARROW_BOLD, value_px),
              fill=(15, 15, 20))


def rounded_card(size: tuple[int, int], background: Image.Image, radius_mm: float) -> Image.Image:
    """Cut the card's rounded corners to transparent so photos show the real outline."""
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), mm(radius_mm),
                                           fill=255)
    card = background.convert("RGBA")
    card.putalpha(mask)
    return card

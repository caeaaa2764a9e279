"""One function per photo problem a capture flow must catch.

Each takes the flat document render (or the identity, for `wrong_side`), a seeded
`random.Random` and photo options, and returns a photo showing that problem, and only
that problem as far as physics allows (a tiny document is also low on pixels, say).
Magnitudes are in document millimetres or shares of the frame, so they mean the same
at any frame size.
"""

from __future__ import annotations

import random

from PIL import Image

from tests.docgen.backgrounds import clutter
from tests.docgen.documents import render_id_back, render_id_front
from tests.docgen.identity import Identity
from tests.docgen.photo import Glare, photograph


def _px_per_doc_mm(document: Image.Image, share: float, options: dict[str, object]) -> float:
    """Pixels per document millimetre for a document covering `share` of the frame."""
    width, height = tuple(options.get("frame_size", (1600, 1200)))
    doc_px_w = (share * width * height * document.width / document.height) ** 0.5
    return doc_px_w / (document.width * 25.4 / 300)


def cut_off(document: Image.Image, rng: random.Random, **options: object) -> Image.Image:
    """8-30 % of the document (an edge strip or a corner) lies outside the frame."""
    width, height = tuple(options.get("frame_size", (1600, 1200)))
    if document.height > document.width and width > height:
        width, height = height, width
    share = rng.uniform(0.35, 0.6)
    doc_w = (share * width * height * document.width / document.height) ** 0.5
    half_w, half_h = doc_w / width / 2, doc_w * document.height / document.width / height / 2
    outside = rng.uniform(0.08, 0.3)
    low_x, low_y = half_w * (1 - 2 * outside), half_h * (1 - 2 * outside)
    centre = rng.choice([(low_x, 0.5), (1 - low_x, 0.5), (0.5, low_y), (0.5, 1 - low_y),
                         (rng.choice((low_x, 1 - low_x)), rng.choice((low_y, 1 - low_y)))])
    return photograph(document, rng, document_share=share, center=centre, fit_inside=False,
                      **options)


def glare(document: Image.Image, rng: random.Random, **options: object) -> Image.Image:
    """A flash or lamp reflection washing out part of the document."""
    spot = Glare(x=rng.uniform(0.2, 0.8), y=rng.uniform(0.25, 0.75),
                 radius=rng.uniform(0.07, 0.14), strength=rng.uniform(170, 320))
    return photograph(document, rng, glare=spot, **options)


def blurry(document: Image.Image, rng: random.Random, **options: object) -> Image.Image:
    """Out of focus or shaken: 0.3-0.6 mm defocus or 0.8-2 mm of motion on the document."""
    share = rng.uniform(0.3, 0.6)
    px_per_mm = _px_per_doc_mm(document, share, options)
    if rng.random() < 0.5:
        return photograph(document, rng, document_share=share,
                          defocus_px=rng.uniform(0.3, 0.6) * px_per_mm, **options)
    return photograph(document, rng, document_share=share, defocus_px=0.0,
                      motion_px=rng.uniform(0.8, 2.0) * px_per_mm, **options)


def too_dark(document: Image.Image, rng: random.Random, **options: object) -> Image.Image:
    """An unlit room: the paper comes out a dark grey and the sensor noise shows."""
    return photograph(document, rng, peak_brightness=rng.uniform(25, 70),
                      noise=rng.uniform(2.5, 5.0), **options)


def overexposed(document: Image.Image, rng: random.Random, **options: object) -> Image.Image:
    """Blown out: the paper is clipped white and faint print fades into it."""
    return photograph(document, rng, peak_brightness=rng.uniform(330, 520), **options)


def too_small(document: Image.Image, rng: random.Random, **options: object) -> Image.Image:
    """Photographed from too far: the document covers a few percent of the frame."""
    return photograph(document, rng, document_share=rng.uniform(0.03, 0.09),
                      center=(rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7)), **options)


def low_resolution(document: Image.Image, rng: random.Random, dpi: float | None = None,
                   **options: object) -> Image.Image:
    """A small frame (old phone, messenger resize): 70-135 dpi on the document."""
    share = rng.uniform(0.35, 0.6)
    target_dpi = dpi if dpi is not None else rng.uniform(70, 135)
    doc_px_w = target_dpi * document.width / 300
    frame_area = doc_px_w * (doc_px_w * document.height / document.width) / share
    aspect = 4 / 3
    height = int((frame_area / aspect) ** 0.5)
    options = {**options, "frame_size": (int(height * aspect), height)}
    return photograph(document, rng, document_share=share, **options)


def wrong_side(identity: Identity, rng: random.Random, claimed_side: str = "front",
               **options: object) -> Image.Image:
    """The other side of the ID card than the one the upload claims."""
    other = render_id_back(identity) if claimed_side == "front" else render_id_front(identity)
    return photograph(other, rng, **options)


def no_document(rng: random.Random, **options: object) -> Image.Image:
    """An empty surface, a cluttered desk, or a blank sheet of paper: nothing to read."""
    mode = rng.choice(("empty", "clutter", "clutter", "blank_sheet"))
    if mode == "blank_sheet":
        blank = Image.new("RGB", (2480, 3508) if rng.random() < 0.5 else (1011, 638),
                          (248, 248, 244))
        return photograph(blank, rng, **options)
    count = 0 if mode == "empty" else rng.randint(2, 6)
    return photograph(None, rng, scene=lambda canvas, r: clutter(canvas, r, count), **options)



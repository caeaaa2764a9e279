"""Turning uploaded bytes into an image we trust: sniffed type, size and pixel caps.

The type comes from the bytes, never from the file name or a header. Pillow opens only
the sniffed format, and a decompression bomb is an error, not a warning.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image, ImageOps, UnidentifiedImageError

from kyc_service.core.errors import PayloadTooLarge, UnsupportedMediaType, ValidationFailed

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs",
                b"mif1", b"msf1", b"avif"}


class MediaType(StrEnum):
    JPEG = "image/jpeg"
    PNG = "image/png"
    HEIF = "image/heif"
    PDF = "application/pdf"


_PILLOW_FORMAT = {MediaType.JPEG: "JPEG", MediaType.PNG: "PNG", MediaType.HEIF: "HEIF"}


def sniff(data: bytes) -> MediaType:
    """Identify the file from its first bytes; anything else is refused."""
    if not data:
        raise ValidationFailed("The file is empty.", code="empty_file",
                               fields={"file": ["The file is empty."]})
    if data[:3] == b"\xff\xd8\xff":
        return MediaType.JPEG
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return MediaType.PNG
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return MediaType.HEIF
    if data[:5] == b"%PDF-":
        return MediaType.PDF
    raise UnsupportedMediaType("Send a JPEG, PNG or HEIC photo, or a PDF.",
                               fields={"file": ["Not a JPEG, PNG, HEIC or PDF file."]})


@dataclass(frozen=True)
class DecodeLimits:
    max_bytes: int
    max_pixels: int


def check_size(size: int, limits: DecodeLimits) -> None:
    if size > limits.max_bytes:
        raise PayloadTooLarge(f"The file is larger than {limits.max_bytes // (1024 * 1024)} MB.")


def _register_heif() -> None:
    import pillow_heif

    pillow_heif.register_heif_opener()


def open_image(data: bytes, media_type: MediaType, limits: DecodeLimits, *,
               draft: bool = False) -> Image.Image:
    """Open and fully decode a photo, EXIF orientation applied.

    `draft=True` decodes JPEGs at reduced scale: every byte is still read (so truncation
    is caught) at a fraction of the cost; the upload path uses it to answer fast.
    """
    if media_type is MediaType.PDF:
        raise ValueError("PDFs are rendered, not opened as images")
    if media_type is MediaType.HEIF:
        _register_heif()
    previous_cap = Image.MAX_IMAGE_PIXELS
    try:
        Image.MAX_IMAGE_PIXELS = limits.max_pixels
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[_PILLOW_FORMAT[media_type]])
            if image.width * image.height > limits.max_pixels:
                raise Image.DecompressionBombError("too many pixels")
            if draft and media_type is MediaType.JPEG:
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationFailed("The image has too many pixels.", code="image_too_large",
                               fields={"file": ["The image has too many pixels."]}) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationFailed("The image is damaged or incomplete.", code="image_corrupt",
                               fields={"file": ["The image could not be read."]}) from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous_cap
    return ImageOps.exif_transpose(image).convert("RGB")


def open_for_analysis(data: bytes, media_type: MediaType, limits: DecodeLimits) -> Image.Image:
    """A JPEG opened but not decoded, so analysis can decode it at reduced scale (several
    times faster on phone photos); other formats fully decoded. Call `open_image` with
    `draft=True` first to reject damaged files: this one trusts the bytes."""
    if media_type is not MediaType.JPEG:
        return open_image(data, media_type, limits)
    previous_cap = Image.MAX_IMAGE_PIXELS
    try:
        Image.MAX_IMAGE_PIXELS = limits.max_pixels
        return Image.open(io.BytesIO(data), formats=["JPEG"])
    finally:
        Image.MAX_IMAGE_PIXELS = previous_cap


@dataclass(frozen=True)
class RenderedPdf:
    image: Image.Image
    text: str
    pages: int


def render_pdf(data: bytes, limits: DecodeLimits, dpi: int = 200) -> RenderedPdf:
    """The first page as an image, and the text layer (e-Devlet documents have one)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise ValidationFailed("The PDF is damaged or encrypted.", code="pdf_corrupt",
                               fields={"file": ["The PDF could not be read."]}) from None
    try:
        if len(document) == 0:
            raise ValidationFailed("The PDF has no pages.", code="pdf_corrupt")
        page = document[0]
        width, height = page.get_size()
        scale = dpi / 72
        if width * height * scale * scale > limits.max_pixels:
            scale = (limits.max_pixels / (width * height)) ** 0.5
        image = page.render(scale=scale).to_pil().convert("RGB")
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        textpage.close()
        page.close()
        return RenderedPdf(image=image, text=text, pages=len(document))
    finally:
        document.close()

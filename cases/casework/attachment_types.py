"""What an evidence file is, decided from its bytes alone.

Officers attach PDFs, screenshots (PNG, JPEG) and plain-text or CSV exports. The client's
content type and file name are never consulted: a renamed executable or archive has
none of these signatures and contains control bytes, so it is refused. A file that
claims a format must also parse as it, so a PDF header glued onto something else fails.
Nothing is rendered or decoded to pixels here; the file is kept byte for byte.
"""

from __future__ import annotations

import io
import re
import struct
import warnings

from kyc_service.core.errors import UnsupportedMediaType, ValidationFailed

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain"
CSV = "text/csv"
# Extensions for download names, by the type stored without parameters.
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", TEXT: "txt", CSV: "csv"}

# Bytes that never occur in a text export: C0 controls except tab, LF, FF, CR; and DEL.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Exports from Turkish desktop software are often Windows-1254 rather than UTF-8.
_TEXT_ENCODINGS = ("utf-8", "windows-1254")
_DELIMITERS = (",", ";", "\t")
_CSV_SAMPLE_LINES = 20


def unsupported() -> UnsupportedMediaType:
    return UnsupportedMediaType(
        "Attach a PDF, PNG or JPEG image, or a plain-text or CSV export.",
        code="attachment_type_unsupported",
        fields={"file": ["Not a PDF, PNG, JPEG, text or CSV file."]})


def corrupt(what: str) -> ValidationFailed:
    return ValidationFailed(f"The {what} is damaged, incomplete or password-protected.",
                            code="attachment_corrupt",
                            fields={"file": [f"The {what} could not be read."]})


def sniff_attachment(data: bytes) -> str:
    """The media type of `data` (with a charset for text), or an error saying why not."""
    if not data:
        raise ValidationFailed("The file is empty.", code="attachment_empty",
                               fields={"file": ["The file is empty."]})
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        _check_image(data, "PNG")
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        _check_image(data, "JPEG")
        return JPEG
    return _text_type(data)


def base_type(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip()


def _check_pdf(data: bytes) -> None:
    """Parse the document structure (no rendering): it must open and have a page."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise corrupt("PDF") from None
    try:
        if len(document) == 0:
            raise corrupt("PDF")
    finally:
        document.close()


def _check_image(data: bytes, pillow_format: str) -> None:
    """Pillow reads the headers and checks the structure without decoding pixels."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
                image.verify()
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise corrupt("image") from None


def _text_type(data: bytes) -> str:
    if _CONTROL.search(data):
        raise unsupported()
    body = data.removeprefix(b"\xef\xbb\xbf")
    for encoding in _TEXT_ENCODINGS:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            continue
        kind = CSV if _looks_tabular(text) else TEXT
        return f"{kind}; charset={encoding}"
    raise unsupported()


def _looks_tabular(text: str) -> bool:
    """Two or more lines that all split into the same number (>1) of fields."""
    lines = [line for line in text.splitlines()[:_CSV_SAMPLE_LINES] if line.strip()]
    if len(lines) < 2:
        return False
    return any(len({line.count(d) for line in lines}) == 1 and lines[0].count(d) > 0
               for d in _DELIMITERS)

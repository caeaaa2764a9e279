"""A tiny PDF writer for one-page documents with a real text layer (no dependency).

e-Devlet certificates are PDFs whose text can be extracted without OCR. This writer
emits text objects in the standard Helvetica fonts with the Windows-Turkish code page
(cp1254): the six letters it adds to Latin-1 (Ğ ğ İ ı Ş ş) are declared in an
`/Encoding /Differences` array with their Adobe glyph names, so viewers draw them and
text extraction maps them back to Unicode. Filled rectangles draw rules and barcodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

A4_PT = (595.28, 841.89)
MM_PT = 72 / 25.4
TURKISH_DIFFERENCES = ("[208 /Gbreve 221 /Idotaccent 222 /Scedilla 240 /gbreve 253 /dotlessi"
                       " 254 /scedilla]")
FONTS = {"regular": "Helvetica", "bold": "Helvetica-Bold"}


def _escape(text: str) -> bytes:
    raw = text.encode("cp1254")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


@dataclass
class PdfPage:
    """Drawing commands in millimetres from the top-left corner, like the image renderers."""

    size_pt: tuple[float, float] = A4_PT
    commands: list[bytes] = field(default_factory=list)

    def text(self, x_mm: float, y_mm: float, text: str, size_pt: float = 10,
             weight: str = "regular") -> None:
        """Place `text` with its baseline `y_mm` below the top edge."""
        x, y = x_mm * MM_PT, self.size_pt[1] - y_mm * MM_PT
        font = "F2" if weight == "bold" else "F1"
        self.commands.append(b"BT /%s %.1f Tf %.2f %.2f Td (" % (font.encode(), size_pt, x, y)
                             + _escape(text) + b") Tj ET")

    def rect(self, x_mm: float, y_mm: float, w_mm: float, h_mm: float,
             grey: float = 0.0) -> None:
        x, y = x_mm * MM_PT, self.size_pt[1] - (y_mm + h_mm) * MM_PT
        self.commands.append(b"%.3f g %.2f %.2f %.2f %.2f re f 0 g"
                             % (grey, x, y, w_mm * MM_PT, h_mm * MM_PT))

    def to_bytes(self) -> bytes:
        content = b"\n".join(self.commands)
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
             b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
             % self.size_pt),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding 7 0 R >>"
            % FONTS["regular"].encode(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding 7 0 R >>"
            % FONTS["bold"].encode(),
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences "
            + TURKISH_DIFFERENCES.encode() + b" >>",
        ]
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for offset in offsets:
            out += b"%010d 00000 n \n" % offset
        out += (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                % (len(objects) + 1, xref))
        return bytes(out)

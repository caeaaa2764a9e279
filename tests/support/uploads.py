"""Upload payloads for document tests: realistic photos and deliberately bad files."""

from __future__ import annotations

import io
import struct
import zlib
from functools import cache

from tests.docgen.photo import to_jpeg_bytes
from tests.docgen.scenarios import make_sample


@cache
def photo(kind: str, side: str, case: str = "good", seed: int = 1) -> bytes:
    """A JPEG phone photo of a generated document showing `case` (good or a defect)."""
    return to_jpeg_bytes(make_sample(kind, side, case, seed).image)


def png_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A tiny PNG whose header claims a gigantic image (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)
            + chunk(b"IEND", b""))


def multipart(data: bytes, kind: str, side: str, filename: str = "photo.jpg") -> dict:
    return {"file": (io.BytesIO(data), filename), "kind": kind, "side": side}


def raw_multipart(data: bytes, kind: str, side: str) -> tuple[bytes, str]:
    """A multipart body built in memory (the test client would spool a large one to an
    unclosed temporary file when the server refuses it early)."""
    boundary = "kyc-test-boundary-7f3a"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
             f"{value}\r\n".encode() for name, value in (("kind", kind), ("side", side))]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                 f'filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
                 + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"

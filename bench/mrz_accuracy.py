"""MRZ reading accuracy and speed on generated phone photos, ours vs PassportEye.

Run from the repository root (one core, no other load ideally):

    .venv/bin/python -m bench.mrz_accuracy --count 120

Photos are Turkish ID backs (TD1) and passports (TD3) from `tests.docgen`, JPEG-encoded
as a phone would. "Exact" means every character of every MRZ line matches. For our
readers both the raw recognition and the corrected result are scored; PassportEye is
scored on its raw OCR text. Seconds per photo include JPEG decoding and MRZ location.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

from kyc_service.documents.mrz import MrzError
from kyc_service.documents.mrz_glyphs import trained_model
from kyc_service.documents.mrz_ocr import GlyphRecogniser, TesseractRecogniser, read_mrz_image
from tests.docgen.documents import render_id_back, render_passport
from tests.docgen.identity import random_identity
from tests.docgen.mrz_text import td1_lines, td3_lines
from tests.docgen.photo import photograph, to_jpeg_bytes


@dataclass
class Sample:
    kind: str
    jpeg: bytes
    expected: list[str]


@dataclass
class Score:
    name: str
    photos: int = 0
    raw_exact: int = 0
    exact: int = 0
    valid: int = 0
    lines: int = 0
    lines_exact: int = 0
    failures: int = 0
    seconds: list[float] = field(default_factory=list)


def make_samples(count: int, seed: int) -> list[Sample]:
    rng = random.Random(seed)
    samples = []
    for i in range(count):
        identity = random_identity(rng)
        if i % 2 == 0:
            document, expected, kind = render_id_back(identity), td1_lines(identity), "TD1"
        else:
            document, expected, kind = render_passport(identity), td3_lines(identity), "TD3"
        photo = photograph(document, rng)
        samples.append(Sample(kind, to_jpeg_bytes(photo, rng.randint(75, 95)), list(expected)))
    return samples


def ours(recogniser: object) -> Callable[[bytes], tuple[list[str], list[str], bool]]:
    def read(jpeg: bytes) -> tuple[list[str], list[str], bool]:
        image = np.asarray(Image.open(io.BytesIO(jpeg), formats=["JPEG"]).convert("RGB"))
        result = read_mrz_image(image, recogniser)  # type: ignore[arg-type]
        return result.read_lines, result.lines, result.valid

    return read


def passporteye() -> Callable[[bytes], tuple[list[str], list[str], bool]] | None:
    try:
        from passporteye import read_mrz
    except ImportError:
        return None

    def read(jpeg: bytes) -> tuple[list[str], list[str], bool]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its scikit-image calls are deprecated
            mrz = read_mrz(io.BytesIO(jpeg))
        if mrz is None:
            return [], [], False
        lines = [line for line in mrz.aux.get("raw_text", "").splitlines() if line.strip()]
        return lines, lines, bool(mrz.valid)

    return read


def score(name: str, read: Callable[[bytes], tuple[list[str], list[str], bool]],
          samples: list[Sample]) -> Score:  # fmt: skip
    result = Score(name)
    for sample in samples:
        start = time.perf_counter()
        try:
            raw, final, valid = read(sample.jpeg)
        except MrzError:
            raw, final, valid = [], [], False
            result.failures += 1
        result.seconds.append(time.perf_counter() - start)
        result.photos += 1
        result.raw_exact += raw == sample.expected
        result.exact += final == sample.expected
        result.valid += valid
        result.lines += len(sample.expected)
        result.lines_exact += sum(a == b for a, b in zip(final, sample.expected, strict=False))
    return result


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def table(scores: list[Score]) -> str:
    head = ("| reader | photos | exact photos (raw OCR) | exact photos (final) | exact lines "
            "| all checks pass | not found/unreadable | s/photo (mean) | s/photo (p95) |")
    rows = [head, "|" + "---|" * 9]
    for s in scores:
        rows.append(
            f"| {s.name} | {s.photos} | {pct(s.raw_exact, s.photos)} | {pct(s.exact, s.photos)} "
            f"| {pct(s.lines_exact, s.lines)} | {pct(s.valid, s.photos)} | {s.failures} "
            f"| {np.mean(s.seconds):.3f} | {np.percentile(s.seconds, 95):.3f} |"
        )
    return "\n".join(rows)


ONE_CORE = ("OMP_THREAD_LIMIT", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def main() -> None:
    if any(os.environ.get(var) != "1" for var in ONE_CORE):
        # Thread pools read these at import time, so restart with them set (one core).
        env = {**os.environ, **dict.fromkeys(ONE_CORE, "1")}
        argv = [sys.executable, "-m", "bench.mrz_accuracy", *sys.argv[1:]]
        os.execve(sys.executable, argv, env)  # noqa: S606 - same interpreter, fixed argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=120)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--engines", default="glyph,tesseract,passporteye")
    args = parser.parse_args()
    cv2.setNumThreads(1)
    started = time.perf_counter()
    samples = make_samples(args.count, args.seed)
    print(f"generated {len(samples)} photos in {time.perf_counter() - started:.1f} s")
    start = time.perf_counter()
    trained_model()
    print(f"glyph templates trained in {time.perf_counter() - start:.2f} s (once per process)")
    engines = args.engines.split(",")
    scores = []
    if "glyph" in engines:
        scores.append(score("ours: OCR-B glyph classifier (default)", ours(GlyphRecogniser()),
                            samples))  # fmt: skip
    if "tesseract" in engines:
        scores.append(score("ours: Tesseract psm 7 + whitelist", ours(TesseractRecogniser()),
                            samples))  # fmt: skip
    if "passporteye" in engines:
        reader = passporteye()
        if reader is None:
            print("PassportEye is not installed (pip install 'passporteye>=2.2,<3')")
        else:
            scores.append(score("PassportEye 2.2", reader, samples))
    print()
    print(table(scores))
    if len(scores) > 1 and scores[-1].name.startswith("PassportEye"):
        ratio = np.mean(scores[-1].seconds) / np.mean(scores[0].seconds)
        print(f"\n{scores[0].name} is {ratio:.1f}x faster per photo than PassportEye")


if __name__ == "__main__":
    main()

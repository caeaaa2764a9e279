"""Median wall time of the photo-quality checks on a 12-megapixel phone JPEG, one core.

End to end from bytes: open with Pillow (JPEG DCT-scaled decode happens inside
`assess`), locate, rectify and run every check. Run from the repository root:

    .venv/bin/python -m bench.quality_speed [--runs 15]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time

import cv2
from PIL import Image

FRAME_12MP = (4000, 3000)
TARGET_MS = 150.0


def main() -> None:
    from kyc_service.documents.quality import assess
    from tests.docgen.photo import to_jpeg_bytes
    from tests.docgen.scenarios import DOCUMENT_SIDES, make_sample

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    cv2.setNumThreads(1)  # one core, as a busy worker process would get
    print("| document | JPEG size | median ms | p90 ms | result |\n|---|---|---|---|---|")
    medians = []
    for kind, side in DOCUMENT_SIDES:
        sample = make_sample(kind, side, "good", seed=1, frame_size=FRAME_12MP)
        data = to_jpeg_bytes(sample.image, quality=random.Random(1).randint(85, 92))
        timings, report = [], None
        for _ in range(args.runs):
            started = time.perf_counter()
            image = Image.open(io.BytesIO(data), formats=["JPEG"])
            report = assess(image, kind, side)
            timings.append((time.perf_counter() - started) * 1000)
        median = statistics.median(timings)
        medians.append(median)
        p90 = statistics.quantiles(timings, n=10)[-1]
        outcome = "pass" if report and report.passed else f"fail {report.issues if report else ''}"
        print(f"| {kind}/{side} {sample.image.width}x{sample.image.height} | "
              f"{len(data) / 1e6:.1f} MB | {median:.0f} | {p90:.0f} | {outcome} |")
    overall = statistics.median(medians)
    verdict = "meets" if overall <= TARGET_MS else "misses"
    print(f"\nmedian of medians: {overall:.0f} ms ({verdict} the {TARGET_MS:.0f} ms target)")


if __name__ == "__main__":
    main()

"""Accuracy of the photo-quality checks on synthetic phone photos, as Markdown tables.

Each photo is rendered, photographed with one known problem (or none), JPEG-encoded
at a random phone quality and judged by `assess`. Thresholds were calibrated on the
calibration seeds (`--mode calibrate` prints the metric spread behind each one);
report on the held-out seeds, which calibration never saw. From the repository root:

    .venv/bin/python -m bench.quality_accuracy --per-case 50            # held-out report
    .venv/bin/python -m bench.quality_accuracy --mode calibrate --per-case 20
"""

from __future__ import annotations

import argparse
import io
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from multiprocessing import Pool

import cv2
from PIL import Image

CALIBRATION_SEEDS = 0
HELD_OUT_SEEDS = 100_000
RECALL_TARGET, FALSE_REJECT_TARGET = 0.95, 0.02


@dataclass(frozen=True)
class Outcome:
    kind: str
    side: str
    case: str
    seed: int
    issues: tuple[str, ...]
    metrics: dict[str, float]


def _judge(job: tuple[str, str, str, int]) -> Outcome:
    from kyc_service.documents.quality import assess
    from tests.docgen.photo import to_jpeg_bytes
    from tests.docgen.scenarios import make_sample

    cv2.setNumThreads(1)
    kind, side, case, seed = job
    sample = make_sample(kind, side, case, seed)
    data = to_jpeg_bytes(sample.image, random.Random(seed).randint(70, 95))
    report = assess(Image.open(io.BytesIO(data), formats=["JPEG"]), kind, side)
    metrics: dict[str, float] = {}
    for check in report.checks:  # the first result per code (dpi before MRZ height)
        metrics.setdefault(check.code, check.metric)
    return Outcome(kind, side, case, seed, report.issues, metrics)


def _jobs(first_seed: int, per_case: int) -> list[tuple[str, str, str, int]]:
    from tests.docgen.scenarios import CASES, DOCUMENT_SIDES, applies

    return [(kind, side, case, first_seed + index)
            for kind, side in DOCUMENT_SIDES for case in CASES if applies(kind, case)
            for index in range(per_case)]


def confusion_table(outcomes: list[Outcome]) -> str:
    """Per code: TP/FN over photos with that defect, FP/TN over all other photos."""
    from tests.docgen.scenarios import DEFECT_CODES

    lines = ["| code | TP | FN | FP | TN | recall | reported first | FP by true case |",
             "|---|---|---|---|---|---|---|---|"]
    for code in DEFECT_CODES:
        positives = [o for o in outcomes if o.case == code]
        negatives = [o for o in outcomes if o.case != code]
        tp = sum(code in o.issues for o in positives)
        first = sum(o.issues[:1] == (code,) for o in positives)
        fp = sum(code in o.issues for o in negatives)
        fp_cases: dict[str, int] = defaultdict(int)
        for outcome in negatives:
            if code in outcome.issues:
                fp_cases[outcome.case] += 1
        fp_by_case = ", ".join(f"{case} {count}" for case, count in sorted(fp_cases.items()))
        recall = tp / len(positives) if positives else float("nan")
        flag = "" if recall >= RECALL_TARGET else " ✗"
        first_rate = first / max(len(positives), 1)
        lines.append(f"| {code} | {tp} | {len(positives) - tp} | {fp} | {len(negatives) - fp} "
                     f"| {recall:.1%}{flag} | {first_rate:.1%} | {fp_by_case or '-'} |")
    good = [o for o in outcomes if o.case == "good"]
    rejected = [o for o in good if o.issues]
    rate = len(rejected) / max(len(good), 1)
    lines.append(f"\nGood photos rejected: {len(rejected)}/{len(good)} = {rate:.1%} "
                 f"(target ≤ {FALSE_REJECT_TARGET:.0%})")
    for outcome in rejected:
        lines.append(f"- {outcome.kind}/{outcome.side} seed {outcome.seed}: {outcome.issues}")
    return "\n".join(lines)


def recall_by_document(outcomes: list[Outcome]) -> str:
    from tests.docgen.scenarios import CASES, DOCUMENT_SIDES

    header = "| case | " + " | ".join(f"{k}/{s}" for k, s in DOCUMENT_SIDES) + " |"
    lines = [header, "|---" * (len(DOCUMENT_SIDES) + 1) + "|"]
    for case in CASES:
        cells = []
        for kind, side in DOCUMENT_SIDES:
            group = [o for o in outcomes if (o.kind, o.side, o.case) == (kind, side, case)]
            if not group:
                cells.append("n/a")
                continue
            hits = sum((not o.issues) if case == "good" else (case in o.issues) for o in group)
            cells.append(f"{hits}/{len(group)}")
        lines.append(f"| {case} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def calibration_table(outcomes: list[Outcome]) -> str:
    """Spread of each check's metric on its own defect versus on good photos."""
    defect: dict[str, list[float]] = defaultdict(list)
    good: dict[str, list[float]] = defaultdict(list)
    for outcome in outcomes:
        for code, value in outcome.metrics.items():
            if outcome.case == code:
                defect[code].append(value)
            elif outcome.case == "good":
                good[code].append(value)
    lines = ["| check metric | on its defect: min | max | on good photos: min | max |",
             "|---|---|---|---|---|"]
    for code in sorted(set(defect) & set(good)):
        lines.append(f"| {code} | {min(defect[code]):.4g} | {max(defect[code]):.4g} | "
                     f"{min(good[code]):.4g} | {max(good[code]):.4g} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("report", "calibrate"), default="report")
    parser.add_argument("--per-case", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    first_seed = CALIBRATION_SEEDS if args.mode == "calibrate" else HELD_OUT_SEEDS
    jobs = _jobs(first_seed, args.per_case)
    started = time.perf_counter()
    with Pool(min(args.workers, 2)) as pool:  # shared 2-core machine: never more
        outcomes = pool.map(_judge, jobs, chunksize=4)
    elapsed = time.perf_counter() - started
    print(f"## Photo-quality accuracy ({args.mode}, seeds {first_seed}..."
          f"{first_seed + args.per_case - 1}, {len(outcomes)} photos, {elapsed:.0f} s)\n")
    if args.mode == "calibrate":
        print(calibration_table(outcomes) + "\n")
    print(confusion_table(outcomes) + "\n")
    print(recall_by_document(outcomes))


if __name__ == "__main__":
    main()

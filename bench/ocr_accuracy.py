"""Printed-face (VIZ) and address-proof extraction accuracy and speed on one core.

- VIZ: good-quality phone photos of Turkish ID fronts and passport data pages; a photo
  counts as exact when every field (national id, names, dates, number, sex,
  nationality) equals the generated truth. Also reported: the share of photos the
  decision layer would take without review (every confidence >= the review threshold)
  and how many of those were wrong (the false-accept risk).
- Full check of one ID-front photo from JPEG bytes: decode, quality, VIZ, findings,
  decision (target <= 1.5 s median).
- Address proofs: utility-bill, bank-statement and residence-certificate photos,
  e-Devlet PDFs with a text layer and scanned (image-only) PDFs; right issue date, and
  the right recency decision at a fixed as-of date.

Thresholds were calibrated on seeds 1000-1099; report on a disjoint range (default 5000).

    .venv/bin/python bench/ocr_accuracy.py [--count 100] [--start 5000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from PIL import Image

os.environ["OMP_THREAD_LIMIT"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kyc_service.documents.address_proof import extract_address, is_recent
from kyc_service.documents.decoding import DecodeLimits, render_pdf
from kyc_service.documents.pipeline import decode
from kyc_service.documents.quality import assess
from kyc_service.documents.verification import (
    VerificationSettings,
    decide,
    document_findings,
)
from kyc_service.documents.viz import extract_viz
from tests.docgen.address_docs import ADDRESS_KINDS, image_pdf, render_address_proof
from tests.docgen.identity import Identity, random_identity
from tests.docgen.photo import photograph, to_jpeg_bytes
from tests.docgen.scenarios import FRAME_SIZES, GOOD_SHARE, make_sample

AS_OF = date(2025, 11, 1)
LIMITS = DecodeLimits(25 * 2**20, 60_000_000)
REVIEW_BELOW = VerificationSettings().minimum_confidence
VIZ_SIDES = (("id_card", "front"), ("passport", "data_page"))
PROOF_KINDS = (*ADDRESS_KINDS, "scanned_pdf")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def truth(kind: str, identity: Identity) -> dict[str, str]:
    expected = {"national_id": identity.national_id, "surname": identity.surname,
                "given_names": identity.given_names,
                "birth_date": identity.birth_date.isoformat(),
                "expiry_date": identity.expiry_date.isoformat(), "sex": identity.sex,
                "nationality": identity.nationality}
    if kind == "id_card":
        expected["document_number"] = identity.document_number
    else:
        expected["passport_number"] = identity.passport_number
    return expected


@dataclass
class VizScore:
    n: int = 0
    exact: int = 0
    confident: int = 0
    confident_wrong: int = 0
    times: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)


@dataclass
class ProofScore:
    n: int = 0
    date: int = 0
    decision: int = 0
    name: int = 0
    times: list[float] = field(default_factory=list)


def bench_viz(kind: str, side: str, seeds: range) -> VizScore:
    score = VizScore(n=len(seeds))
    for seed in seeds:
        sample = make_sample(kind, side, "good", seed)
        identity = random_identity(random.Random(f"{kind}:{side}:good:{seed}"))
        started = time.perf_counter()
        result = extract_viz(sample.image, kind, side, as_of=AS_OF)
        score.times.append(time.perf_counter() - started)
        wrong = [name for name, value in truth(kind, identity).items()
                 if result.fields.get(name) != value]
        for name in wrong:
            score.errors[name] = score.errors.get(name, 0) + 1
        score.exact += not wrong
        if min(result.confidence.values()) >= REVIEW_BELOW:
            score.confident += 1
            score.confident_wrong += bool(wrong)
    return score


def full_check_seconds(seeds: range) -> list[float]:
    """Decode + quality + VIZ + findings + decision for ID-front JPEGs (no MRZ there)."""
    settings = VerificationSettings()
    photos = [to_jpeg_bytes(make_sample("id_card", "front", "good", seed).image)
              for seed in seeds]
    times = []
    for data in photos:
        started = time.perf_counter()
        decoded = decode(data, LIMITS)
        report = assess(decoded.image, "id_card", "front")
        viz = extract_viz(decoded.image, "id_card", "front", as_of=AS_OF)
        findings = document_findings("id_card", viz.fields, None, False, AS_OF, settings,
                                     viz.confidence) + viz.findings
        decide(report.passed, findings)
        times.append(time.perf_counter() - started)
    return times


def proof_sample(kind: str, seed: int) -> tuple[Image.Image, str | None, Identity, date]:
    """(image, text layer, identity, issue date) as the pipeline would hand them over."""
    rng = random.Random(f"address:{kind}:{seed}")
    identity = random_identity(rng)
    issued = AS_OF - timedelta(days=rng.randint(1, 150))
    if kind == "scanned_pdf":
        page = render_address_proof(rng.choice(("statement", "certificate_image")),
                                    identity, issued, rng)
        assert isinstance(page, Image.Image)
        rendered = render_pdf(image_pdf(page), LIMITS)
        return rendered.image, rendered.text, identity, issued
    document = render_address_proof(kind, identity, issued, rng)
    if isinstance(document, bytes):
        rendered = render_pdf(document, LIMITS)
        return rendered.image, rendered.text, identity, issued
    photo = photograph(document, rng, frame_size=FRAME_SIZES["address_proof"],
                       document_share=rng.uniform(*GOOD_SHARE["address_proof"]))
    return photo, None, identity, issued


def bench_proofs(kind: str, seeds: range) -> ProofScore:
    score = ProofScore(n=len(seeds))
    for seed in seeds:
        image, text, identity, issued = proof_sample(kind, seed)
        started = time.perf_counter()
        result = extract_address(image, text)
        score.times.append(time.perf_counter() - started)
        read = result.fields["issue_date"]
        score.date += read == issued.isoformat()
        score.decision += is_recent(read, AS_OF) == is_recent(issued, AS_OF)
        score.name += result.fields["full_name"] == f"{identity.given_names} {identity.surname}"
    return score


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100, help="photos per VIZ kind")
    parser.add_argument("--proofs", type=int, default=20, help="address proofs per kind")
    parser.add_argument("--checks", type=int, default=20, help="full ID-front checks")
    parser.add_argument("--start", type=int, default=5000, help="first seed")
    args = parser.parse_args()
    seeds = range(args.start, args.start + args.count)

    print("| printed face (VIZ) | photos | every field exact | no review needed | "
          "wrong without review | s/photo median | p95 | fields most often wrong |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for kind, side in VIZ_SIDES:
        v = bench_viz(kind, side, seeds)
        errors = ", ".join(f"{k} {n}" for k, n in sorted(v.errors.items(),
                                                          key=lambda kv: -kv[1])[:3])
        print(f"| {kind}/{side} | {v.n} | {share(v.exact, v.n)} | "
              f"{share(v.confident, v.n)} | {v.confident_wrong} | "
              f"{statistics.median(v.times):.2f} | {percentile(v.times, 0.95):.2f} | "
              f"{errors or '-'} |")

    checks = full_check_seconds(range(args.start, args.start + args.checks))
    print("\n| full check of one ID-front JPEG (decode, quality, VIZ, decision) | n | "
          "median s | p95 s | target |")
    print("|---|---:|---:|---:|---:|")
    print(f"| one process, one core | {len(checks)} | {statistics.median(checks):.2f} | "
          f"{percentile(checks, 0.95):.2f} | ≤ 1.5 s |")

    print(f"\n| address proof (as of {AS_OF}) | documents | issue date right | "
          "recency decision right | holder name exact | s/doc median | p95 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    total = ProofScore()
    for kind in PROOF_KINDS:
        r = bench_proofs(kind, range(args.start, args.start + args.proofs))
        total.n, total.date = total.n + r.n, total.date + r.date
        total.decision, total.name = total.decision + r.decision, total.name + r.name
        total.times += r.times
        print(proof_row(kind, r))
    print(proof_row("**all**", total))


def proof_row(label: str, r: ProofScore) -> str:
    return (f"| {label} | {r.n} | {share(r.date, r.n)} | {share(r.decision, r.n)} | "
            f"{share(r.name, r.n)} | {statistics.median(r.times):.2f} | "
            f"{percentile(r.times, 0.95):.2f} |")


if __name__ == "__main__":
    main()

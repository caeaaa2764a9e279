"""Document intake timings on one core.

- upload: POST of a 12-megapixel phone JPEG through the API until the 202 answer
  (target ≤ 200 ms);
- full check of one ID photo from bytes: decode, quality, MRZ (back) or printed fields
  (front), decision (target ≤ 1.5 s median).

    .venv/bin/python bench/documents.py [--uploads 30] [--checks 30]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from audits.trail import AuditContext
from kyc_service import create_app
from kyc_service.accounts import service as accounts
from kyc_service.config import Settings
from kyc_service.core.db import transaction
from kyc_service.core.keyfile import create_key_file
from kyc_service.core.migrate import upgrade
from kyc_service.documents.decoding import DecodeLimits
from kyc_service.documents.pipeline import check_document
from tests.docgen.photo import to_jpeg_bytes
from tests.docgen.scenarios import make_sample
from tests.support.factories import customer_payload

TWELVE_MP = (4000, 3000)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def row(label: str, values: list[float], target: str) -> str:
    return (f"| {label} | {len(values)} | {statistics.median(values):.0f} | "
            f"{percentile(values, 0.95):.0f} | {target} |")


def bench_uploads(count: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        create_key_file(root / "keys.json")
        settings = Settings(env="test", data_dir=root, key_file=root / "keys.json",
                            log_level="WARNING", worker_threads=0)
        app = create_app(settings)
        runtime = app.extensions["kyc"]
        upgrade(runtime.engine)
        with transaction(runtime.session_factory) as session:
            ctx = AuditContext.system()
            user = accounts.create_user(session, runtime.vault, ctx, "b@staff.test",
                                        ["integration"])
            token = accounts.issue_token(session, ctx, user, timedelta(hours=1))[1]
        client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}
        customer = client.post("/api/v1/customers", json=customer_payload(1),
                               headers=headers).json
        photos = [to_jpeg_bytes(make_sample("id_card", "front", "good", seed,
                                            frame_size=TWELVE_MP).image) for seed in range(5)]
        timings = []
        for index in range(count):
            data = photos[index % len(photos)]
            started = time.perf_counter()
            response = client.post(
                f"/api/v1/customers/{customer['id']}/documents",
                data={"file": (io.BytesIO(data), "p.jpg"), "kind": "id_card", "side": "front"},
                headers=headers, content_type="multipart/form-data")
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 202, response.json
        runtime.engine.dispose()
    return timings


def bench_checks(count: int, side: str) -> list[float]:
    limits = DecodeLimits(15 * 2**20, 50_000_000)
    samples = [to_jpeg_bytes(make_sample("id_card", side, "good", seed).image)
               for seed in range(count)]
    check_document(samples[0], "id_card", side, limits=limits)  # one-time model warm-up
    timings = []
    for data in samples:
        started = time.perf_counter()
        check_document(data, "id_card", side, limits=limits)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uploads", type=int, default=30)
    parser.add_argument("--checks", type=int, default=30)
    args = parser.parse_args()
    uploads = bench_uploads(args.uploads)
    backs = bench_checks(args.checks, "back")
    fronts = bench_checks(args.checks, "front")
    print("| measure (one process) | n | median ms | p95 ms | target |")
    print("|---|---:|---:|---:|---:|")
    print(row("upload of a 12 MP JPEG until 202", uploads, "≤ 200 ms"))
    print(row("full check of an ID back photo (decode, quality, MRZ, decision)", backs,
              "≤ 1,500 ms"))
    print(row("full check of an ID front photo (decode, quality, printed fields, decision)",
              fronts, "≤ 1,500 ms"))


if __name__ == "__main__":
    main()

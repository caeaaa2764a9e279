"""Foundation throughput on the embedded SQLite default, one process (one core).

Measures customer creations per second (through the domain service and through the HTTP
API, each in its own transaction with its audit entry) and audit appends per second (one
entry per transaction, and in batches). Prints a Markdown table for the README.

    .venv/bin/python bench/foundation.py [--customers 2000] [--appends 10000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from kyc_service import create_app
from kyc_service.accounts import service as accounts
from kyc_service.config import Settings
from kyc_service.core.db import transaction
from kyc_service.core.keyfile import create_key_file
from kyc_service.core.migrate import upgrade
from kyc_service.demo import demo_customer_data
from kyc_service.runtime import Runtime
from tests.support.factories import customer_payload

CTX = AuditContext("bench", "integration", "bench")


def fresh_runtime(root: Path) -> tuple[Settings, Runtime]:
    create_key_file(root / "keys.json")
    settings = Settings(env="test", data_dir=root, key_file=root / "keys.json",
                        log_level="WARNING")
    runtime = Runtime.from_settings(settings)
    upgrade(runtime.engine)
    return settings, runtime


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s"


class Clock:
    """Wall time and this process's CPU time: on a shared machine the CPU figure is what
    one core achieves, the wall figure what the machine gave us at that moment."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def bench_domain_creations(runtime: Runtime, count: int) -> Clock:
    import random

    rng = random.Random(1)
    payloads = [demo_customer_data(rng, i) for i in range(count)]
    for index, payload in enumerate(payloads):
        payload["external_ref"] = f"bench-{index}"
    service = runtime.customers
    with Clock() as clock:
        for payload in payloads:
            with transaction(runtime.session_factory) as session:
                service.create(session, CTX, payload)
    return clock


def bench_api_creations(settings: Settings, count: int) -> Clock:
    app = create_app(settings)
    runtime: Runtime = app.extensions["kyc"]
    with transaction(runtime.session_factory) as session:
        user = accounts.create_user(session, runtime.vault, CTX, "bench@staff.test",
                                    ["integration"])
        token = accounts.issue_token(session, CTX, user, __import__("datetime").timedelta(1))[1]
    client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}
    payloads = [customer_payload(100_000 + i) for i in range(count)]
    with Clock() as clock:
        for payload in payloads:
            response = client.post("/api/v1/customers", json=payload, headers=headers)
            assert response.status_code == 201, response.json
    return clock


def bench_appends(runtime: Runtime, count: int, per_transaction: int) -> Clock:
    event = AuditEvent(AuditAction.CUSTOMER_PII_READ, object_type="customer", object_id="c-1",
                       customer_ref="c-1", purpose="kyc_verification",
                       details={"disclosure": "full", "fields": ["national_id", "surname"]})
    with Clock() as clock:
        for _ in range(count // per_transaction):
            with transaction(runtime.session_factory) as session:
                for _ in range(per_transaction):
                    record(session, CTX, event)
    return clock


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--appends", type=int, default=10_000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings, runtime = fresh_runtime(Path(tmp))
        clock = bench_domain_creations(runtime, args.customers)
        rows.append(("customer creations (domain service, 1 per transaction)", args.customers,
                     clock, "≥ 300/s"))
        clock = bench_api_creations(settings, args.customers // 2)
        rows.append(("customer creations (HTTP API, test client)", args.customers // 2,
                     clock, "≥ 300/s"))
        clock = bench_appends(runtime, args.appends, 1)
        rows.append(("audit appends (1 per transaction)", args.appends, clock, "≥ 2,000/s"))
        clock = bench_appends(runtime, args.appends, 100)
        rows.append(("audit appends (100 per transaction)", args.appends, clock, "-"))
        runtime.engine.dispose()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| measure (SQLite, one process) | count | rate by CPU time | rate by wall time "
          "| target |")
    print("|---|---:|---:|---:|---:|")
    for label, count, clock, target in rows:
        print(f"| {label} | {count:,} | {rate(count, clock.cpu)} | {rate(count, clock.wall)} "
              f"| {target} |")


if __name__ == "__main__":
    main()

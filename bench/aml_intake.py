"""AML intake through the full service path: accuracy, throughput and memory.

Creates the demo stream's customers with the customer service, then sends every event
through `TransactionIntake` (validation, blind indexes, encryption, rules on persisted
aggregates, alerts, audit) in batches of 1,000, one transaction each; `--http` sends the
batches as JSON through the Flask API instead. Runs on a fresh SQLite database and on a
temporary PostgreSQL server (tests/support/postgres.py). Prints Markdown tables: per-rule
recall and clean-customer alert rate (from the alerts table), events/s, and resident
memory as the history grows.

    .venv/bin/python bench/aml_intake.py [--customers 5000] [--seed 2] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text

from audits.trail import AuditContext
from cases.demo_stream import DemoStream, generate_demo_stream
from cases.monitoring import demo
from cases.monitoring.intake import TransactionIntake
from cases.monitoring.scheduled import run_scheduled
from cases.monitoring.settings import MonitoringSettings
from cases.rules import RULE_IDS
from kyc_service import create_app
from kyc_service.config import Settings
from kyc_service.core.db import transaction
from kyc_service.core.keyfile import create_key_file
from kyc_service.core.migrate import upgrade
from kyc_service.customers.service import CustomerService
from kyc_service.runtime import Runtime
from tests.support.postgres import TemporaryPostgres

CTX = AuditContext.system("bench")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Run:
    backend: str
    customers_seconds: float = 0.0
    intake_seconds: float = 0.0
    events: int = 0
    stored: int = 0
    rejected: int = 0
    scheduled_seconds: float = 0.0
    memory: list[tuple[int, float]] = field(default_factory=list)
    score: demo.DemoScore | None = None

    @property
    def rate(self) -> float:
        return self.events / self.intake_seconds


def _http_sender(rt: Runtime, settings: Settings) -> Callable[[list[dict[str, Any]]], Any]:
    app = create_app(settings)
    from kyc_service.accounts import service as accounts

    with transaction(rt.session_factory) as session:
        user = accounts.create_user(session, rt.vault, CTX, "bench@staff.test", ["integration"])
        secret = accounts.issue_token(session, CTX, user, timedelta(hours=4))[1]
    client, headers = app.test_client(), {"Authorization": f"Bearer {secret}"}

    def send(items: list[dict[str, Any]]) -> Any:
        response = client.post("/api/v1/transactions", json={"events": items}, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        return response.json

    return send


def run(backend: str, url: str, workdir: Path, stream: DemoStream, seed: int,
        http: bool) -> Run:
    key_file = workdir / "keyring.json"
    create_key_file(key_file)
    settings = Settings(env="test", data_dir=workdir, database_url=url, key_file=key_file,
                        log_level="WARNING")
    rt = Runtime.from_settings(settings)
    upgrade(rt.engine)
    result = Run(backend)
    started = time.perf_counter()
    ids = demo.ensure_customers(rt.session_factory, CustomerService(rt.vault), CTX, stream, seed)
    result.customers_seconds = time.perf_counter() - started
    intake = TransactionIntake(rt.vault, MonitoringSettings())
    send = _http_sender(rt, settings) if http else None
    total = len(stream.events)
    checkpoints = {round(total * share / 1000) for share in (0.1, 0.25, 0.5, 0.75, 1.0)}
    result.memory.append((0, rss_mb()))
    for number, items in enumerate(demo.batches(stream, seed, 1000), start=1):
        began = time.perf_counter()
        if send is not None:
            body = send(items)
            stored, rejected = body["stored"], body["rejected"]
        else:
            with transaction(rt.session_factory) as session:
                outcome = intake.ingest(session, CTX, items)
            stored, rejected = len(outcome.stored), len(outcome.rejected)
        result.intake_seconds += time.perf_counter() - began
        result.events += len(items)
        result.stored += stored
        result.rejected += rejected
        if number in checkpoints:
            result.memory.append((result.events, rss_mb()))
    began = time.perf_counter()
    run_scheduled(rt.session_factory, CTX, intake.settings,
                  stream.events[-1].occurred_at + timedelta(days=1), 500)
    result.scheduled_seconds = time.perf_counter() - began
    with transaction(rt.session_factory) as session:
        result.score = demo.score(session, stream, ids)
    rt.engine.dispose()
    return result


def print_accuracy(result: Run) -> None:
    score = result.score
    assert score is not None
    print(f"\n### Detection through the service ({result.backend})\n")
    print("| rule | planted | alerted | recall | clean customers alerted by the rule |")
    print("|---|---:|---:|---:|---:|")
    for rule_id in RULE_IDS:
        print(f"| {rule_id} | {score.planted[rule_id]} | {score.found[rule_id]} "
              f"| {score.recall(rule_id):.1%} "
              f"| {score.clean_alerted_by_rule[rule_id] / score.clean:.2%} |")
    worst = min(score.recall(r) for r in RULE_IDS)
    print(f"\nLowest per-rule recall {worst:.1%} (target >= 95%); clean customers with any "
          f"alert {score.clean_alerted}/{score.clean} = {score.clean_share:.2%} (target < 2%).")


def print_speed(results: list[Run], via: str) -> None:
    print(f"\n### Intake throughput ({via}, batches of 1,000, one transaction each)\n")
    print("| backend | events | stored | rejected | intake time | events/s | customers "
          "created | scheduled pass |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r.backend} | {r.events:,} | {r.stored:,} | {r.rejected:,} "
              f"| {r.intake_seconds:.1f} s | {r.rate:,.0f} | {r.customers_seconds:.1f} s "
              f"| {r.scheduled_seconds:.1f} s |")
    print("\n### Resident memory of the intake process as history grows\n")
    print("| backend | " + " | ".join(f"after {n:,} events" for n, _ in results[0].memory)
          + " |")
    print("|---|" + "---:|" * len(results[0].memory))
    for r in results:
        print(f"| {r.backend} | " + " | ".join(f"{mb:.0f} MB" for _, mb in r.memory) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--planted-share", type=float, default=0.015)
    parser.add_argument("--http", action="store_true", help="send batches through the API")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    stream = generate_demo_stream(args.customers, seed=args.seed,
                                  planted_share=args.planted_share)
    print(f"Stream: {len(stream.events):,} events, {len(stream.names):,} customers, seed "
          f"{args.seed}, {len(stream.clean_customers()):,} clean.")
    results = []
    with tempfile.TemporaryDirectory(prefix="aml-bench-") as tmp:
        workdir = Path(tmp) / "sqlite"
        workdir.mkdir()
        results.append(run("SQLite", f"sqlite:///{workdir / 'kyc.sqlite3'}", workdir, stream,
                           args.seed, args.http))
        print_accuracy(results[0])
        if not args.skip_postgres:
            server = TemporaryPostgres()
            server.start()
            try:
                admin = create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")
                with admin.connect() as connection:
                    connection.execute(text("CREATE DATABASE aml_bench"))
                admin.dispose()
                workdir = Path(tmp) / "pg"
                workdir.mkdir()
                results.append(run("PostgreSQL", server.url("aml_bench"), workdir, stream,
                                   args.seed, args.http))
            finally:
                server.stop()
            print_accuracy(results[1])
    print_speed(results, "HTTP API, JSON" if args.http else "intake function")


if __name__ == "__main__":
    main()

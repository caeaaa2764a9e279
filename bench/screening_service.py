"""Screening as a service, end to end, on the embedded SQLite default (one process).

    .venv/bin/python bench/screening_service.py [--entries 100000] [--queries 1000]
        [--customers 10000] [--planted 0.01] [--seed 11] [--database-url URL]

1. Writes a synthetic list in the real UN consolidated XML format (the generator of
   `bench/screening_speed.py`) and imports it with `import_list_file`, as
   `kyc screening import` does (parse, store the compressed entries, activate, audit).
2. Times `POST /api/v1/screening/check` through the Flask test client (authentication,
   validation, screening, audit entry, commit): the first request after the import
   (which builds the index) and then median/p95 over many requests, half perturbed
   listed names, half ordinary Turkish names.
3. Times a cold index load from the database alone (a restarted process).
4. Creates customers through `CustomerService` in batches (a share of them carrying
   listed names), then times the re-screen of all of them (`rescreen_everyone`, as after
   an import). Prints Markdown tables; leaves no files behind.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from audits.trail import AuditContext
from bench.screening_speed import (
    TR_GIVEN,
    TR_SURNAMES,
    percentile,
    queries,
    typo,
    write_un_xml,
)
from cases.screening_store.cache import current_index
from cases.screening_store.commands import import_list_file
from cases.screening_store.service import rescreen_everyone
from cases.screening_store.settings import ScreeningServiceSettings
from kyc_service import create_app
from kyc_service.accounts import service as accounts
from kyc_service.cli_screening import customer_people
from kyc_service.config import Settings
from kyc_service.core.db import make_engine, make_session_factory, transaction
from kyc_service.core.keyfile import create_key_file
from kyc_service.core.migrate import upgrade
from kyc_service.customers.national_id import complete_turkish_national_id
from kyc_service.customers.service import CustomerService
from kyc_service.runtime import Runtime

CTX = AuditContext("bench", "system:cli", "bench")


def table(title: str, rows: list[tuple[str, str]]) -> None:
    print(f"\n**{title}**\n\n| step | result |\n|---|---|")
    for step, result in rows:
        print(f"| {step} | {result} |")


def customer_data(rng: random.Random, index: int, listed: list[list[str]] | None) -> dict:
    if listed is not None:  # a listed person, maybe with a typo, who became a customer
        parts = [typo(rng, p) if rng.random() < 0.3 else p for p in rng.choice(listed)]
        given, surname = " ".join(parts[:-1]) or parts[0], parts[-1]
    else:
        given = " ".join(rng.choice(TR_GIVEN) for _ in range(rng.choice((1, 1, 2))))
        surname = rng.choice(TR_SURNAMES)
    return {
        "external_ref": f"bench-{index:06d}", "given_names": given, "surname": surname,
        "birth_date": date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 50)),
        "national_id": complete_turkish_national_id(str(rng.randrange(10**8, 10**9))),
        "nationality": "TUR", "email": None, "phone": None, "address": None,
    }


def create_customers(rt: Runtime, rng: random.Random, count: int, planted: float,
                     listed: list[list[str]]) -> tuple[float, int]:
    service = CustomerService(rt.vault)  # no hooks: the re-screen below is what we time
    planted_count = 0
    started = time.perf_counter()
    for first in range(0, count, 1000):
        with transaction(rt.session_factory) as session:
            for index in range(first, min(first + 1000, count)):
                plant = rng.random() < planted
                planted_count += plant
                service.create(session, CTX, customer_data(rng, index, listed if plant else None))
    return time.perf_counter() - started, planted_count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--planted", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        create_key_file(root / "keys.json")
        settings = Settings(env="test", data_dir=root, key_file=root / "keys.json",
                            log_level="WARNING", database_url=args.database_url)
        app = create_app(settings)
        rt: Runtime = app.extensions["kyc"]
        upgrade(rt.engine)
        run(app, rt, args, rng, root)
        rt.engine.dispose()


def run(app, rt: Runtime, args: argparse.Namespace, rng: random.Random, root: Path) -> None:
    rows: list[tuple[str, str]] = []
    path = root / "un_consolidated.xml"
    started = time.perf_counter()
    listed = write_un_xml(path, args.entries, rng)
    rows.append(("list written (UN XML)", f"{args.entries:,} entries, "
                 f"{path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - started:.1f} s"))
    started, cpu = time.perf_counter(), time.process_time()
    result = import_list_file(rt.session_factory, CTX, path, "un-xml", "UN",
                              ScreeningServiceSettings())
    rows.append(("import_list_file (parse, store compressed entries, activate, audit)",
                 f"{result.entry_count:,} entries in {time.perf_counter() - started:.1f} s "
                 f"(CPU {time.process_time() - cpu:.1f} s)"))
    path.unlink()
    table("Import", rows)
    bench_checks(app, rt, args, rng, listed)
    bench_rescreen(rt, args, rng, listed)


def bench_checks(app, rt: Runtime, args: argparse.Namespace, rng: random.Random,
                 listed: list[list[str]]) -> None:
    with transaction(rt.session_factory) as session:
        user = accounts.create_user(session, rt.vault, CTX, "officer@bench.test",
                                    ["compliance_officer"])
        token = accounts.issue_token(session, CTX, user, timedelta(hours=2))[1]
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    rows = []
    started = time.perf_counter()
    first = client.post("/api/v1/screening/check", json={"name": "Ali Veli"}, headers=headers)
    assert first.status_code == 200, first.json
    rows.append(("first request after the import (builds the index)",
                 f"{time.perf_counter() - started:.1f} s"))
    timings: list[float] = []
    found = listed_queries = flagged = 0
    for name, expected in queries(rng, listed, args.queries):
        started = time.perf_counter()
        response = client.post("/api/v1/screening/check", json={"name": name}, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
        hits = {hit["entry_id"] for hit in response.json["hits"]}
        if expected is None:
            flagged += bool(hits)
        else:
            listed_queries += 1
            found += expected in hits
    rows.append((f"POST /api/v1/screening/check, {len(timings):,} requests (ms)",
                 f"median {statistics.median(timings):.1f}, p95 {percentile(timings, 0.95):.1f}, "
                 f"p99 {percentile(timings, 0.99):.1f}, max {max(timings):.1f}"))
    rows.append(("perturbed listed names: listed entry among the hits",
                 f"{found:,} of {listed_queries:,}"))
    rows.append(("ordinary Turkish names with any hit (no birth date)",
                 f"{flagged:,} of {len(timings) - listed_queries:,}"))
    restarted = make_engine(rt.settings.database_url)
    started = time.perf_counter()
    with make_session_factory(restarted)() as session:
        current_index(session)
    rows.append(("cold index load from the database (restarted process)",
                 f"{time.perf_counter() - started:.1f} s"))
    restarted.dispose()
    table(f"Officer check against {args.entries:,} entries", rows)


def bench_rescreen(rt: Runtime, args: argparse.Namespace, rng: random.Random,
                   listed: list[list[str]]) -> None:
    rows = []
    seconds, planted = create_customers(rt, rng, args.customers, args.planted, listed)
    rows.append((f"create {args.customers:,} customers (CustomerService, batches of 1,000)",
                 f"{seconds:.1f} s; {planted:,} carry listed names"))
    started, cpu = time.perf_counter(), time.process_time()
    report = rescreen_everyone(rt.session_factory, CTX, rt.vault, customer_people(rt.vault),
                               ScreeningServiceSettings().rescreen_batch_size)
    elapsed = time.perf_counter() - started
    rows.append((f"re-screen {report.customers:,} customers (decrypt, screen, store, audit)",
                 f"{elapsed:.1f} s ({report.customers / elapsed:,.0f} customers/s; "
                 f"CPU {time.process_time() - cpu:.1f} s)"))
    rows.append(("hits raised by the re-screen", f"{report.hits_raised:,}"))
    started = time.perf_counter()
    again = rescreen_everyone(rt.session_factory, CTX, rt.vault, customer_people(rt.vault),
                              ScreeningServiceSettings().rescreen_batch_size)
    rows.append(("second re-screen (nothing new to store)",
                 f"{time.perf_counter() - started:.1f} s; {again.hits_raised} new, "
                 f"{again.already_known:,} already known"))
    table("Re-screen after a list change", rows)
    print(f"\nLoad average at the end (2-core machine, shared): "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

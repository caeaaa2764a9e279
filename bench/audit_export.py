"""Export and offline verification of a large audit log (SQLite, one core per phase).

Generates N entries with the real hashing (canonical JSON leaf hashes, chained) through
direct Core inserts, publishes a checkpoint (builds the Merkle tiles), exports a signed
bundle (JSON Lines or CSV), and verifies it offline. Each phase runs in its own process
so its peak resident memory (getrusage ru_maxrss) is its own. Prints a Markdown table.

    .venv/bin/python bench/audit_export.py [--entries 1000000] [--format jsonl]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from audits.canonical import canonical_json, entry_document, leaf_hash
from audits.ddl import drop_statements, guard_statements
from audits.models import GENESIS_HASH, AuditEntry
from audits.signing import create_signing_key, load_signer

ACTIONS = ["customer:pii:read", "customer:record:create", "customer:record:update",
           "document:file:upload", "auth:access:deny", "customer:record:search"]


def cpu() -> float:
    return time.process_time()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def generate(url: str, count: int) -> dict[str, float]:
    from kyc_service.core.db import make_engine
    from kyc_service.core.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    started, cpu_started = time.perf_counter(), cpu()
    base = datetime(2026, 1, 1, tzinfo=UTC)
    prev, batch = GENESIS_HASH, []
    insert = AuditEntry.__table__.insert()
    with engine.begin() as connection:
        for statement in drop_statements("sqlite"):  # a bulk load, as a restore would do
            connection.execute(text(statement))
        for seq in range(1, count + 1):
            row = {
                "seq": seq, "occurred_at": base + timedelta(milliseconds=seq * 37),
                "actor_id": f"00000000-0000-4000-8000-{seq % 97:012d}",
                "actor_role": "compliance_officer", "action": ACTIONS[seq % len(ACTIONS)],
                "object_type": "customer", "object_id": f"c-{seq % 50_000}",
                "customer_ref": f"c-{seq % 50_000}", "request_id": f"req-{seq:08x}",
                "client_ip": "10.0.0.7", "outcome": "success", "purpose": "kyc_verification",
                "details": canonical_json({"fields": ["email", "surname"], "n": seq}),
                "prev_hash": prev,
            }
            row["entry_hash"] = prev = leaf_hash(entry_document(row))
            batch.append(row)
            if len(batch) == 20_000:
                connection.execute(insert, batch)
                batch = []
        if batch:
            connection.execute(insert, batch)
        connection.execute(text("UPDATE audit_head SET seq = :s, entry_hash = :h"),
                           {"s": count, "h": prev})
        for statement in guard_statements("sqlite"):
            connection.execute(text(statement))
    seconds = time.perf_counter() - started
    engine.dispose()
    return {"seconds": seconds, "cpu": cpu() - cpu_started, "peak_mb": peak_mb()}


def checkpoint(url: str, key: str) -> dict[str, float]:
    from audits.checkpoints import publish_checkpoint
    from kyc_service.core.db import make_engine, make_session_factory, transaction

    engine = make_engine(url)
    started, cpu_started = time.perf_counter(), cpu()
    with transaction(make_session_factory(engine)) as session:
        size = publish_checkpoint(session, load_signer(Path(key))).tree_size
    seconds = time.perf_counter() - started
    engine.dispose()
    return {"seconds": seconds, "cpu": cpu() - cpu_started, "peak_mb": peak_mb(),
            "tree_size": size}


def export(url: str, key: str, output: str, fmt: str) -> dict[str, float]:
    from audits.export_job import export_chunks, prepare_export
    from audits.search import AuditFilter
    from audits.trail import AuditContext
    from kyc_service.core.db import make_engine, make_session_factory, transaction

    engine = make_engine(url)
    signer = load_signer(Path(key))
    started, cpu_started = time.perf_counter(), cpu()
    with transaction(make_session_factory(engine)) as session:
        spec = prepare_export(session, signer, AuditContext("bench", "auditor"),
                              AuditFilter(), fmt)
    with open(output, "wb") as handle:
        for chunk in export_chunks(engine, spec, signer):
            handle.write(chunk)
    seconds = time.perf_counter() - started
    engine.dispose()
    return {"seconds": seconds, "cpu": cpu() - cpu_started, "peak_mb": peak_mb(),
            "bytes": Path(output).stat().st_size}


def verify(key: str, bundle: str) -> dict[str, float]:
    from audits.bundle_verify import verify_bundle

    public = load_signer(Path(key)).public_key
    started, cpu_started = time.perf_counter(), cpu()
    report = verify_bundle(Path(bundle), public)
    seconds = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"verification failed: {report}")
    return {"seconds": seconds, "cpu": cpu() - cpu_started, "peak_mb": peak_mb(),
            "count": report.count}


def phase(*args: str) -> dict[str, float]:
    output = subprocess.run([sys.executable, __file__, "--phase", *args],
                            capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    parser.add_argument("--phase", nargs="+")
    args = parser.parse_args()
    if args.phase:
        name, *rest = args.phase
        functions = {"generate": lambda: generate(rest[0], int(rest[1])),
                     "checkpoint": lambda: checkpoint(rest[0], rest[1]),
                     "export": lambda: export(rest[0], rest[1], rest[2], rest[3]),
                     "verify": lambda: verify(rest[0], rest[1])}
        print(json.dumps(functions[name]()))
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        key = f"{tmp}/audit-signing.json"
        bundle = f"{tmp}/export.zip"
        create_signing_key(Path(key), "bench.example/audit")
        results = {
            "generate + insert": phase("generate", url, str(args.entries)),
            "checkpoint (Merkle tiles)": phase("checkpoint", url, key),
            f"export bundle ({args.format})": phase("export", url, key, bundle, args.format),
            "verify bundle offline": phase("verify", key, bundle),
        }
    print(f"\n{args.entries:,} audit entries, SQLite, one process per phase\n")
    print("| phase | wall s | CPU s | peak RSS (MB) | notes |")
    print("|---|---:|---:|---:|---|")
    for name, result in results.items():
        note = ""
        if "bytes" in result:
            note = f"bundle {result['bytes'] / 1e6:,.0f} MB"
        if "count" in result:
            note = f"{result['count']:,} entries verified"
        print(f"| {name} | {result['seconds']:.1f} | {result['cpu']:.1f} "
              f"| {result['peak_mb']:.0f} | {note} |")


if __name__ == "__main__":
    main()

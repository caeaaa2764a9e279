"""Officers' queue and case API with 10,000 open cases and 200,000 alerts (embedded SQLite).

Data: `--real` customers are created through `CustomerService` (encrypted, audited); the
rest of the 10,000 subjects are bulk-inserted Core rows that reuse one real customer's
key and ciphertexts under fresh ids and blind indexes (queues never decrypt, and case
pages are only timed on real customers). Cases and alerts are bulk-inserted with the
values the real code computes: priority and due date from `CaseSettings`, alert evidence
in the `AlertWriter` document shape, one `case_alerts` row per alert. Then, through the
Flask test client: the queue page (signed-in officer; a manager's page adds the bulk
checkboxes), `GET /api/v1/cases` and
`GET /api/v1/cases/{id}`; prints median and p95 as a Markdown table (target <= 200 ms).

    .venv/bin/python bench/case_queues.py [--cases 10000] [--alerts-per-case 20] [--runs 30]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask.testing import FlaskClient
from sqlalchemy import insert

from audits.trail import AuditContext
from cases.alerts.models import Alert
from cases.casework.models import Case, CaseAlert
from cases.casework.settings import CaseSettings
from kyc_service import create_app
from kyc_service.accounts import service as accounts
from kyc_service.config import Settings
from kyc_service.core.db import transaction, utcnow
from kyc_service.core.keyfile import create_key_file
from kyc_service.core.migrate import upgrade
from kyc_service.customers.models import Customer
from kyc_service.runtime import Runtime
from tests.support.factories import customer_payload
from tests.web.support import signed_in_client

CTX = AuditContext("bench", "integration", "bench")
STATUSES = ("open", "open", "in_review", "pending_info", "escalated")
CHUNK = 5_000


def real_customers(rt: Runtime, count: int) -> list[str]:
    ids = []
    with transaction(rt.session_factory) as session:
        for index in range(count):
            ids.append(rt.customers.create(session, CTX, customer_payload(index)).id)
    return ids


def cloned_customers(rt: Runtime, template_id: str, count: int) -> list[str]:
    """Rows like the template (its key and ciphertexts) under new ids and blind indexes."""
    with rt.session_factory() as session:
        template = session.get_one(Customer, template_id)
        columns = {c.key: getattr(template, c.key) for c in Customer.__table__.columns}
    rows = []
    for _ in range(count):
        row = dict(columns, id=str(uuid.uuid4()), external_ref_bidx=uuid.uuid4().hex * 2,
                   national_id_bidx=None, email_bidx=None, phone_bidx=None)
        rows.append(row)
    with transaction(rt.session_factory) as session:
        for start in range(0, len(rows), CHUNK):
            session.execute(insert(Customer), rows[start:start + CHUNK])
    return [row["id"] for row in rows]


def evidence(code: str, score: int, at: Any) -> str:
    hit = {"at": at.isoformat(), "score": score, "version": 1, "settings_version": 1,
           "transaction_ids": [f"tx-{uuid.uuid4().hex[:12]}"],
           "evidence": {"amount": "9900.00", "count": 3}, "explanation": None,
           "message_key": code}
    return json.dumps({"hits": [hit], "dropped": 0}, sort_keys=True, separators=(",", ":"))


def cases_and_alerts(rt: Runtime, customers: list[str], per_case: int,
                     officers: list[str]) -> list[str]:
    settings, rng, now = CaseSettings(), random.Random(6), utcnow()
    cases, alerts, links = [], [], []
    for customer_id in customers:
        opened = now - timedelta(hours=rng.randrange(1, 24 * 30))
        scores = [rng.randrange(10, 100) for _ in range(per_case)]
        priority = settings.priority_for(max(scores))
        status = rng.choice(STATUSES)
        case_id = str(uuid.uuid4())
        cases.append({
            "id": case_id, "customer_id": customer_id, "status": status,
            "priority": priority, "risk_score": max(scores), "origin": "alerts",
            "assignee_id": None if status == "open" else rng.choice(officers),
            "opened_by": None, "opened_at": opened,
            "due_at": settings.due_at(priority, opened),
            "paused_at": opened + timedelta(hours=1) if status == "pending_info" else None,
            "escalated_at": opened + timedelta(hours=2) if status == "escalated" else None,
            "reopened_count": 0, "version": 1, "updated_at": opened})
        for index, score in enumerate(scores):
            alert_id, code = str(uuid.uuid4()), f"rule_{index:02d}"
            seen = opened + timedelta(minutes=index)
            alerts.append({
                "id": alert_id, "customer_id": customer_id, "source": "rule", "code": code,
                "rule_version": 1, "settings_version": 1, "status": "open", "score": score,
                "peak_score": score, "hit_count": 1, "first_seen_at": seen,
                "last_seen_at": seen, "evidence_json": evidence(code, score, seen),
                "created_at": seen, "updated_at": seen})
            links.append({"alert_id": alert_id, "case_id": case_id, "attached_at": seen})
    with transaction(rt.session_factory) as session:
        for table, rows in ((Case, cases), (Alert, alerts), (CaseAlert, links)):
            for start in range(0, len(rows), CHUNK):
                session.execute(insert(table), rows[start:start + CHUNK])
    return [row["id"] for row in cases]


def timed(client: FlaskClient, paths: Callable[[int], str], runs: int,
          headers: dict[str, str] | None = None) -> tuple[float, float]:
    for warm in range(3):
        assert client.get(paths(warm), headers=headers).status_code == 200
    samples = []
    for index in range(runs):
        started = time.perf_counter()
        response = client.get(paths(index), headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    samples.sort()
    return statistics.median(samples), samples[max(0, round(0.95 * len(samples)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--alerts-per-case", type=int, default=20)
    parser.add_argument("--real", type=int, default=50)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        create_key_file(root / "keys.json")
        settings = Settings(env="test", data_dir=root, key_file=root / "keys.json",
                            log_level="WARNING")
        app = create_app(settings)
        rt: Runtime = app.extensions["kyc"]
        upgrade(rt.engine)
        started = time.perf_counter()
        real = real_customers(rt, args.real)
        customers = real + cloned_customers(rt, real[0], args.cases - len(real))
        officer_client = signed_in_client(app.test_client(), rt, "compliance_officer")
        manager_client = signed_in_client(app.test_client(), rt, "compliance_manager")
        with transaction(rt.session_factory) as session:
            user = accounts.create_user(session, rt.vault, CTX, "bench-officer@staff.test",
                                        ["compliance_officer"])
            token = accounts.issue_token(session, CTX, user, timedelta(days=1))[1]
            officers = [str(uuid.uuid4()) for _ in range(19)] + [user.id]
        case_ids = cases_and_alerts(rt, customers, args.alerts_per_case, officers)
        setup = time.perf_counter() - started
        real_cases = case_ids[:len(real)]
        headers = {"Authorization": f"Bearer {token}"}
        api = app.test_client()
        rows = [
            ("queue page `/cases` (unassigned, by due date)",
             timed(officer_client, lambda i: f"/cases?page={1 + i % 5}", args.runs)),
            ("queue page `/cases?queue=all&sort=priority`",
             timed(officer_client, lambda i: "/cases?queue=all&sort=priority", args.runs)),
            ("manager's queue page `/cases?queue=all` (bulk actions)",
             timed(manager_client, lambda i: f"/cases?queue=all&page={1 + i % 5}", args.runs)),
            ("`GET /api/v1/cases?queue=unassigned`",
             timed(api, lambda i: f"/api/v1/cases?queue=unassigned&page={1 + i % 5}",
                   args.runs, headers)),
            ("`GET /api/v1/cases/{id}` (20 alerts)",
             timed(api, lambda i: f"/api/v1/cases/{real_cases[i % len(real_cases)]}",
                   args.runs, headers)),
            ("case page `/cases/{id}`",
             timed(officer_client, lambda i: f"/cases/{real_cases[i % len(real_cases)]}",
                   args.runs)),
        ]
    print(f"\n{args.cases:,} open cases, {args.cases * args.alerts_per_case:,} alerts, "
          f"SQLite, {args.runs} runs each (setup {setup:.0f} s)\n")
    print("| request | median ms | p95 ms |\n|---|---:|---:|")
    for name, (median, p95) in rows:
        print(f"| {name} | {median:.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()

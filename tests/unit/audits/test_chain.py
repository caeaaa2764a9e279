"""The audit trail is append-only, hash-chained, and verification names the first bad entry."""

from __future__ import annotations

import itertools
import multiprocessing
import threading
from collections import Counter

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from audits.canonical import canonical_json, entry_document, leaf_hash
from audits.models import AuditEntry
from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from audits.verify import verify_chain
from kyc_service.cli import cli
from kyc_service.core.db import transaction
from tests.support.audit_workers import append_entries
from tests.support.db import without_audit_guards

CTX = AuditContext("user-1", "compliance_officer", "req-1", "127.0.0.1")


def append(rt, count: int) -> None:
    for index in range(count):
        with transaction(rt.session_factory) as session:
            record(session, CTX, AuditEvent(AuditAction.CUSTOMER_PII_READ, object_type="customer",
                                            object_id=f"c-{index}", purpose="kyc_verification",
                                            details={"fields": ["surname"], "n": index}))


def verify(rt):
    with rt.session_factory() as session:
        return verify_chain(session)


def run_cli_verify(app) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["audit", "verify"], obj=_script_info(app))
    return result.exit_code, result.output


def _script_info(app):
    from flask.cli import ScriptInfo

    return ScriptInfo(create_app=lambda: app)


def test_entries_link_and_verify(rt, app):
    append(rt, 20)
    report = verify(rt)
    assert report.ok and report.entries_checked == 20 and report.head_seq == 20
    with rt.session_factory() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    assert [e.seq for e in entries] == list(range(1, 21))
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.entry_hash
    code, output = run_cli_verify(app)
    assert code == 0 and "OK: 20 entries" in output


def test_leaf_hash_is_rfc6962_style_over_canonical_json(rt):
    append(rt, 1)
    with rt.engine.connect() as connection:
        row = connection.execute(select(AuditEntry.__table__)).mappings().one()
    import hashlib

    document = entry_document(row)
    expected = hashlib.sha256(b"\x00" + canonical_json(document).encode()).hexdigest()
    assert row["entry_hash"] == expected == leaf_hash(document)
    assert canonical_json({"b": 1, "a": [1, "ş"]}) == '{"a":[1,"ş"],"b":1}'
    with pytest.raises(TypeError):
        canonical_json({"amount": 1.5})


def test_database_refuses_update_and_delete(rt):
    append(rt, 3)
    for statement in ("UPDATE audit_entries SET outcome = 'denied' WHERE seq = 2",
                      "DELETE FROM audit_entries WHERE seq = 3",
                      "UPDATE audit_head SET seq = 1",
                      "DELETE FROM audit_head"):
        with pytest.raises(DBAPIError), rt.engine.begin() as connection:
            connection.execute(text(statement))
    assert verify(rt).ok


def test_database_refuses_an_entry_that_does_not_extend_the_head(rt):
    append(rt, 2)
    with rt.engine.connect() as connection:
        row = dict(connection.execute(
            select(AuditEntry.__table__).where(AuditEntry.seq == 2)).mappings().one())
    row.update(seq=7, prev_hash="f" * 64, entry_hash="e" * 64)
    with pytest.raises(DBAPIError), rt.engine.begin() as connection:
        connection.execute(AuditEntry.__table__.insert().values(**row))


def test_tampered_row_is_named_by_sequence_number(rt, app):
    append(rt, 10)
    without_audit_guards(rt.engine, "UPDATE audit_entries SET purpose = 'aml_investigation' "
                                    "WHERE seq = 7")
    report = verify(rt)
    assert not report.ok and report.first_bad_seq == 7
    code, output = run_cli_verify(app)
    assert code == 1 and "BROKEN at entry 7" in output


def test_deleting_the_last_row_is_reported(rt, app):
    append(rt, 5)
    without_audit_guards(rt.engine, "DELETE FROM audit_entries WHERE seq = 5")
    report = verify(rt)
    assert not report.ok and report.first_bad_seq == 5
    code, output = run_cli_verify(app)
    assert code == 1 and "entry 5" in output


def test_deleting_a_middle_row_is_reported(rt):
    append(rt, 6)
    without_audit_guards(rt.engine, "DELETE FROM audit_entries WHERE seq = 3")
    report = verify(rt)
    assert (report.ok, report.first_bad_seq) == (False, 3)


def test_audit_verify_endpoint_for_auditors(rt, client, auth):
    append(rt, 4)
    response = client.get("/api/v1/audit/verify", headers=auth("auditor"))
    assert response.status_code == 200
    assert response.json["ok"] is True and response.json["entries_checked"] >= 4
    without_audit_guards(rt.engine, "UPDATE audit_entries SET actor_role = 'admin' "
                                    "WHERE seq = 2")
    response = client.get("/api/v1/audit/verify", headers=auth("auditor"))
    assert response.json["ok"] is False and response.json["first_bad_seq"] == 2


def test_threads_share_one_linear_chain(rt):
    def worker() -> None:
        append(rt, 50)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = verify(rt)
    assert report.ok and report.entries_checked == 200


@pytest.mark.slow
def test_eight_processes_appending_a_thousand_each_leave_one_valid_chain(rt, database_url):
    rt.engine.dispose()
    context = multiprocessing.get_context("spawn")
    with context.Pool(8) as pool:
        counts = pool.starmap(append_entries, [(database_url, w, 1000) for w in range(8)])
    assert counts == [1000] * 8
    report = verify(rt)
    assert report.ok, report
    assert report.entries_checked == report.head_seq == 8000
    with rt.session_factory() as session:
        actors = Counter(session.scalars(select(AuditEntry.actor_id)))
    assert actors == {f"worker-{w}": 1000 for w in range(8)}

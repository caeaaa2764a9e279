"""Data-subject requests end to end: access export, rectification, erasure with AML
retention, legal holds, periodic destruction and its report."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import select

from audits.models import AuditEntry
from audits.trail import AuditContext
from audits.verify import verify_chain
from kyc_service.cli import cli
from kyc_service.core.crypto import FieldCipher
from kyc_service.core.datakeys import DataKey
from kyc_service.core.db import transaction
from kyc_service.core.errors import IntegrityFailure
from kyc_service.customers.models import Customer
from kyc_service.documents.models import Document, DocumentStatus
from kyc_service.privacy import retention
from kyc_service.privacy.models import PrivacySubject
from kyc_service.privacy.wiring import privacy_deps
from kyc_service.schema import all_metadata
from tests.support.aml_events import deposit
from tests.support.uploads import multipart, photo

URL = "/api/v1/privacy"


@pytest.fixture
def officer(auth):
    return auth("compliance_officer")


@pytest.fixture
def subject(client, auth, make_customer, rt):
    """A customer with a transaction (payer name), an accepted and a refused document."""
    customer = make_customer(surname="Yıldırımoğlu", email="erase.me@example.org")
    event = deposit(customer["external_ref"], "150.00", payer_name="Ayşe Yıldırımoğlu")
    stored = client.post("/api/v1/transactions", json={"events": [event]},
                         headers=auth("integration"))
    assert stored.status_code == 200 and stored.json["stored"] == 1, stored.json
    ids = []
    for side in ("front", "back"):
        response = client.post(f"/api/v1/customers/{customer['id']}/documents",
                               data=multipart(photo("id_card", side), "id_card", side),
                               headers=auth("agent"), content_type="multipart/form-data")
        assert response.status_code in (201, 202), response.json
        ids.append(response.json["id"])
    with transaction(rt.session_factory) as session:  # as if the pipeline had decided
        session.get(Document, ids[0]).status = DocumentStatus.ACCEPTED
        session.get(Document, ids[1]).status = DocumentStatus.REJECTED
    return {**customer, "accepted": ids[0], "refused": ids[1]}


def request(client, headers, customer_id, kind, **extra):
    return client.post(f"{URL}/requests", json={"customer_id": customer_id, "kind": kind,
                                               **extra}, headers=headers)


def ciphertexts(rt, key_id: str) -> list[tuple[str, str, bytes]]:
    """Every sealed value in the database whose header names this data key."""
    found = []
    marker = bytes([1]) + uuid.UUID(key_id).bytes
    with rt.engine.connect() as connection:
        for table in all_metadata().sorted_tables:
            for column in (c for c in table.columns if c.name.endswith("_enc")):
                for (value,) in connection.execute(select(column).where(column.is_not(None))):
                    if bytes(value).startswith(marker):
                        found.append((table.name, column.name, bytes(value)))
    return found


def stored_blobs(rt) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in Path(rt.settings.storage_dir).rglob("*")
            if p.is_file()}


def test_access_export_holds_everything_decrypted_and_is_audited(client, auth, officer, subject,
                                                                 rt):
    created = request(client, officer, subject["id"], "access")
    assert created.status_code == 201, created.json
    body = created.json
    assert body["status"] == "open" and not body["overdue"]
    due = datetime.fromisoformat(body["due_at"]) - datetime.fromisoformat(body["received_at"])
    assert due == timedelta(days=30)
    response = client.get(f"{URL}/requests/{body['id']}/export", headers=officer)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))
    assert data["data"]["customers"]["customer"]["surname"] == "Yıldırımoğlu"
    assert data["data"]["customers"]["customer"]["email"] == "erase.me@example.org"
    [tx] = data["data"]["aml_monitoring"]["transactions"]
    assert tx["payer_name"] == "Ayşe Yıldırımoğlu" and Decimal(tx["amount"]) == 150
    images = [n for n in archive.namelist() if n.startswith("documents/")]
    assert len(images) == 2
    assert photo("id_card", "front") in {archive.read(n) for n in images}
    assert "alerts" not in data["data"] and "screening" not in data["data"]  # tipping-off
    assert client.get(f"{URL}/requests/{body['id']}", headers=officer).json["status"] == \
        "completed"
    with rt.session_factory() as session:
        actions = set(session.scalars(select(AuditEntry.action).where(
            AuditEntry.customer_ref == subject["id"])))
    assert {"privacy:request:create", "privacy:export:read"} <= actions
    assert client.get(f"{URL}/requests/{body['id']}/export").status_code == 401
    assert client.get(f"{URL}/requests/{body['id']}/export",
                      headers=auth("agent")).status_code == 404


def test_rectification_goes_through_the_customer_service(client, officer, subject, rt):
    response = request(client, officer, subject["id"], "rectification",
                       changes={"surname": "Kaya"})
    assert response.status_code == 201 and response.json["status"] == "completed"
    assert response.json["result"] == {"fields": ["surname"]}
    view = client.get(f"/api/v1/customers/{subject['id']}", headers=officer).json
    assert view["surname"] == "Kaya"
    bad = request(client, officer, subject["id"], "rectification", changes={"kyc_status": "x"})
    assert bad.status_code == 422


def test_erasure_shreds_the_key_keeps_aml_records_restricted_and_the_chain_verifies(
        client, officer, subject, rt):
    with rt.session_factory() as session:
        old_key_id = session.get(Customer, subject["id"]).data_key_id
    before_db = ciphertexts(rt, old_key_id)
    before_blobs = stored_blobs(rt)
    assert len(before_db) >= 5 and len(before_blobs) >= 2

    response = request(client, officer, subject["id"], "erasure", jurisdiction="EU")
    assert response.status_code == 201, response.json
    result = response.json["result"]
    assert response.json["status"] == "completed" and result["shredded"]
    assert result["retained"]["financial transactions"] == 1
    assert result["retained"]["identity document images"] == 1

    # (1) the customer's own key is gone: nothing sealed with it opens, anywhere.
    with rt.session_factory() as session:
        old_key = session.get(DataKey, old_key_id)
        assert old_key.wrapped_key is None and old_key.destroyed_at is not None
        with pytest.raises(IntegrityFailure):
            rt.vault.data_keys.open(old_key)
        subject_row = session.get(PrivacySubject, subject["id"])
        assert subject_row.retain_until.year == subject_row.restricted_at.year + 5
    assert ciphertexts(rt, old_key_id) == []
    after_blobs = stored_blobs(rt)
    assert not set(before_blobs) & set(after_blobs)  # every old blob deleted or replaced
    assert not {b for b in before_blobs.values()} & set(after_blobs.values())

    # (2) normal flows refuse the customer; lists show an empty record.
    for path in (f"/api/v1/customers/{subject['id']}",
                 f"/api/v1/customers/{subject['id']}/documents",
                 f"/api/v1/documents/{subject['accepted']}"):
        refused = client.get(path, headers=officer)
        assert refused.status_code == 410 and refused.json["code"] == "customer_restricted"
    listed = client.get(f"/api/v1/customers?external_ref={subject['external_ref']}",
                        headers=officer).json["items"]
    assert [item["surname"] for item in listed] == [None]

    # (3) the retained AML records stay readable, restricted to compliance, audited.
    view = client.get(f"{URL}/subjects/{subject['id']}", headers=officer)
    assert view.status_code == 200, view.json
    assert view.json["identity"]["customer"]["surname"] == "Yıldırımoğlu"
    assert "email" not in view.json["identity"]["customer"]
    assert view.json["transactions"][0]["payer_name"] == "Ayşe Yıldırımoğlu"
    assert [d["id"] for d in view.json["documents"]] == [subject["accepted"]]
    with rt.session_factory() as session:
        document = session.get(Document, subject["accepted"])
        retention_key = session.get(DataKey, session.get(PrivacySubject, subject["id"])
                                    .retention_key_id)
        cipher = FieldCipher(rt.vault.data_keys.open(retention_key), retention_key.id,
                             "documents", document.id)
        assert cipher.open_bytes("original", rt.storage.get(document.original_key)) == \
            photo("id_card", "front")
        assert session.get(Document, subject["refused"]) is None

    # (4) the audit trail never held the values and still verifies.
    with rt.session_factory() as session:
        assert verify_chain(session).ok
        details = " ".join(session.scalars(select(AuditEntry.details)))
    assert "Yıldırımoğlu" not in details and "erase.me" not in details
    again = request(client, officer, subject["id"], "erasure")
    assert again.status_code == 409


def test_a_legal_hold_blocks_shredding_until_released(client, auth, officer, subject, rt):
    manager = auth("compliance_manager")
    hold = client.post(f"{URL}/holds", json={"customer_id": subject["id"],
                                             "reason_code": "masak_investigation"},
                       headers=manager)
    assert hold.status_code == 201, hold.json
    erased = request(client, officer, subject["id"], "erasure")
    assert erased.json["status"] == "blocked_by_legal_hold"
    assert client.get(f"/api/v1/customers/{subject['id']}", headers=officer).status_code == 410
    deps = privacy_deps(rt)
    with transaction(rt.session_factory) as session:
        key = session.get(Customer, subject["id"]).data_key
        assert key.wrapped_key is not None
        assert retention.destroy_expired(session, AuditContext.system(), deps
                                         ).erasures_completed == 0
    released = client.post(f"{URL}/holds/{hold.json['id']}/release", headers=manager)
    assert released.status_code == 200 and released.json["released_at"]
    with transaction(rt.session_factory) as session:
        summary = retention.destroy_expired(session, AuditContext.system(), deps)
    assert summary.erasures_completed == 1
    status = client.get(f"{URL}/requests/{erased.json['id']}", headers=officer).json
    assert status["status"] == "completed" and status["result"]["shredded"]
    with rt.session_factory() as session:
        assert session.get(DataKey, key.id).wrapped_key is None


def test_retention_end_destroys_everything_and_is_reported(client, officer, subject, rt):
    ended = (datetime.now(UTC) - timedelta(days=366 * 9)).isoformat()
    erased = request(client, officer, subject["id"], "erasure", relationship_ended_at=ended)
    assert erased.status_code == 201 and erased.json["result"]["shredded"]
    deps = privacy_deps(rt)
    with transaction(rt.session_factory) as session:
        summary = retention.destroy_expired(session, AuditContext.system(), deps)
        assert summary.subjects_destroyed == 1
        assert not retention.is_due(session, deps)
    with rt.session_factory() as session:
        row = session.get(PrivacySubject, subject["id"])
        assert row.destroyed_at is not None and row.retained_identity_enc is None
        assert session.get(DataKey, row.retention_key_id).wrapped_key is None
        assert session.scalars(select(Document).where(
            Document.customer_id == subject["id"])).all() == []
        assert verify_chain(session).ok
        report = retention.destruction_report(session)
    view = client.get(f"{URL}/subjects/{subject['id']}", headers=officer).json
    assert view["identity"] is None and view["destroyed"]
    assert Decimal(view["transactions"][0]["amount"]) == 150  # anonymous figures remain
    assert "payer_name" not in view["transactions"][0]
    assert stored_blobs(rt) == {}
    triggers = {(r["trigger"], r["method"]) for r in report["records"]}
    assert ("erasure_request", "crypto_shred") in triggers
    assert ("retention_expired", "crypto_shred") in triggers
    assert report["totals_by_category"]["identity document images"] == 1
    assert all(r["legal_basis"] for r in report["records"])
    lines = retention.report_csv(report).splitlines()
    assert lines[0].startswith("run_id,occurred_at,trigger") and len(lines) == 1 + len(
        report["records"])


def test_cli_records_and_report(app, rt):
    def invoke(*args: str):
        return CliRunner().invoke(cli, ["privacy", *args],
                                  obj=ScriptInfo(create_app=lambda: app))

    records = invoke("records", "--format", "json")
    assert records.exit_code == 0, records.output
    assert "customers" in {a["table"] for a in json.loads(records.output)["activities"]}
    csv_out = invoke("records", "--format", "csv")
    assert csv_out.output.startswith("table,data_subjects")
    run = invoke("destroy-expired")
    assert run.exit_code == 0 and json.loads(run.output)["subjects_destroyed"] == 0
    report = invoke("report", "--format", "csv")
    assert report.exit_code == 0 and report.output.startswith("run_id,")

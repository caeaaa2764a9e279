"""Evidence files on cases through the API: upload, list, download (each audited), type
sniffing, size limit, closed cases, agents, failed commits, erasure and destruction."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from audits.models import AuditEntry
from audits.trail import AuditContext
from cases.casework.attachment_models import CaseAttachment
from cases.casework.models import Case
from kyc_service.api.cases import settings as case_settings
from kyc_service.core.db import transaction
from kyc_service.privacy import retention
from kyc_service.privacy.wiring import privacy_deps
from tests.support.cases import case_from_alert
from tests.unit.cases.test_attachments import image_bytes, pdf_bytes

STATEMENT = "Hesap dökümü: Ayşe Yılmaz, TR33 0006 1005 1978 6457 8413 26\n".encode()
NAME = "ayse-yilmaz-dokum.csv"


@pytest.fixture
def officer(auth):
    return auth("compliance_officer")


@pytest.fixture
def case(rt, make_customer):
    customer = make_customer()
    return {"id": case_from_alert(rt, customer["id"]), "customer_id": customer["id"]}


@pytest.fixture
def small_limit(monkeypatch):
    """A 4 KB attachment limit (the setting is read once per process, so reset it)."""
    monkeypatch.setenv("KYC_CASE_ATTACHMENT_MAX_BYTES", "4096")
    case_settings.cache_clear()
    yield 4096
    case_settings.cache_clear()


def url(case_id, *rest):
    return "/".join([f"/api/v1/cases/{case_id}/attachments", *rest])


def upload(client, headers, case_id, data, name=NAME, description=None,
           client_type="application/octet-stream"):
    form = {"file": (io.BytesIO(data), name, client_type)}
    if description is not None:
        form["description"] = description
    return client.post(url(case_id), data=form, headers=headers,
                       content_type="multipart/form-data")


def blobs(rt) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in Path(rt.settings.storage_dir).rglob("*")
            if p.is_file()}


def rows(rt) -> int:
    with rt.session_factory() as session:
        return session.scalar(select(func.count()).select_from(CaseAttachment))


def audit_count(rt, case_id, action) -> int:
    with rt.session_factory() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.object_id == case_id, AuditEntry.action == action))


def test_upload_list_download_round_trip_with_every_read_audited(client, officer, case, rt):
    created = upload(client, officer, case["id"], STATEMENT, description="From Ziraat",
                     client_type="application/x-msdownload")
    assert created.status_code == 201, created.json
    attachment = created.json
    assert attachment["media_type"] == "text/plain"  # from the bytes, not the client
    assert attachment["file_name"] == NAME and attachment["size_bytes"] == len(STATEMENT)

    [stored] = blobs(rt).values()  # sealed: neither the content nor the name at rest
    assert "Yılmaz".encode() not in stored and b"TR33" not in stored and b"ayse" not in stored
    with rt.engine.connect() as connection:
        row = connection.execute(select(CaseAttachment.__table__)).one()
    at_rest = b"".join(v if isinstance(v, bytes) else str(v).encode() for v in row)
    assert b"ayse" not in at_rest and b"Ziraat" not in at_rest and b"TR33" not in at_rest

    for round_ in (1, 2):
        listed = client.get(url(case["id"]), headers=officer)
        assert listed.status_code == 200
        assert [(a["id"], a["file_name"], a["description"]) for a in listed.json["items"]] \
            == [(attachment["id"], NAME, "From Ziraat")]
        assert audit_count(rt, case["id"], "case:attachment:read") == round_
        response = client.get(url(case["id"], attachment["id"]), headers=officer)
        assert response.status_code == 200 and response.data == STATEMENT
        assert audit_count(rt, case["id"], "case:attachment:download") == round_
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert NAME in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "text/plain" and response.mimetype_params["charset"] == "utf-8"

    detail = client.get(f"/api/v1/cases/{case['id']}", headers=officer).json
    assert [a["file_name"] for a in detail["attachments"]] == [NAME]
    assert any(e["kind"] == "attachment_added" and e["details"]["attachment_id"] ==
               attachment["id"] for e in detail["timeline"])
    assert "case:attachment:add" in [e["action"] for e in detail["audit_history"]]
    with rt.session_factory() as session:
        details = " ".join(session.scalars(select(AuditEntry.details)))
    assert "ayse" not in details and "Ziraat" not in details


def test_pdf_and_images_are_accepted_disguised_archives_are_not(client, officer, case, rt):
    for data, kind in ((pdf_bytes(), "application/pdf"), (image_bytes("PNG"), "image/png"),
                       (image_bytes("JPEG"), "image/jpeg")):
        response = upload(client, officer, case["id"], data, name="evidence")
        assert response.status_code == 201 and response.json["media_type"] == kind
    zip_as_pdf = b"PK\x03\x04\x14\x00\x08\x00" + bytes(range(256)) * 4
    refused = upload(client, officer, case["id"], zip_as_pdf, name="statement.pdf",
                     client_type="application/pdf")
    assert refused.status_code == 415 and refused.json["code"] == "attachment_type_unsupported"
    empty = upload(client, officer, case["id"], b"", name="empty.txt")
    assert empty.status_code == 422 and empty.json["code"] == "attachment_empty"
    assert rows(rt) == 3 and len(blobs(rt)) == 3
    download = client.get(url(case["id"], client.get(url(case["id"]), headers=officer)
                              .json["items"][0]["id"]), headers=officer)
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].endswith('filename=evidence.pdf')


def test_too_large_files_are_refused_and_nothing_is_stored(client, officer, case, rt,
                                                           small_limit):
    over = upload(client, officer, case["id"], b"a" * (small_limit + 1), name="big.txt")
    assert over.status_code == 413 and over.json["code"] == "attachment_too_large"
    body = b"a" * (small_limit + 128 * 1024)  # larger than the whole request may be
    huge = upload(client, officer, case["id"], body, name="huge.txt")
    assert huge.status_code == 413
    assert rows(rt) == 0 and blobs(rt) == {}
    assert upload(client, officer, case["id"], b"a" * small_limit).status_code == 201


def test_closed_cases_refuse_attachments(client, officer, case, rt):
    with transaction(rt.session_factory) as session:
        session.get(Case, case["id"]).status = "closed"
    refused = upload(client, officer, case["id"], STATEMENT)
    assert refused.status_code == 409 and refused.json["code"] == "attachment_case_closed"
    assert refused.json["case_status"] == "closed"
    assert rows(rt) == 0 and blobs(rt) == {}


def test_agents_and_auditors_never_see_attachments(client, auth, officer, case):
    attachment = upload(client, officer, case["id"], STATEMENT).json
    for role in ("agent", "auditor"):
        headers = auth(role)
        assert upload(client, headers, case["id"], b"note\n").status_code == 404
        assert client.get(url(case["id"]), headers=headers).status_code == 404
        assert client.get(url(case["id"], attachment["id"]),
                          headers=headers).status_code == 404
    other = client.get(url("00000000-0000-0000-0000-000000000000", attachment["id"]),
                       headers=officer)
    assert other.status_code == 404


def test_a_failed_commit_leaves_no_orphan_blob(app, client, officer, case, rt):
    def refuse(_session):
        raise RuntimeError("the database refused the commit")

    event.listen(rt.session_factory, "before_commit", refuse)
    try:
        app.config["PROPAGATE_EXCEPTIONS"] = False
        response = upload(client, officer, case["id"], STATEMENT)
    finally:
        event.remove(rt.session_factory, "before_commit", refuse)
    assert response.status_code == 500
    assert rows(rt) == 0 and blobs(rt) == {}


def test_erasure_reseals_files_and_retention_end_deletes_them(client, officer, case, rt):
    attachment = upload(client, officer, case["id"], STATEMENT, description="Ziraat").json
    before = blobs(rt)
    ended = (datetime.now(UTC) - timedelta(days=366 * 9)).isoformat()
    erased = client.post("/api/v1/privacy/requests", headers=officer, json={
        "customer_id": case["customer_id"], "kind": "erasure",
        "relationship_ended_at": ended})
    assert erased.status_code == 201, erased.json
    assert erased.json["result"]["retained"]["case evidence files"] == 1
    after = blobs(rt)
    assert len(after) == 1 and not set(before) & set(after)  # re-sealed into a new blob
    # Still readable for the AML investigation, under the retention key.
    download = client.get(url(case["id"], attachment["id"]), headers=officer)
    assert download.status_code == 200 and download.data == STATEMENT
    listed = client.get(url(case["id"]), headers=officer).json["items"]
    assert [(a["file_name"], a["description"]) for a in listed] == [(NAME, "Ziraat")]

    with transaction(rt.session_factory) as session:
        summary = retention.destroy_expired(session, AuditContext.system(), privacy_deps(rt))
    assert summary.subjects_destroyed == 1
    assert blobs(rt) == {} and rows(rt) == 0
    gone = client.get(url(case["id"], attachment["id"]), headers=officer)
    assert gone.status_code == 404 and gone.json["code"] == "attachment_not_found"


def test_the_surviving_case_of_a_merge_lists_and_serves_the_merged_files(
        client, officer, case, rt, make_customer):
    source_id = case_from_alert(rt, make_customer()["id"], score=40)
    moved = upload(client, officer, source_id, STATEMENT, description="From Ziraat").json
    own = upload(client, officer, case["id"], b"call notes\n", name="notes.txt").json
    target_version = client.get(f"/api/v1/cases/{case['id']}", headers=officer).json["version"]
    source_version = client.get(f"/api/v1/cases/{source_id}", headers=officer).json["version"]
    merged = client.post(f"/api/v1/cases/{source_id}/merge", headers=officer, json={
        "version": source_version, "into_case_id": case["id"], "into_version": target_version})
    assert merged.status_code == 200, merged.json

    detail = client.get(f"/api/v1/cases/{case['id']}", headers=officer).json
    assert [(a["id"], a["file_name"], a["description"]) for a in detail["attachments"]] == [
        (moved["id"], NAME, "From Ziraat"), (own["id"], "notes.txt", None)]
    before = audit_count(rt, case["id"], "case:attachment:download")
    download = client.get(url(case["id"], moved["id"]), headers=officer)
    assert download.status_code == 200 and download.data == STATEMENT
    assert audit_count(rt, case["id"], "case:attachment:download") == before + 1
    assert client.get(url(source_id, moved["id"]), headers=officer).status_code == 404
    assert client.get(f"/api/v1/cases/{source_id}", headers=officer).json["attachments"] == []

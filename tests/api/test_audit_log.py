"""Auditors search the trail, get signed checkpoints and proofs, and take signed export
bundles that verify offline (and with plain openssl); one changed byte fails them."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import zipfile

import pytest
from sqlalchemy import select

from audits.bundle_verify import verify_bundle
from audits.canonical import leaf_hash
from audits.checkpoints import verify_checkpoint
from audits.merkle import verify_consistency, verify_inclusion
from audits.models import AuditEntry
from audits.signing import create_signing_key, load_public_pem, signing_key_path


@pytest.fixture(autouse=True)
def signing_key(rt):
    create_signing_key(signing_key_path(rt.settings.key_file), "test.example/audit")


@pytest.fixture
def public_key(client, auth):
    response = client.get("/api/v1/audit/public-key", headers=auth("auditor"))
    assert response.status_code == 200
    return load_public_pem(response.data)


def export(client, auth, **query):
    response = client.get("/api/v1/audit/export", query_string=query, headers=auth("auditor"))
    assert response.status_code == 200, response.data[:300]
    assert response.is_streamed and response.mimetype == "application/zip"
    return response.data


def rezip(bundle: bytes, name: str, change) -> bytes:  # type: ignore[no-untyped-def]
    """The same bundle with one member's bytes changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bundle)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item.filename, change(data) if item.filename == name else data)
    return out.getvalue()


def flip_one_byte(data: bytes) -> bytes:
    position = data.index(b'"object_id":"') + len(b'"object_id":"')
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1:]


def test_search_filters_and_pages_and_is_audited(client, auth, make_customer, rt):
    customers = [make_customer() for _ in range(3)]
    headers = auth("auditor")
    target = customers[1]["id"]
    response = client.get("/api/v1/audit/entries", headers=headers,
                          query_string={"customer_ref": target, "action": "customer:"})
    assert response.status_code == 200
    items = response.json["items"]
    assert items and {i["customer_ref"] for i in items} == {target}
    assert {i["action"] for i in items} <= {"customer:record:create", "customer:pii:read"}
    pages, after = [], 0
    while True:
        page = client.get("/api/v1/audit/entries", headers=headers,
                          query_string={"limit": 4, "after_seq": after}).json
        pages.extend(i["seq"] for i in page["items"])
        if page["next_after_seq"] is None:
            break
        after = page["next_after_seq"]
    assert pages == sorted(pages) and len(pages) == len(set(pages)) >= 8
    with rt.engine.connect() as connection:
        actions = list(connection.scalars(select(AuditEntry.action)))
    assert "audit:entries:search" in actions
    assert client.get("/api/v1/audit/entries", headers=auth("agent")).status_code == 403


def test_checkpoints_and_proofs_verify(client, auth, make_customer, public_key):
    headers = auth("auditor")
    assert client.get("/api/v1/audit/checkpoints/latest", headers=headers).status_code == 404
    make_customer()
    first = client.post("/api/v1/audit/checkpoints", headers=headers)
    assert first.status_code == 201
    old = verify_checkpoint(first.json["note"], public_key)
    make_customer()
    second = client.post("/api/v1/audit/checkpoints", headers=headers).json
    new = verify_checkpoint(second["note"], public_key)
    assert new.tree_size > old.tree_size
    latest = client.get("/api/v1/audit/checkpoints/latest", headers=headers).json
    assert latest["note"] == second["note"]
    proof = client.get("/api/v1/audit/proof/consistency", headers=headers, query_string={
        "first": old.tree_size, "second": new.tree_size}).json
    assert verify_consistency(old.tree_size, new.tree_size, old.root_hash, new.root_hash,
                              [bytes.fromhex(p) for p in proof["proof"]])
    for seq in (1, old.tree_size, new.tree_size):
        answer = client.get("/api/v1/audit/proof/inclusion", headers=headers, query_string={
            "seq": seq, "tree_size": new.tree_size}).json
        assert verify_inclusion(seq - 1, new.tree_size, bytes.fromhex(answer["leaf_hash"]),
                                [bytes.fromhex(p) for p in answer["proof"]], new.root_hash)
    too_far = client.get("/api/v1/audit/proof/inclusion", headers=headers,
                         query_string={"seq": 1, "tree_size": 10**6})
    assert too_far.status_code == 404
    assert client.post("/api/v1/audit/checkpoints", headers=auth("agent")).status_code == 403


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_bundle_verifies_offline_and_one_changed_byte_fails(
        client, auth, make_customer, public_key, fmt):
    for _ in range(3):
        make_customer()
    client.post("/api/v1/audit/checkpoints", headers=auth("auditor"))
    make_customer()
    bundle = export(client, auth, format=fmt)
    report = verify_bundle(io.BytesIO(bundle), public_key)
    assert report.ok, report
    assert report.count == report.tree_size  # the whole log, proven complete
    assert "consistency from tree size" in " ".join(report.passed)
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        data = archive.read(manifest["data"]["file"])
    assert manifest["count"] == report.count and manifest["first_seq"] == 1
    if fmt == "csv":
        position = data.index(b"customer:record:create")
        changed = data[:position] + b"C" + data[position + 1:]
    else:
        changed = flip_one_byte(data)
    tampered = rezip(bundle, manifest["data"]["file"], lambda _: changed)
    failed = verify_bundle(io.BytesIO(tampered), public_key)
    assert not failed.ok and failed.failed_step == "files"
    # An intruder who also fixes the manifest's hash cannot re-sign it.
    forged = rezip(tampered, "manifest.json", lambda raw: raw.replace(
        manifest["data"]["sha256"].encode(), hashlib.sha256(changed).hexdigest().encode()))
    failed = verify_bundle(io.BytesIO(forged), public_key)
    assert not failed.ok and failed.failed_step == "manifest"


def test_filtered_export_proves_each_entry_and_names_a_rewritten_one(
        client, auth, make_customer, public_key):
    customer = make_customer()
    make_customer()
    client.get(f"/api/v1/customers/{customer['id']}", headers=auth("compliance_officer"))
    bundle = export(client, auth, customer_ref=customer["id"])
    report = verify_bundle(io.BytesIO(bundle), public_key)
    assert report.ok and 2 <= report.count < report.tree_size
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        rows = archive.read("entries.jsonl").decode().splitlines()
    assert manifest["filters"] == {"customer_ref": customer["id"]}
    assert manifest["complete_range"] is False and manifest["inclusion"]["nodes"] > 0
    # Rewrite the second row consistently (new content, recomputed hash): the manifest
    # signature catches it, and without it the Merkle proof would.
    row = json.loads(rows[1])
    row.pop("entry_hash")
    row["purpose"] = "customer_support"
    row["entry_hash"] = leaf_hash(row)
    new_rows = [rows[0], json.dumps(row, sort_keys=True, separators=(",", ":")), *rows[2:]]
    new_data = ("\n".join(new_rows) + "\n").encode()
    tampered = rezip(bundle, "entries.jsonl", lambda _: new_data)
    assert verify_bundle(io.BytesIO(tampered), public_key).failed_step == "files"


def test_export_is_audited_and_refused_to_other_roles(client, auth, make_customer, rt):
    make_customer()
    export(client, auth, format="csv", action="customer:record:create")
    with rt.engine.connect() as connection:
        details = connection.scalar(select(AuditEntry.details).where(
            AuditEntry.action == "audit:entries:export"))
    assert json.loads(details)["filters"] == {"action": "customer:record:create"}
    assert json.loads(details)["format"] == "csv"
    for role in ("agent", "compliance_officer", "integration"):
        assert client.get("/api/v1/audit/export", headers=auth(role)).status_code == 403


def test_manifest_signature_verifies_with_plain_openssl(client, auth, make_customer, tmp_path):
    make_customer()
    bundle = export(client, auth)
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        archive.extractall(tmp_path)

    def openssl_verify() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "public-key.pem",
             "-rawin", "-in", "manifest.json", "-sigfile", "manifest.sig"],
            cwd=tmp_path, capture_output=True, text=True, check=False)

    good = openssl_verify()
    assert good.returncode == 0 and "Signature Verified Successfully" in good.stdout
    manifest = (tmp_path / "manifest.json").read_bytes()
    (tmp_path / "manifest.json").write_bytes(manifest.replace(b'"count": ', b'"count": 1', 1))
    bad = openssl_verify()
    assert bad.returncode != 0

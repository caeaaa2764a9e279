"""The auditor's page: filter and preview, verify the chain, export a bundle that
verifies offline; nobody else may open it."""

from __future__ import annotations

import io
import zipfile

from audits.bundle_verify import verify_bundle
from audits.signing import create_signing_key, load_signer, signing_key_path
from tests.support.db import without_audit_guards
from tests.web.support import csrf_token, signed_in_client


def auditor(client, rt):
    create_signing_key(signing_key_path(rt.settings.key_file), "kyc-test/audit-log")
    return signed_in_client(client, rt, "auditor")


def test_filter_preview_and_signed_export(client, rt, make_customer):
    customer = make_customer()
    browser = auditor(client, rt)
    page = browser.get(f"/audit?customer_ref={customer['id']}").get_data(as_text=True)
    assert "customer:record:create" in page and "customer:pii:read" in page
    assert "user:account:create" not in page  # filtered out
    everything = browser.get("/audit").get_data(as_text=True)
    assert "user:account:create" in everything
    with browser.get(f"/audit/export?customer_ref={customer['id']}&format=jsonl") as export:
        assert export.status_code == 200 and export.mimetype == "application/zip"
        bundle = export.get_data()
    key = load_signer(signing_key_path(rt.settings.key_file)).public_key
    report = verify_bundle(io.BytesIO(bundle), key)
    assert report.ok, report
    assert not verify_bundle(io.BytesIO(with_one_byte_changed(bundle)), key).ok


def with_one_byte_changed(bundle: bytes) -> bytes:
    """The same bundle with one byte of the exported entries altered."""
    source, target = zipfile.ZipFile(io.BytesIO(bundle)), io.BytesIO()
    with zipfile.ZipFile(target, "w") as rewritten:
        for info in source.infolist():
            data = bytearray(source.read(info.filename))
            if info.filename.startswith("entries."):
                position = data.index(b"customer:")
                data[position] = ord("C")
            rewritten.writestr(info, bytes(data))
    return target.getvalue()


def test_verify_now_reports_intact_and_broken_chains(client, rt, make_customer):
    make_customer()
    browser = auditor(client, rt)
    token = csrf_token(browser, "/audit")
    intact = browser.post("/audit/verify", data={"csrf_token": token}).get_data(as_text=True)
    assert "The chain is intact" in intact or "Zincir sağlam" in intact
    without_audit_guards(rt.engine, "UPDATE audit_entries SET outcome = 'denied' WHERE seq = 2")
    broken = browser.post("/audit/verify", data={"csrf_token": token}).get_data(as_text=True)
    assert "entry 2" in broken or "2 numaralı" in broken


def test_bad_date_is_explained_and_other_roles_are_refused(client, rt):
    browser = auditor(client, rt)
    page = browser.get("/audit?since=31.12.2026", headers={"Accept-Language": "en"})
    assert "YYYY-MM-DD" in page.get_data(as_text=True)
    for role in ("agent", "compliance_officer"):
        other = client.application.test_client()
        signed_in_client(other, rt, role)
        assert other.get("/audit").status_code == 403

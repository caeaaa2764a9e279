"""Uploading documents: 202 at once, checks in the background, bad input refused whole."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kyc_service.documents.models import Document, DocumentJob
from tests.support.identity_docs import identity, photo_of, profile_of
from tests.support.uploads import multipart, photo, png_bomb, raw_multipart


def upload(client, headers, customer_id, data, kind="id_card", side="front", **extra):
    return client.post(f"/api/v1/customers/{customer_id}/documents",
                       data=multipart(data, kind, side, **extra), headers=headers,
                       content_type="multipart/form-data")


def send_raw(client, headers, customer_id, data, kind, side):
    """Upload with an in-memory body (large bodies would otherwise spool to a temp file)."""
    body, content_type = raw_multipart(data, kind, side)
    return client.post(f"/api/v1/customers/{customer_id}/documents", data=body,
                       content_type=content_type, headers=headers)


def stored_state(rt) -> tuple[int, int, int]:
    with rt.session_factory() as session:
        documents = session.scalar(select(func.count()).select_from(Document))
        jobs = session.scalar(select(func.count()).select_from(DocumentJob))
    files = sum(1 for p in Path(rt.settings.storage_dir).rglob("*") if p.is_file())
    return documents or 0, jobs or 0, files


def test_good_photo_is_accepted_after_background_check(client, auth, make_customer, rt):
    person = identity(31)
    customer = make_customer(**profile_of(person))
    response = upload(client, auth("integration"), customer["id"],
                      photo_of(person, "id_card", "front"))
    assert response.status_code == 202
    assert response.json["status"] == "processing"
    document_id = response.json["id"]
    assert rt.document_worker().run_until_idle() == 1
    result = client.get(f"/api/v1/documents/{document_id}", headers=auth("agent")).json
    assert result["status"] == "accepted"
    assert result["quality"] == {"passed": True, "issues": []}


def test_defective_photo_is_rejected_with_bilingual_guidance(client, auth, make_customer, rt):
    customer = make_customer()
    document_id = upload(client, auth("agent"), customer["id"],
                         photo("id_card", "front", "glare", 3)).json["id"]
    rt.document_worker().run_until_idle()
    result = client.get(f"/api/v1/documents/{document_id}", headers=auth("agent")).json
    assert result["status"] == "rejected"
    issue = result["quality"]["issues"][0]
    assert issue["code"] == "glare"
    assert issue["guidance"]["tr"] and issue["guidance"]["en"]
    assert issue["guidance"]["tr"] != issue["guidance"]["en"]
    assert issue["metric"] is not None and issue["threshold"] is not None


def test_originals_are_encrypted_at_rest_and_filename_never_used(client, auth, make_customer,
                                                                 rt):
    customer = make_customer()
    data = photo("passport", "data_page")
    response = upload(client, auth("integration"), customer["id"], data, kind="passport",
                      side="data_page", filename="../../../../tmp/evil.jpg")
    assert response.status_code == 202
    files = [p for p in Path(rt.settings.storage_dir).rglob("*") if p.is_file()]
    assert len(files) == 1
    stored = files[0].read_bytes()
    assert data[:64] not in stored
    assert b"JFIF" not in stored[:64] and b"\xff\xd8\xff" not in stored[:8]
    assert "evil" not in files[0].name
    assert not Path("/tmp/evil.jpg").exists()  # noqa: S108 (the path the attack aims at)


def test_same_image_for_two_customers_is_noticed(client, auth, make_customer, rt):
    first, second = make_customer(), make_customer()
    data = photo("id_card", "back")
    upload(client, auth("integration"), first["id"], data, side="back")
    doc = upload(client, auth("integration"), second["id"], data, side="back").json
    full = client.get(f"/api/v1/documents/{doc['id']}", headers=auth("compliance_officer")).json
    assert full["findings"] == [{"code": "same_image_other_customer",
                                 "customers": [first["id"]]}]
    agent = client.get(f"/api/v1/documents/{doc['id']}", headers=auth("agent")).json
    assert agent["findings"] == []


BAD_UPLOADS = [
    ("empty file", b"", "id_card", "front", 422, "empty_file"),
    ("text named .jpg", b"just some text, not an image\n" * 20, "id_card", "front", 415,
     "unsupported_file_type"),
    ("truncated JPEG", None, "id_card", "front", 422, "image_corrupt"),
    ("PNG bomb 50000x50000", png_bomb(), "id_card", "front", 422, "image_too_large"),
    ("unknown kind", b"\xff\xd8\xff", "driving_licence", "front", 422, "validation_failed"),
    ("unknown side", None, "passport", "back", 422, "unknown_side"),
    ("PDF as ID card", b"%PDF-1.4\n", "id_card", "front", 422, "pdf_not_allowed"),
]


@pytest.mark.parametrize("label, data, kind, side, status, code", BAD_UPLOADS,
                         ids=[b[0] for b in BAD_UPLOADS])
def test_bad_uploads_are_refused_and_nothing_is_stored(client, auth, make_customer, rt,
                                                       label, data, kind, side, status, code):
    customer = make_customer()
    headers = auth("integration")
    good = photo("id_card", "front")
    if data is None:
        data = good[: len(good) // 2] if label == "truncated JPEG" else good
    before = stored_state(rt)
    response = upload(client, headers, customer["id"], data, kind=kind, side=side)
    assert (response.status_code, response.json["code"]) == (status, code), response.json
    assert response.content_type == "application/problem+json"
    assert stored_state(rt) == before


def test_oversized_upload_is_413_and_nothing_is_stored(client, auth, make_customer, rt):
    customer = make_customer()
    headers = auth("integration")
    before = stored_state(rt)
    big = b"\xff\xd8\xff\xe0" + b"\x00" * (16 * 1024 * 1024)
    body, content_type = raw_multipart(big, "id_card", "front")
    response = client.post(f"/api/v1/customers/{customer['id']}/documents", data=body,
                           content_type=content_type, headers=headers)
    assert response.status_code == 413
    assert response.json["code"] == "payload_too_large"
    assert stored_state(rt) == before


def test_upload_for_missing_or_hidden_customer_is_404(client, auth, make_customer, rt):
    data = photo("id_card", "front")
    missing = upload(client, auth("integration"),
                     "00000000-0000-0000-0000-000000000000", data)
    assert (missing.status_code, missing.json["code"]) == (404, "customer_not_found")
    customer = make_customer()
    hidden = upload(client, auth("auditor"), customer["id"], data)
    assert hidden.status_code == 404
    assert stored_state(rt)[0] == 0


def test_storage_failure_after_write_leaves_no_blob(client, auth, make_customer, rt):
    """A request that fails after the blob was written must not leave it behind."""
    customer = make_customer()
    headers = auth("integration")
    before = stored_state(rt)
    original_flush = type(rt.session_factory()).flush

    def failing_flush(self, *args, **kwargs):
        if any(isinstance(o, Document) for o in self.new):
            raise RuntimeError("database went away")
        return original_flush(self, *args, **kwargs)

    session_type = type(rt.session_factory())
    session_type.flush = failing_flush
    try:
        response = upload(client, headers, customer["id"], photo("id_card", "front"))
    finally:
        session_type.flush = original_flush
    assert response.status_code == 500
    assert stored_state(rt) == before


def test_heic_phone_photo_and_pdf_address_proof_are_accepted_formats(client, auth,
                                                                      make_customer, rt):
    """iPhones send HEIC; address proofs often come as PDFs (first page rendered)."""
    import io

    import pillow_heif
    from PIL import Image

    from tests.docgen.address_docs import residence_certificate_pdf

    pillow_heif.register_heif_opener()
    jpeg = Image.open(io.BytesIO(photo("passport", "data_page")))
    heic = io.BytesIO()
    jpeg.save(heic, format="HEIF", quality=90)
    customer = make_customer()
    headers = auth("integration")
    sent = send_raw(client, headers, customer["id"], heic.getvalue(), "passport", "data_page")
    assert sent.status_code == 202 and sent.json["media_type"] == "image/heif"
    rng = random.Random(7)
    certificate = residence_certificate_pdf(identity(7), date.today(), rng)
    pdf = send_raw(client, headers, customer["id"], certificate, "address_proof", "page")
    assert pdf.status_code == 202 and pdf.json["media_type"] == "application/pdf"
    rt.document_worker().run_until_idle()
    for document in (sent.json, pdf.json):
        result = client.get(f"/api/v1/documents/{document['id']}", headers=headers).json
        assert result["status"] != "processing" and result["quality"] is not None

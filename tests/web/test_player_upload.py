"""The player's one-time upload page: language, guidance, outcome, and refused links."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from kyc_service.core.db import transaction
from kyc_service.documents.models import Document
from tests.support.identity_docs import identity, photo_of, profile_of
from tests.support.uploads import photo


def new_link(client, auth, customer_id, reasons=("glare",), kind="id_card", side="front"):
    response = client.post(f"/api/v1/customers/{customer_id}/reupload-requests",
                           json={"documents": [{"kind": kind, "side": side,
                                                "reasons": list(reasons)}]},
                           headers=auth("agent"))
    assert response.status_code == 201
    return response.json["url"].split("127.0.0.1:8000", 1)[1], response.json["id"]


def page_csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def send(client, data, kind="id_card", side="front", csrf=None):
    page = client.get("/upload").get_data(as_text=True)
    return client.post("/upload", data={"csrf_token": csrf or page_csrf(page), "kind": kind,
                                        "side": side, "file": (io.BytesIO(data), "photo.jpg")},
                       content_type="multipart/form-data")


def documents(rt) -> int:
    with rt.session_factory() as session:
        return session.scalar(select(func.count()).select_from(Document)) or 0


def test_link_opens_the_page_in_the_customers_language_with_guidance(client, auth,
                                                                     make_customer):
    customer = make_customer(preferred_language="en")
    path, _ = new_link(client, auth, customer["id"])
    opened = client.get(path)
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/upload")
    page = client.get("/upload").get_data(as_text=True)
    assert "Send your documents" in page and "ID card, front" in page
    assert "Turn off the flash" in page  # guidance for the glare that was reported
    assert path.split("/u/")[1] not in page  # the token left the URL after the first hop
    turkish = make_customer(preferred_language="tr")
    other = client.application.test_client()
    other.get(new_link(client, auth, turkish["id"])[0])
    assert "Belgelerinizi gönderin" in other.get("/upload").get_data(as_text=True)


def test_good_photo_is_accepted_and_uses_up_the_link(client, auth, make_customer, rt):
    person = identity(42)
    customer = make_customer(preferred_language="en", **profile_of(person))
    path, _ = new_link(client, auth, customer["id"])
    client.get(path)
    sent = send(client, photo_of(person, "id_card", "front"))
    assert sent.status_code == 302
    assert "Checking your photo" in client.get("/upload").get_data(as_text=True)
    assert client.get("/upload/status").json["documents"][0]["status"] == "processing"
    rt.document_worker().run_until_idle()
    status = client.get("/upload/status").json
    assert status["completed"] is True and status["documents"][0]["status"] == "accepted"
    assert "we have everything we need" in client.get("/upload").get_data(as_text=True)
    again = client.application.test_client().get(path)
    assert again.status_code == 410 and "already used" in again.get_data(as_text=True)


def test_rejected_photo_shows_what_to_fix(client, auth, make_customer, rt):
    customer = make_customer(preferred_language="tr")
    path, _ = new_link(client, auth, customer["id"], reasons=())
    client.get(path)
    send(client, photo("id_card", "front", "blurry", 2))
    rt.document_worker().run_until_idle()
    page = client.get("/upload").get_data(as_text=True)
    assert "Bu fotoğrafı kabul edemedik" in page
    assert "Telefonu sabit tutun" in page  # the blur guidance, in Turkish
    assert 'name="file"' in page  # and the form to try again


def test_bad_file_is_refused_in_the_players_language_and_nothing_is_stored(
    client, auth, make_customer, rt
):
    customer = make_customer(preferred_language="en")
    client.get(new_link(client, auth, customer["id"])[0])
    before = (documents(rt), sum(1 for p in Path(rt.settings.storage_dir).rglob("*")
                                 if p.is_file()))
    refused = send(client, b"%PDF-1.4 not really a photo")
    assert refused.status_code == 422
    assert "not a PDF" in refused.get_data(as_text=True)
    refused = send(client, b"plain text pretending to be a photo")
    assert "Send a photo (JPEG, PNG or HEIC) or a PDF." in refused.get_data(as_text=True)
    after = (documents(rt), sum(1 for p in Path(rt.settings.storage_dir).rglob("*")
                                if p.is_file()))
    assert after == before


def test_upload_without_csrf_token_or_for_an_unrequested_document_is_refused(
    client, auth, make_customer, rt
):
    customer = make_customer()
    client.get(new_link(client, auth, customer["id"])[0])
    forged = client.post("/upload", data={"kind": "id_card", "side": "front",
                                          "file": (io.BytesIO(photo("id_card", "front")),
                                                   "p.jpg")},
                         content_type="multipart/form-data")
    assert forged.status_code == 400
    wrong = send(client, photo("passport", "data_page"), kind="passport", side="data_page")
    assert wrong.status_code == 422
    assert documents(rt) == 0


def test_forged_expired_and_sessionless_links_get_clear_pages(client, auth, make_customer,
                                                              rt):
    customer = make_customer(preferred_language="en")
    path, request_id = new_link(client, auth, customer["id"])
    forged = client.get(path[:-6] + "abcdef", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert forged.status_code == 404 and "not valid" in forged.get_data(as_text=True)
    turkish = client.get(path[:-6] + "abcdef", headers={"Accept-Language": "tr-TR"})
    assert "geçerli değil" in turkish.get_data(as_text=True)
    with transaction(rt.session_factory) as session:
        request = rt.reupload_links.get(session, request_id)
        request.expires_at -= timedelta(hours=80)
    expired = client.get(path)
    assert expired.status_code == 410 and "expired" in expired.get_data(as_text=True)
    fresh = client.application.test_client()
    nothing = fresh.get("/upload")
    assert nothing.status_code == 404 and "Traceback" not in nothing.get_data(as_text=True)

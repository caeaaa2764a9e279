"""The Attachments section of the case page: upload with the page's CSRF token, the list
with download links, refusals that say why and store nothing, and agents kept out."""

from __future__ import annotations

import io
from pathlib import Path

from tests.web.support import csrf_token, signed_in_client
from tests.web.test_case_pages import case_for, page, staff_client

EXPORT = b"tarih;tutar\n01.02.2026;15000\n02.02.2026;14900\n"


def send(client, case_id, data, name, description=""):
    token = csrf_token(client, f"/cases/{case_id}")
    return client.post(f"/cases/{case_id}/attachments", content_type="multipart/form-data",
                       data={"csrf_token": token, "description": description,
                             "file": (io.BytesIO(data), name)})


def blob_count(rt) -> int:
    return sum(1 for p in Path(rt.settings.storage_dir).rglob("*") if p.is_file())


def test_officer_attaches_a_file_and_downloads_it_from_the_case_page(client, rt,
                                                                     make_customer):
    case = case_for(rt, make_customer()["id"])
    staff_client(client, rt, "compliance_officer")
    html = page(client, f"/cases/{case.id}")
    assert 'id="attachments-title"' in html and 'enctype="multipart/form-data"' in html
    assert "No attachments yet." in html and "at most 10 MB" in html

    response = send(client, case.id, EXPORT, "akbank-ekstre.csv", "Bank statement export")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/cases/{case.id}#attachments-title")
    html = page(client, f"/cases/{case.id}")
    assert "The file was attached." in html and "akbank-ekstre.csv" in html
    assert "Bank statement export" in html and "CSV table" in html and "File attached" in html
    link = html.split('data-testid="attachment-link"')[0].rsplit('href="', 1)[1].split('"')[0]
    download = client.get(link)
    assert download.status_code == 200 and download.data == EXPORT
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.mimetype == "text/csv"


def test_refused_uploads_say_why_and_store_nothing(client, rt, make_customer):
    case = case_for(rt, make_customer()["id"])
    staff_client(client, rt, "compliance_officer")
    zip_as_pdf = b"PK\x03\x04\x14\x00\x08\x00" + bytes(range(256))
    assert send(client, case.id, zip_as_pdf, "statement.pdf").status_code == 303
    html = page(client, f"/cases/{case.id}")
    assert "This kind of file cannot be attached." in html
    assert send(client, case.id, b"", "").status_code == 303
    assert "The file is empty." in page(client, f"/cases/{case.id}")
    assert blob_count(rt) == 0


def test_the_section_is_in_turkish_for_turkish_readers(client, rt, make_customer):
    case = case_for(rt, make_customer()["id"])
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "tr"
    signed_in_client(client, rt, "compliance_officer")
    html = page(client, f"/cases/{case.id}")
    assert ">Ekler<" in html and "Dosya ekle" in html and "şifrelenerek saklanır" in html


def test_agents_cannot_upload_or_download(client, app, rt, make_customer):
    case = case_for(rt, make_customer()["id"])
    officer = app.test_client()
    staff_client(officer, rt, "compliance_officer")
    send(officer, case.id, EXPORT, "export.csv")
    link = page(officer, f"/cases/{case.id}").split(
        'data-testid="attachment-link"')[0].rsplit('href="', 1)[1].split('"')[0]
    signed_in_client(client, rt, "agent")
    assert client.get(link).status_code == 404
    token = csrf_token(client, "/")
    refused = client.post(f"/cases/{case.id}/attachments", content_type="multipart/form-data",
                          data={"csrf_token": token, "file": (io.BytesIO(EXPORT), "x.csv")})
    assert refused.status_code == 404 and blob_count(rt) == 1

"""Compliance officers work the review queue: inspect (audited) and decide."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from audits.models import AuditEntry
from tests.api.test_verification_flow import check
from tests.docgen.documents import render_id_back
from tests.support.identity_docs import identity, profile_of, shot


def in_review(client, auth, rt, make_customer):
    person = identity(21)
    customer = make_customer(**profile_of(person, given_names="Farklıisim"))
    document = check(client, auth, rt, customer["id"], shot(render_id_back(person), 21),
                     "id_card", "back")
    assert document["status"] == "needs_review"
    return customer, document


def actions(rt, document_id):
    with rt.session_factory() as session:
        return list(session.scalars(select(AuditEntry.action).where(
            AuditEntry.object_id == document_id).order_by(AuditEntry.seq)))


def test_queue_lists_documents_waiting_for_review(client, auth, rt, make_customer):
    _, document = in_review(client, auth, rt, make_customer)
    queue = client.get("/api/v1/review/documents", headers=auth("compliance_officer")).json
    assert [d["id"] for d in queue["items"]] == [document["id"]]
    assert client.get("/api/v1/review/documents", headers=auth("agent")).status_code == 403


def test_reading_fields_and_image_is_audited_and_exif_free(client, auth, rt, make_customer):
    _, document = in_review(client, auth, rt, make_customer)
    headers = auth("compliance_officer")
    extraction = client.get(f"/api/v1/documents/{document['id']}/extraction"
                            "?purpose=aml_investigation", headers=headers).json
    assert extraction["mrz"]["type"] == "TD1"
    image = client.get(f"/api/v1/documents/{document['id']}/image", headers=headers)
    assert image.status_code == 200 and image.content_type == "image/jpeg"
    assert not Image.open(io.BytesIO(image.data)).getexif()
    assert {"document:result:read", "document:image:read"} <= set(actions(rt, document["id"]))
    hidden = client.get(f"/api/v1/documents/{document['id']}/extraction",
                        headers=auth("agent"))
    assert hidden.status_code == 404


def test_decision_is_final_audited_and_updates_status(client, auth, rt, make_customer):
    customer, document = in_review(client, auth, rt, make_customer)
    headers = auth("compliance_officer")

    def kyc_status() -> str:
        return client.get(f"/api/v1/customers/{customer['id']}", headers=headers).json[
            "kyc_status"]

    assert kyc_status() == "needs_review"
    response = client.post(f"/api/v1/documents/{document['id']}/review",
                           json={"decision": "accepted", "reason": "verified_manually"},
                           headers=headers)
    assert response.status_code == 200 and response.json["status"] == "accepted"
    assert kyc_status() == "unverified"  # the card's front and an address proof are missing
    again = client.post(f"/api/v1/documents/{document['id']}/review",
                        json={"decision": "rejected", "reason": "other"}, headers=headers)
    assert (again.status_code, again.json["code"]) == (409, "document_not_in_review")
    assert "document:review:decide" in actions(rt, document["id"])
    bad = client.post(f"/api/v1/documents/{document['id']}/review",
                      json={"decision": "maybe", "reason": "because I say so"},
                      headers=headers)
    assert bad.status_code == 422 and {"decision", "reason"} <= set(bad.json["errors"])

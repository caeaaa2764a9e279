"""After an erasure request, officer pages refuse the customer like the API does (410)."""

from __future__ import annotations

from sqlalchemy import select

from audits.models import AuditEntry
from tests.web.support import signed_in_client


def test_pages_naming_an_erased_customer_answer_410_and_the_refusal_is_audited(
        client, auth, rt, make_customer):
    customer = make_customer(surname="Yıldırımoğlu")
    erased = client.post("/api/v1/privacy/requests", headers=auth("compliance_officer"),
                         json={"customer_id": customer["id"], "kind": "erasure"})
    assert erased.status_code == 201, erased.json
    signed_in_client(client, rt, "agent")

    for path in (f"/customers/{customer['id']}", f"/customers/{customer['id']}/documents.json"):
        page = client.get(path, headers={"Accept-Language": "en"})
        body = page.get_data(as_text=True)
        assert page.status_code == 410, path
        assert "data is restricted" in body
        assert "Yıldırımoğlu" not in body and customer["external_ref"] not in body
    turkish = client.get(f"/customers/{customer['id']}", headers={"Accept-Language": "tr"})
    assert "Bu müşterinin verileri kısıtlandı" in turkish.get_data(as_text=True)
    with rt.session_factory() as session:
        refusals = list(session.scalars(select(AuditEntry).where(
            AuditEntry.action == "privacy:subject:deny",
            AuditEntry.object_id == customer["id"])))
    assert len(refusals) == 3

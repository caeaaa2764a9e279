"""Re-upload links: created by agents, one-time, expiring, forged links refused, attempts
capped so a struggling player reaches a person instead of endless refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from audits.models import AuditEntry
from kyc_service.core.db import transaction
from kyc_service.documents.reupload import LinkProblem
from tests.support.identity_docs import identity, photo_of, profile_of
from tests.support.uploads import photo


def create_link(client, auth, customer_id, **body):
    payload = {"documents": [{"kind": "id_card", "side": "front", "reasons": ["glare"]}],
               **body}
    response = client.post(f"/api/v1/customers/{customer_id}/reupload-requests",
                           json=payload, headers=auth("agent"))
    assert response.status_code == 201, response.json
    return response.json


def token_of(link: dict) -> str:
    return link["url"].rsplit("/u/", 1)[1]


def upload_via_request(rt, customer_id, request_id, data):
    with transaction(rt.session_factory) as session:
        customer = rt.customers.get(session, customer_id)
        from audits.trail import AuditContext

        return rt.documents.upload(session, AuditContext(None, "player"), customer, "id_card",
                                   "front", data, reupload_request_id=request_id).id


def test_agent_creates_link_in_customer_language_and_it_is_audited(client, auth,
                                                                    make_customer, rt):
    customer = make_customer(preferred_language="en")
    link = create_link(client, auth, customer["id"])
    assert link["url"].startswith(rt.settings.public_base_url + "/u/")
    assert link["language"] == "en" and link["status"] == "open"
    assert link["documents"][0]["status"] == "missing"
    with rt.session_factory() as session:
        tags = set(session.scalars(select(AuditEntry.action)))
    assert "document:reupload:request" in tags
    with rt.session_factory() as session:
        assert rt.reupload_links.open(session, token_of(link)).id == link["id"]


@pytest.mark.parametrize("tamper", ["forged", "truncated", "other secret"])
def test_forged_links_are_refused(client, auth, make_customer, rt, tamper):
    token = token_of(create_link(client, auth, make_customer()["id"]))
    bad = {"forged": token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"),
           "truncated": token[: len(token) // 2],
           "other secret": __import__("itsdangerous").URLSafeTimedSerializer(
               "another-secret", salt="kyc-reupload-link").dumps({"r": "x", "n": "y"})}[tamper]
    with rt.session_factory() as session, pytest.raises(LinkProblem) as problem:
        rt.reupload_links.open(session, bad)
    assert problem.value.code == "link_invalid"


def test_expired_and_revoked_links_are_refused(client, auth, make_customer, rt):
    customer = make_customer()
    expired = create_link(client, auth, customer["id"], expires_in_hours=1)
    with transaction(rt.session_factory) as session:
        request = rt.reupload_links.get(session, expired["id"])
        request.expires_at = request.expires_at - timedelta(hours=2)
    with rt.session_factory() as session, pytest.raises(LinkProblem) as problem:
        rt.reupload_links.open(session, token_of(expired))
    assert problem.value.code == "link_expired"
    revoked = create_link(client, auth, customer["id"])
    response = client.post(f"/api/v1/reupload-requests/{revoked['id']}/revoke",
                           headers=auth("agent"))
    assert response.json["status"] == "revoked"
    with rt.session_factory() as session, pytest.raises(LinkProblem) as problem:
        rt.reupload_links.open(session, token_of(revoked))
    assert problem.value.code == "link_revoked"


def test_accepted_upload_uses_up_the_link(client, auth, make_customer, rt):
    person = identity(41)
    customer = make_customer(**profile_of(person))
    link = create_link(client, auth, customer["id"])
    upload_via_request(rt, customer["id"], link["id"], photo_of(person, "id_card", "front"))
    rt.document_worker().run_until_idle()
    progress = client.get(f"/api/v1/reupload-requests/{link['id']}", headers=auth("agent")).json
    assert progress["status"] == "completed"
    assert progress["documents"][0]["status"] == "accepted"
    with rt.session_factory() as session, pytest.raises(LinkProblem) as problem:
        rt.reupload_links.open(session, token_of(link))
    assert problem.value.code == "link_used"


def test_after_the_allowed_failures_the_next_goes_to_review(client, auth, make_customer, rt):
    customer = make_customer()
    link = create_link(client, auth, customer["id"])
    allowed = rt.settings.reupload_max_failed_attempts
    statuses = []
    for attempt in range(allowed + 1):
        document_id = upload_via_request(rt, customer["id"], link["id"],
                                         photo("id_card", "front", "blurry", attempt + 1))
        rt.document_worker().run_until_idle()
        statuses.append(client.get(f"/api/v1/documents/{document_id}",
                                   headers=auth("agent")).json["status"])
    assert statuses == ["rejected"] * allowed + ["needs_review"]
    progress = client.get(f"/api/v1/reupload-requests/{link['id']}", headers=auth("agent")).json
    assert progress["documents"][0]["failed_attempts"] == allowed + 1
    assert progress["status"] == "completed"


def test_link_request_validates_documents(client, auth, make_customer):
    customer = make_customer()
    response = client.post(f"/api/v1/customers/{customer['id']}/reupload-requests",
                           json={"documents": [{"kind": "passport", "side": "front"}]},
                           headers=auth("agent"))
    assert (response.status_code, response.json["code"]) == (422, "unknown_side")

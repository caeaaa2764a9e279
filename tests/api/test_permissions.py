"""Every route has a permission; without a token it answers 401, with a role outside
its permission 403 (or 404 where existence itself must not leak).

Pages (the `web` blueprint) act for a signed-in session instead of a token: without one
they redirect to the sign-in page, and roles outside answer with a 403/404 page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from audits.models import AuditEntry
from kyc_service.accounts.roles import Role
from kyc_service.permissions import PERMISSIONS, permission_for
from tests.web.support import csrf_token, signed_in_client

AUTOMATIC_METHODS = {"HEAD", "OPTIONS"}
FAKE_ID = "00000000-0000-0000-0000-000000000000"


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - AUTOMATIC_METHODS):
            yield method, rule


def is_page(rule) -> bool:
    return rule.endpoint.startswith("web.")


def page_form(client) -> dict[str, str]:
    """Pages are forms with a CSRF token; send a valid one so the permission check decides."""
    return {"csrf_token": csrf_token(client)}


def concrete_path(rule) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: FAKE_ID if "id" in m.group(1)
                  else "x.js", rule.rule)


def test_every_route_has_a_permission_and_every_permission_a_route(app):
    registered = {(method, rule.endpoint) for method, rule in routes(app)}
    missing = {key for key in registered if permission_for(*key) is None}
    assert not missing, f"routes without a permission rule: {sorted(missing)}"
    stale = set(PERMISSIONS) - registered
    assert not stale, f"permission rules without a route: {sorted(stale)}"


def test_every_protected_route_answers_401_without_a_token(app, client):
    checked = 0
    for method, rule in routes(app):
        if permission_for(method, rule.endpoint).public or is_page(rule):
            continue
        response = client.open(concrete_path(rule), method=method, json={})
        assert response.status_code == 401, (method, rule.rule)
        assert response.content_type == "application/problem+json"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        checked += 1
    assert checked >= 6


def test_every_protected_page_redirects_to_sign_in_without_a_session(app, client):
    checked = 0
    for method, rule in routes(app):
        if permission_for(method, rule.endpoint).public or not is_page(rule):
            continue
        response = client.open(concrete_path(rule), method=method, data=page_form(client))
        assert response.status_code == 302, (method, rule.rule)
        assert response.headers["Location"].startswith("/sign-in"), (method, rule.rule)
        checked += 1
    assert checked >= 3


def test_invalid_expired_and_revoked_tokens_answer_401(client, make_token, auth):
    assert client.get("/api/v1/auth/me", headers={"Authorization": "Bearer kyc_nope"}
                      ).json["code"] == "token_invalid"
    expired = make_token("agent", ttl=-__import__("datetime").timedelta(seconds=1))
    response = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {expired}"})
    assert (response.status_code, response.json["code"]) == (401, "token_expired")
    headers = auth("agent")
    assert client.delete("/api/v1/auth/tokens/current", headers=headers).status_code == 204
    response = client.get("/api/v1/auth/me", headers=headers)
    assert (response.status_code, response.json["code"]) == (401, "token_revoked")


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_roles_outside_a_permission_are_refused(app, client, auth, rt, role):
    headers = auth(role)
    browser = signed_in_client(app.test_client(), rt, role)
    refused = 0
    for method, rule in routes(app):
        permission = permission_for(method, rule.endpoint)
        if permission.public or Role(role) in permission.roles:
            continue
        expected = 404 if permission.hide_as_not_found else 403
        if is_page(rule):
            response = browser.open(concrete_path(rule), method=method, data=page_form(browser))
            assert response.status_code == expected, (role, method, rule.rule)
            assert response.content_type.startswith("text/html")
        else:
            response = client.open(concrete_path(rule), method=method, json={}, headers=headers)
            assert response.status_code == expected, (role, method, rule.rule)
            assert response.content_type == "application/problem+json"
        refused += 1
    allowed_everywhere = {Role.COMPLIANCE_MANAGER, Role.COMPLIANCE_OFFICER}
    assert refused > 0 or Role(role) in allowed_everywhere


def test_hidden_customer_looks_exactly_like_a_missing_one(client, auth, make_customer):
    real = make_customer()
    as_auditor = client.get(f"/api/v1/customers/{real['id']}", headers=auth("auditor"))
    missing = client.get(f"/api/v1/customers/{FAKE_ID}", headers=auth("auditor"))
    assert as_auditor.status_code == missing.status_code == 404
    strip = lambda body: {k: v for k, v in body.items() if k not in {"request_id", "instance"}}  # noqa: E731
    assert strip(as_auditor.json) == strip(missing.json)


def test_denied_access_is_audited(client, auth, rt):
    client.get("/api/v1/customers", headers=auth("auditor"))
    client.get("/api/v1/customers")
    with rt.session_factory() as session:
        denials = list(session.scalars(select(AuditEntry).where(
            AuditEntry.action == "auth:access:deny")))
    reasons = {e.details for e in denials}
    assert any("role_not_allowed" in r for r in reasons)
    assert any("no_token" in r for r in reasons)
    assert all(e.outcome == "denied" for e in denials)

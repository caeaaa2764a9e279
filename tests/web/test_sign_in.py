"""Signing in and out of the pages: hardened cookie, no fixation, server-side sign-out,
audited failures, CSRF on every form but not on the bearer-token API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from audits.models import AuditEntry
from kyc_service import create_app
from kyc_service.accounts.models import ApiToken, User
from kyc_service.core.db import transaction, utcnow
from kyc_service.web.blueprint import safe_next
from tests.web.support import PASSWORD, csrf_token, make_staff, sign_in


def entries(rt, action):
    with rt.session_factory() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                    .order_by(AuditEntry.seq)))


def test_pages_redirect_to_sign_in_and_back(client, rt):
    response = client.get("/customers/abc?x=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/customers/abc?x%3D1"
    email = make_staff(rt, "agent")
    response = sign_in(client, email, next="/customers/abc?x=1")
    assert (response.status_code, response.headers["Location"]) == (302, "/customers/abc?x=1")


def test_sign_in_sets_a_hardened_cookie_and_forgets_what_came_before(client, rt):
    email = make_staff(rt, "agent")
    token_before = csrf_token(client)
    before = client.get_cookie("kyc_session").value
    response = sign_in(client, email)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get_cookie("kyc_session").value != before
    # Nothing of the session before sign-in survives, not even its CSRF secret.
    old_form = client.post("/customers/find", data={"player_id": "p",
                                                    "csrf_token": token_before})
    assert old_form.status_code == 400
    new_form = client.post("/customers/find", data={"player_id": "p",
                                                    "csrf_token": csrf_token(client, "/")})
    assert new_form.status_code == 200


def test_cookie_is_secure_in_production(settings, tmp_path):
    production = settings.with_overrides(env="production", secret_key="s" * 40)
    app = create_app(production)
    try:
        assert app.config["SESSION_COOKIE_SECURE"] is True
        assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")
        assert app.config["SESSION_COOKIE_HTTPONLY"] is True
        assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    finally:
        app.extensions["kyc"].engine.dispose()


def test_sign_out_ends_the_session_on_the_server(client, rt):
    sign_in(client, make_staff(rt, "agent"))
    stolen = client.get_cookie("kyc_session").value
    response = client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert (response.status_code, response.headers["Location"]) == (302, "/sign-in")
    assert client.get("/").status_code == 302
    client.set_cookie("kyc_session", stolen)  # a copy of the cookie taken before sign-out
    assert client.get("/").headers["Location"].startswith("/sign-in")
    assert entries(rt, "user:token:revoke")
    with rt.session_factory() as session:
        assert all(t.revoked_at is not None for t in session.scalars(select(ApiToken)))


def test_signing_in_again_replaces_the_live_session(client, rt):
    email = make_staff(rt, "agent")
    sign_in(client, email)
    first = client.get_cookie("kyc_session").value
    client.post("/sign-in", data={"email": email, "password": PASSWORD,
                                  "csrf_token": csrf_token(client, "/")})
    with rt.session_factory() as session:
        tokens = list(session.scalars(select(ApiToken).order_by(ApiToken.created_at)))
    assert [t.revoked_at is None for t in tokens] == [False, True]
    client.set_cookie("kyc_session", first)
    assert client.get("/").status_code == 302


def test_a_web_session_is_not_a_bearer_token(client, rt):
    sign_in(client, make_staff(rt, "agent"))
    with rt.session_factory() as session:
        token = session.scalars(select(ApiToken)).one()
    for guess in (token.id, token.token_hash):
        response = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {guess}"})
        assert response.status_code == 401


def test_idle_and_disabled_sessions_end(client, rt):
    email = make_staff(rt, "agent")
    sign_in(client, email)
    with transaction(rt.session_factory) as session:
        session.execute(update(ApiToken).values(last_used_at=utcnow() - timedelta(hours=2)))
    response = client.get("/")
    assert response.headers["Location"].startswith("/sign-in")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Oturumunuz sona erdi" in page
    sign_in(client, email)
    assert client.get("/").status_code == 200
    with transaction(rt.session_factory) as session:
        session.execute(update(User).values(is_active=False))
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(("language", "message"), [
    ("tr", "E-posta adresi veya şifre hatalı."),
    ("en", "The e-mail address or password is wrong."),
])
def test_wrong_password_shows_an_error_and_is_audited(client, rt, language, message):
    email = make_staff(rt, "agent")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    response = sign_in(client, email, password="not the password")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still signed out
    failures = [e for e in entries(rt, "auth:session:login") if e.outcome == "failure"]
    assert len(failures) == 1 and "bad_password" in failures[0].details


def test_repeated_failures_lock_the_account(client, rt):
    email = make_staff(rt, "agent")
    for _ in range(5):
        sign_in(client, email, password="wrong password!")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = sign_in(client, email, password=PASSWORD)
    assert "Too many failed attempts" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert entries(rt, "auth:session:login")[-1].outcome == "denied"


def test_empty_form_asks_for_both_fields_without_an_attempt(client, rt):
    response = client.post("/sign-in", data={"email": "", "password": "",
                                             "csrf_token": csrf_token(client)})
    assert "E-posta adresinizi ve şifrenizi girin." in response.get_data(as_text=True)
    assert entries(rt, "auth:session:login") == []


def test_forms_without_csrf_token_are_refused(client, rt):
    email = make_staff(rt, "agent")
    response = client.post("/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Formun süresi doldu" in body and "Traceback" not in body
    assert response.content_type.startswith("text/html")
    assert entries(rt, "auth:session:login") == []  # refused before the password check
    sign_in(client, email)
    assert client.post("/sign-out").status_code == 400
    assert client.get("/").status_code == 200  # still signed in


def test_the_api_needs_no_csrf_token(client, rt):
    email = make_staff(rt, "agent")
    response = client.post("/api/v1/auth/tokens", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201


@pytest.mark.parametrize(("target", "expected"), [
    ("/customers/1", "/customers/1"),
    ("/?a=b", "/?a=b"),
    ("//evil.example/x", None),
    ("https://evil.example/", None),
    ("/\\evil.example", None),
    ("evil.example", None),
    ("/x\r\nSet-Cookie: a=b", None),
    ("", None),
    (None, None),
])
def test_only_local_paths_are_followed_after_sign_in(target, expected):
    assert safe_next(target) == expected


def test_sign_in_never_redirects_off_site(client, rt):
    response = sign_in(client, make_staff(rt, "agent"), next="//evil.example/")
    assert response.headers["Location"] == "/"

"""Password sign-in for people: tokens on success, audited failures, temporary lockout."""

from __future__ import annotations

from sqlalchemy import select

from audits.models import AuditEntry
from audits.trail import AuditContext
from kyc_service.accounts import service as accounts
from kyc_service.core.db import transaction

PASSWORD = "correct horse battery staple"


def create_officer(rt, email="officer@staff.test"):
    with transaction(rt.session_factory) as session:
        accounts.create_user(session, rt.vault, AuditContext.system(), email,
                             ["compliance_officer"], password=PASSWORD)


def login_entries(rt):
    with rt.session_factory() as session:
        return list(session.scalars(select(AuditEntry).where(
            AuditEntry.action == "auth:session:login").order_by(AuditEntry.seq)))


def test_login_issues_a_working_token(client, rt):
    create_officer(rt)
    response = client.post("/api/v1/auth/tokens",
                           json={"email": "Officer@Staff.test", "password": PASSWORD})
    assert response.status_code == 201
    me = client.get("/api/v1/auth/me",
                    headers={"Authorization": f"Bearer {response.json['token']}"})
    assert me.json["roles"] == ["compliance_officer"]


def test_failed_logins_are_audited_and_lock_the_account(client, rt):
    create_officer(rt)
    for _ in range(5):
        response = client.post("/api/v1/auth/tokens",
                               json={"email": "officer@staff.test", "password": "wrong"})
        assert response.status_code == 401
        assert response.json["code"] == "login_failed"
    locked = client.post("/api/v1/auth/tokens",
                         json={"email": "officer@staff.test", "password": PASSWORD})
    assert (locked.status_code, locked.json["code"]) == (401, "login_locked")
    outcomes = [e.outcome for e in login_entries(rt)]
    assert outcomes == ["failure"] * 5 + ["denied"]


def test_unknown_user_fails_like_a_wrong_password(client, rt):
    response = client.post("/api/v1/auth/tokens",
                           json={"email": "nobody@staff.test", "password": "whatever"})
    assert (response.status_code, response.json["code"]) == (401, "login_failed")
    assert [e.outcome for e in login_entries(rt)] == ["failure"]


def test_passwords_are_stored_with_argon2(rt):
    create_officer(rt)
    with rt.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT password_hash FROM users").scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored

"""The `kyc` command as an administrator uses it."""

from __future__ import annotations

import json

from click.testing import CliRunner
from flask.cli import ScriptInfo

from kyc_service.cli import cli


def invoke(app, *args: str):
    return CliRunner().invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))


def test_users_create_prints_a_working_token_once(app, client):
    result = invoke(app, "users", "create", "--email", "Auditor@Staff.test", "--role", "auditor")
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("kyc_")
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json["roles"] == ["auditor"]
    listed = invoke(app, "users", "list", "--format", "json")
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert [(r["email"], r["roles"], r["live_tokens"]) for r in rows] == [
        ("auditor@staff.test", ["auditor"], 1)]
    assert token not in listed.output


def test_duplicate_user_and_bad_role_are_clear_errors(app):
    assert invoke(app, "users", "create", "--email", "a@staff.test", "--role", "agent"
                  ).exit_code == 0
    again = invoke(app, "users", "create", "--email", "a@staff.test", "--role", "agent")
    assert again.exit_code == 1 and "exists" in again.output
    bad = invoke(app, "users", "create", "--email", "b@staff.test", "--role", "boss")
    assert bad.exit_code == 2 and "boss" in bad.output


def test_tokens_revoke_by_email_stops_every_token(app, client):
    first = invoke(app, "users", "create", "--email", "o@staff.test", "--role",
                   "compliance_officer").output.strip().splitlines()[-1]
    second = invoke(app, "tokens", "create", "--email", "o@staff.test").output.strip()
    result = invoke(app, "tokens", "revoke", "--email", "o@staff.test")
    assert result.exit_code == 0 and "Revoked 2 token(s)" in result.output
    for token in (first, second):
        response = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert response.json["code"] == "token_revoked"
    assert invoke(app, "tokens", "revoke").exit_code == 2


def test_init_with_demo_is_idempotent_and_prints_a_token_per_role(app):
    first = invoke(app, "init", "--demo", "--demo-customers", "3")
    assert first.exit_code == 0, first.output
    assert "Demo customers created: 3." in first.output
    second = invoke(app, "init", "--demo")
    assert "Demo customers created: 0." in second.output
    for role in ("agent", "compliance_officer", "compliance_manager", "auditor", "admin",
                 "integration"):
        assert any(line.strip().startswith(role) and "kyc_" in line
                   for line in second.output.splitlines()), role

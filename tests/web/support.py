"""Helpers for page tests: staff users with passwords, CSRF tokens, signing in."""

from __future__ import annotations

import re
import uuid

from flask.testing import FlaskClient

from audits.trail import AuditContext
from kyc_service.accounts import service as accounts
from kyc_service.core.db import transaction
from kyc_service.runtime import Runtime

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_staff(rt: Runtime, *roles: str, email: str | None = None) -> str:
    """A user with `roles` and the test password; returns the e-mail address."""
    email = email or f"{uuid.uuid4().hex[:10]}@staff.test"
    with transaction(rt.session_factory) as session:
        accounts.create_user(session, rt.vault, AuditContext.system(), email, roles,
                             password=PASSWORD)
    return email


def csrf_token(client: FlaskClient, path: str = "/sign-in") -> str:
    """The CSRF token a page hands out to this client's session."""
    match = _CSRF.search(client.get(path, follow_redirects=True).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD, **extra: str):
    """POST the sign-in form as a browser would; returns the response (not followed)."""
    form = {"email": email, "password": password, "csrf_token": csrf_token(client), **extra}
    return client.post("/sign-in", data=form)


def signed_in_client(client: FlaskClient, rt: Runtime, *roles: str) -> FlaskClient:
    response = sign_in(client, make_staff(rt, *roles))
    assert response.status_code == 302, response.get_data(as_text=True)
    return client

"""Who is calling: bearer tokens -> `Actor`, and the permission check for every request.

Runs before each request: (1) find the endpoint's permission, refusing unlisted ones;
(2) authenticate the bearer token; (3) pick the acting role or refuse. Refusals are
audited in their own transaction, since the request's own transaction never commits.
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass

from flask import Flask, g, request

from audits.tags import AuditAction, Outcome
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.accounts.roles import Role
from kyc_service.accounts.service import authenticate_token
from kyc_service.core.db import transaction, utcnow
from kyc_service.core.errors import NotFound, PermissionDenied, Unauthenticated
from kyc_service.permissions import Permission, acting_role, permission_for
from kyc_service.request_scope import db_session, runtime

log = logging.getLogger(__name__)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


@dataclass(frozen=True)
class Actor:
    user_id: str
    roles: frozenset[str]
    role: Role
    token_id: str

    def audit_context(self) -> AuditContext:
        return AuditContext(self.user_id, self.role.value, g.request_id, request.remote_addr)


def current_actor() -> Actor:
    actor: Actor | None = g.get("actor")
    if actor is None:  # the permission check always runs first; this is a wiring bug
        raise Unauthenticated()
    return actor


def anonymous_context() -> AuditContext:
    return AuditContext(None, "anonymous", g.get("request_id"), request.remote_addr)


def _assign_request_id() -> None:
    supplied = request.headers.get("X-Request-Id", "")
    g.request_id = supplied if _REQUEST_ID.match(supplied) else uuid.uuid4().hex


def _audit_refusal(user_id: str | None, reason: str) -> None:
    pending = g.get("db_session")
    if pending is not None:
        pending.rollback()  # release its locks: the refusal commits on its own
    ctx = AuditContext(user_id, "anonymous" if user_id is None else "user", g.request_id,
                       request.remote_addr)
    event = AuditEvent(AuditAction.AUTH_DENIED, outcome=Outcome.DENIED, object_type="endpoint",
                       object_id=(request.endpoint or "")[:64],
                       details={"method": request.method, "reason": reason})
    try:
        with transaction(runtime().session_factory) as session:
            record(session, ctx, event)
    except Exception:  # the refusal itself must still reach the client
        log.exception("could not audit a refused request", extra={"request_id": g.request_id})


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def _check_request() -> None:
    permission: Permission | None = permission_for(request.method, request.endpoint)
    if request.endpoint is None or (permission is not None and permission.public):
        return  # unknown URLs get their 404 from routing; public endpoints need no token
    if request.blueprint == "web":
        return  # pages act for the signed-in session user: kyc_service.web.blueprint checks
    secret = _bearer_token()
    if secret is None:
        _audit_refusal(None, "no_token")
        raise Unauthenticated("Send an API token as 'Authorization: Bearer <token>'.",
                              code="token_missing")
    session = db_session()
    try:
        token = authenticate_token(session, secret)
    except Unauthenticated as exc:
        _audit_refusal(None, exc.code)
        raise
    role = acting_role(token.user.role_names, permission) if permission else None
    if role is None:
        _audit_refusal(token.user_id, "role_not_allowed" if permission else "no_permission_rule")
        if permission is None:
            log.error("no permission rule for %s %s", request.method, request.endpoint)
        if permission is not None and permission.hide_as_not_found:
            raise NotFound()
        raise PermissionDenied()
    if token.last_used_at is None or (utcnow() - token.last_used_at).total_seconds() > 60:
        token.last_used_at = utcnow()
    g.actor = Actor(token.user_id, token.user.role_names, role, token.id)


def init_app(app: Flask) -> None:
    app.before_request(_assign_request_id)
    app.before_request(_check_request)

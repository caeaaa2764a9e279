"""/api/v1/auth: sign in with e-mail and password for a short-lived token; who am I."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_smorest import Blueprint

from audits.trail import AuditContext
from kyc_service.accounts import service as accounts
from kyc_service.accounts.models import User
from kyc_service.api.schemas import LoginSchema, TokenSchema, WhoAmISchema
from kyc_service.auth import anonymous_context, current_actor
from kyc_service.core.db import transaction
from kyc_service.core.errors import Unauthenticated
from kyc_service.request_scope import db_session, runtime

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth",
                description="Tokens for people; the operator's backend uses issued tokens.")


@blp.route("/tokens", methods=["POST"])
@blp.arguments(LoginSchema)
@blp.response(201, TokenSchema)
def login(data: dict[str, Any]) -> dict[str, Any]:
    """Exchange e-mail and password for a token. Failures are audited and rate-limited."""
    rt = runtime()
    # Failed attempts must be remembered even though the request answers 401, so the
    # check commits in its own transaction rather than the request's.
    refusal: Unauthenticated | None = None
    with transaction(rt.session_factory) as session:
        try:
            user_id = accounts.check_password(session, rt.vault, anonymous_context(),
                                              data["email"], data["password"]).id
        except Unauthenticated as exc:
            refusal = exc
    if refusal is not None:
        raise refusal
    session = db_session()
    user = session.get(User, user_id)
    if user is None:  # deleted between the two transactions
        raise Unauthenticated("E-mail or password is wrong.", code="login_failed")
    ctx = anonymous_context()
    token, secret = accounts.issue_token(
        session, AuditContext(user_id, "user", ctx.request_id, ctx.client_ip), user,
        timedelta(hours=rt.settings.login_token_ttl_hours), label="login")
    return {"token": secret, "token_id": token.id, "expires_at": token.expires_at}


@blp.route("/me", methods=["GET"])
@blp.response(200, WhoAmISchema)
def whoami() -> dict[str, Any]:
    """The caller's user id, roles and the role this request acts in."""
    actor = current_actor()
    return {"user_id": actor.user_id, "roles": sorted(actor.roles),
            "acting_role": actor.role.value, "token_id": actor.token_id}


@blp.route("/tokens/current", methods=["DELETE"])
@blp.response(204)
def logout() -> None:
    """Revoke the token this request was made with."""
    actor = current_actor()
    accounts.revoke_tokens(db_session(), actor.audit_context(), token_id=actor.token_id)

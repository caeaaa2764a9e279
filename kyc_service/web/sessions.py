"""Server-side records of browser sign-ins, so sign-out and account changes bite at once.

A sign-in is an `ApiToken` row labelled `web-session` whose secret is thrown away: the
browser's signed cookie carries only the row id, and the row decides whether the
session lives (not revoked, not expired, not idle, account active). Because no secret
exists, the row can never be used as a bearer token. Revoking a user's tokens (e.g. when
the account is disabled) also ends their browser sessions. No Flask here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from audits.trail import AuditContext
from kyc_service.accounts import service as accounts
from kyc_service.accounts.models import ApiToken, User
from kyc_service.core.db import utcnow
from kyc_service.core.errors import NotFound

WEB_SESSION_LABEL = "web-session"
# Writing last_used_at on every page view would turn every read into a write.
TOUCH_INTERVAL = timedelta(seconds=60)


def open_session(session: Session, ctx: AuditContext, user: User, lifetime: timedelta) -> str:
    """A new session id for `user`; the token creation is audited in the caller's session."""
    token, _unused_secret = accounts.issue_token(session, ctx, user, lifetime,
                                                 label=WEB_SESSION_LABEL)
    return token.id


def live_session(
    session: Session, session_id: str, idle: timedelta, now: datetime | None = None,
) -> ApiToken | None:
    """The session's row if it may still act, else None; marks it used."""
    now = now or utcnow()
    token = session.get(ApiToken, session_id)
    if token is None or token.label != WEB_SESSION_LABEL:
        return None
    if token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    last_seen = token.last_used_at or token.created_at
    if now - last_seen > idle:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_INTERVAL:
        token.last_used_at = now
    return token


def close_session(session: Session, ctx: AuditContext, session_id: str) -> bool:
    """Revoke the session (audited); False when it was already gone."""
    try:
        accounts.revoke_tokens(session, ctx, token_id=session_id)
    except NotFound:
        return False
    return True

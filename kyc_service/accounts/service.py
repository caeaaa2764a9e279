"""Creating users, issuing and checking tokens, passwords: plain functions over a session.

Every change appends its audit entry to the same session; the caller commits.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from audits.tags import AuditAction, Outcome
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.accounts.models import ApiToken, User, UserRole
from kyc_service.accounts.roles import Role
from kyc_service.core.crypto import FieldCipher
from kyc_service.core.db import new_id, utcnow
from kyc_service.core.errors import Conflict, NotFound, Unauthenticated, ValidationFailed
from kyc_service.core.vault import Vault

STAFF_KEY = "staff"
TOKEN_PREFIX = "kyc_"  # noqa: S105 (a prefix, not a secret)
_hasher = PasswordHasher()


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _email_cipher(vault: Vault, session: Session, user_id: str) -> FieldCipher:
    key, dek = vault.data_keys.system_key(session, STAFF_KEY)
    return FieldCipher(dek, key.id, "users", user_id)


def _validate_roles(roles: Iterable[str]) -> list[Role]:
    try:
        parsed = sorted({Role(r) for r in roles})
    except ValueError:
        raise ValidationFailed(
            fields={"role": [f"Roles are: {', '.join(r.value for r in Role)}."]}
        ) from None
    if not parsed:
        raise ValidationFailed(fields={"role": ["At least one role is required."]})
    return parsed


def create_user(
    session: Session,
    vault: Vault,
    ctx: AuditContext,
    email: str,
    roles: Iterable[str],
    password: str | None = None,
) -> User:
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise ValidationFailed(fields={"email": ["Not a valid e-mail address."]})
    parsed_roles = _validate_roles(roles)
    bidx = vault.blind_index("staff_email", email)
    if session.scalar(select(User.id).where(User.email_bidx == bidx)):
        raise Conflict("A user with this e-mail address exists.", code="user_exists")
    user = User(id=new_id(), email_bidx=bidx)
    user.email_enc = _email_cipher(vault, session, user.id).seal("email", email)
    user.roles = [UserRole(role=r.value) for r in parsed_roles]
    if password is not None:
        set_password(user, password)
    session.add(user)
    session.flush()
    record(session, ctx, AuditEvent(
        AuditAction.USER_CREATE, object_type="user", object_id=user.id,
        details={"roles": [r.value for r in parsed_roles]},
    ))
    return user


def set_password(user: User, password: str) -> None:
    if len(password) < 12:
        raise ValidationFailed(fields={"password": ["Use at least 12 characters."]})
    user.password_hash = _hasher.hash(password)


def user_email(session: Session, vault: Vault, user: User) -> str:
    return _email_cipher(vault, session, user.id).open("email", user.email_enc) or ""


def find_user_by_email(session: Session, vault: Vault, email: str) -> User:
    user = session.scalar(
        select(User).where(User.email_bidx == vault.blind_index(
            "staff_email", normalise_email(email)))
    )
    if user is None:
        raise NotFound("No user with this e-mail address.", code="user_not_found")
    return user


def issue_token(
    session: Session, ctx: AuditContext, user: User, ttl: timedelta, label: str = ""
) -> tuple[ApiToken, str]:
    """A new token; the secret is returned once and only its hash is stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        id=new_id(), user_id=user.id, token_hash=hash_token(secret), label=label[:64],
        expires_at=utcnow() + ttl,
    )
    session.add(token)
    session.flush()
    record(session, ctx, AuditEvent(
        AuditAction.TOKEN_CREATE, object_type="api_token", object_id=token.id,
        details={"user_id": user.id, "expires_at": token.expires_at.isoformat()},
    ))
    return token, secret


def authenticate_token(session: Session, secret: str, now: datetime | None = None) -> ApiToken:
    now = now or utcnow()
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
    if token is None:
        raise Unauthenticated("The access token is not valid.", code="token_invalid")
    if token.revoked_at is not None:
        raise Unauthenticated("The access token was revoked.", code="token_revoked")
    if token.expires_at <= now:
        raise Unauthenticated("The access token has expired.", code="token_expired")
    if not token.user.is_active:
        raise Unauthenticated("The account is disabled.", code="account_disabled")
    return token


def revoke_tokens(
    session: Session, ctx: AuditContext, *, token_id: str | None = None, user_id: str | None = None
) -> int:
    """Revoke one token or all of a user's live tokens; returns how many were revoked."""
    if (token_id is None) == (user_id is None):
        raise ValidationFailed("Name exactly one token or one user.")
    query = select(ApiToken).where(ApiToken.revoked_at.is_(None))
    query = query.where(ApiToken.id == token_id) if token_id else query.where(
        ApiToken.user_id == user_id)
    tokens = list(session.scalars(query))
    if token_id and not tokens:
        raise NotFound("No live token with this id.", code="token_not_found")
    now = utcnow()
    for token in tokens:
        token.revoked_at = now
        record(session, ctx, AuditEvent(
            AuditAction.TOKEN_REVOKE, object_type="api_token", object_id=token.id,
            details={"user_id": token.user_id},
        ))
    session.flush()
    return len(tokens)


def check_password(
    session: Session, vault: Vault, ctx: AuditContext, email: str, password: str,
    policy: LoginPolicy | None = None,
) -> User:
    """Verify a login; failures are audited and count towards a temporary lockout.

    The caller must commit even when this raises, so that failures are remembered.
    """
    policy = policy or LoginPolicy()
    now = utcnow()
    try:
        user = find_user_by_email(session, vault, email)
    except NotFound:
        _audit_login(session, ctx, None, Outcome.FAILURE, "unknown_user")
        raise Unauthenticated("E-mail or password is wrong.", code="login_failed") from None
    if user.locked_until is not None and user.locked_until > now:
        _audit_login(session, ctx, user.id, Outcome.DENIED, "locked")
        raise Unauthenticated("Too many failed attempts; try again later.", code="login_locked")
    try:
        ok = user.password_hash is not None and user.is_active and _hasher.verify(
            user.password_hash, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        failures = user.failed_logins + 1
        values: dict[str, object] = {"failed_logins": failures}
        if failures >= policy.max_failures:
            values = {"failed_logins": 0, "locked_until": now + policy.lockout}
        session.execute(update(User).where(User.id == user.id).values(**values))
        _audit_login(session, ctx, user.id, Outcome.FAILURE, "bad_password")
        raise Unauthenticated("E-mail or password is wrong.", code="login_failed")
    user.failed_logins, user.locked_until = 0, None
    _audit_login(session, ctx, user.id, Outcome.SUCCESS, None)
    return user


def _audit_login(
    session: Session, ctx: AuditContext, user_id: str | None, outcome: Outcome, reason: str | None
) -> None:
    details = {"reason": reason} if reason else {}
    record(session, AuditContext(user_id, ctx.actor_role, ctx.request_id, ctx.client_ip),
           AuditEvent(AuditAction.AUTH_LOGIN, outcome=outcome, object_type="user",
                      object_id=user_id, details=details))

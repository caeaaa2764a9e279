"""The `kyc` command: set-up, users and tokens, audit checks, and serving.

Built on Flask's CLI group, so every command runs inside the configured app.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import sys
import uuid
from datetime import timedelta
from typing import Any

import click
from flask import Flask
from flask.cli import FlaskGroup, routes_command, shell_command
from sqlalchemy import func, select

from audits.checkpoints import AuditLogSettings
from audits.signing import create_signing_key, signing_key_path
from audits.trail import AuditContext
from audits.verify import verify_chain
from kyc_service import create_app
from kyc_service.accounts import service as accounts
from kyc_service.accounts.models import ApiToken, User
from kyc_service.accounts.roles import Role
from kyc_service.cli_aml import aml_group, demo_group
from kyc_service.cli_audit import register as register_audit_commands
from kyc_service.cli_backup import backup_group
from kyc_service.cli_cases import cases_group
from kyc_service.cli_documents import documents_group
from kyc_service.cli_keys import keys_group
from kyc_service.cli_privacy import privacy_group
from kyc_service.cli_screening import screening_group
from kyc_service.core import migrate
from kyc_service.core.db import transaction, utcnow
from kyc_service.core.errors import KycError
from kyc_service.core.keyfile import create_key_file
from kyc_service.request_scope import runtime

cli = FlaskGroup(create_app=create_app, add_default_commands=False,
                 load_dotenv=False, help="KYC/AML case management service.")
cli.add_command(shell_command)
cli.add_command(routes_command)
cli.add_command(documents_group)
cli.add_command(aml_group)
cli.add_command(demo_group)
cli.add_command(screening_group)
cli.add_command(keys_group)
cli.add_command(privacy_group)
cli.add_command(cases_group)
cli.add_command(backup_group)


def cli_context() -> AuditContext:
    return AuditContext(f"cli:{getpass.getuser()}"[:36], "system:cli", uuid.uuid4().hex)


def fail(message: str) -> None:
    raise click.ClickException(message)


@cli.command("init")
@click.option("--demo", is_flag=True, help="Also create demo users (one per role) and customers.")
@click.option("--demo-customers", default=25, show_default=True)
def init_command(demo: bool, demo_customers: int) -> None:
    """Create the data directory and master key, migrate the database (idempotent)."""
    from kyc_service.demo import demo_email, ensure_demo_customers, ensure_demo_users

    rt = runtime()
    logging.getLogger("alembic").setLevel(logging.WARNING)
    rt.settings.data_dir.mkdir(parents=True, exist_ok=True)
    rt.settings.storage_dir.mkdir(parents=True, exist_ok=True)
    if create_key_file(rt.settings.key_file):
        click.echo(f"Created master key file {rt.settings.key_file} (mode 0600). Back it up.")
        rt.reload_keys()
    signing_path = signing_key_path(rt.settings.key_file)
    if create_signing_key(signing_path, AuditLogSettings.from_env().origin):
        click.echo(f"Created audit signing key {signing_path} (mode 0600). Back it up.")
    migrate.upgrade(rt.engine)
    click.echo(f"Database at revision {migrate.current_revision(rt.engine)}.")
    if not demo:
        return
    ctx = cli_context()
    with transaction(rt.session_factory) as session:
        users = ensure_demo_users(session, rt.vault, ctx)
        created = ensure_demo_customers(session, rt.vault, ctx, demo_customers)
        tokens = {role: accounts.issue_token(session, ctx, user, timedelta(days=30), "demo")[1]
                  for role, user in users.items()}
    click.echo(f"Demo customers created: {created}.")
    click.echo("Demo API tokens (valid 30 days; shown once):")
    for role, secret in tokens.items():
        click.echo(f"  {role.value:<19} {demo_email(role):<40} {secret}")


@cli.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
@click.option("--revision", default="heads", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply migrations up to a revision."""
    migrate.upgrade(runtime().engine, revision)
    click.echo(f"Database at revision {migrate.current_revision(runtime().engine)}.")


@db_group.command("current")
def db_current() -> None:
    """Show the applied and the latest revision."""
    engine = runtime().engine
    current, head = migrate.current_revision(engine), migrate.head_revision(engine)
    click.echo(f"current: {current}  head: {head}")


@cli.group("users")
def users_group() -> None:
    """Staff accounts."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--role", "roles", required=True, multiple=True,
              type=click.Choice([r.value for r in Role]), help="Repeat for several roles.")
@click.option("--password", is_flag=True, help="Prompt for a password (for the web pages).")
@click.option("--token-days", default=90, show_default=True, type=click.IntRange(1, 3650))
def users_create(email: str, roles: tuple[str, ...], password: bool, token_days: int) -> None:
    """Create a user and print a new API token once."""
    secret_password = (click.prompt("Password", hide_input=True, confirmation_prompt=True)
                       if password else None)
    rt = runtime()
    ctx = cli_context()
    try:
        with transaction(rt.session_factory) as session:
            user = accounts.create_user(session, rt.vault, ctx, email, roles, secret_password)
            token, secret = accounts.issue_token(session, ctx, user, timedelta(days=token_days),
                                                 "cli")
    except KycError as exc:
        fail(_describe(exc))
    click.echo(f"Created user {user.id} with roles {', '.join(sorted(roles))}.")
    click.echo(f"API token (shown once, expires {token.expires_at:%Y-%m-%d}):")
    click.echo(secret)


@users_group.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def users_list(fmt: str) -> None:
    """List users with their roles and live tokens."""
    rt = runtime()
    with transaction(rt.session_factory) as session:
        live = dict(session.execute(
            select(ApiToken.user_id, func.count()).where(
                ApiToken.revoked_at.is_(None), ApiToken.expires_at > utcnow())
            .group_by(ApiToken.user_id)).all())
        rows: list[dict[str, Any]] = [
            {"id": u.id, "email": accounts.user_email(session, rt.vault, u),
             "roles": sorted(u.role_names), "active": u.is_active,
             "live_tokens": live.get(u.id, 0)}
            for u in session.scalars(select(User).order_by(User.created_at))]
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(row))
        return
    for row in rows:
        click.echo(f"{row['id']}  {row['email']:<40} {','.join(row['roles']):<32} "
                   f"tokens={row['live_tokens']}{'' if row['active'] else '  (disabled)'}")


@cli.group("tokens")
def tokens_group() -> None:
    """API tokens."""


@tokens_group.command("create")
@click.option("--email", required=True)
@click.option("--days", default=90, show_default=True, type=click.IntRange(1, 3650))
@click.option("--label", default="cli")
def tokens_create(email: str, days: int, label: str) -> None:
    """Issue another token for a user; printed once."""
    rt = runtime()
    try:
        with transaction(rt.session_factory) as session:
            user = accounts.find_user_by_email(session, rt.vault, email)
            _, secret = accounts.issue_token(session, cli_context(), user, timedelta(days=days),
                                             label)
    except KycError as exc:
        fail(_describe(exc))
    click.echo(secret)


@tokens_group.command("revoke")
@click.option("--id", "token_id", help="Revoke this token.")
@click.option("--email", help="Revoke every live token of this user.")
def tokens_revoke(token_id: str | None, email: str | None) -> None:
    """Revoke one token, or all of a user's tokens."""
    if (token_id is None) == (email is None):
        raise click.UsageError("Give exactly one of --id or --email.")
    rt = runtime()
    try:
        with transaction(rt.session_factory) as session:
            user_id = accounts.find_user_by_email(session, rt.vault, email).id if email else None
            count = accounts.revoke_tokens(session, cli_context(), token_id=token_id,
                                           user_id=user_id)
    except KycError as exc:
        fail(_describe(exc))
    click.echo(f"Revoked {count} token(s).")


@cli.group("audit")
def audit_group() -> None:
    """The audit trail."""


register_audit_commands(audit_group)


@audit_group.command("verify")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def audit_verify(fmt: str) -> None:
    """Recompute the hash chain; exit 1 and name the first bad entry if it is broken."""
    rt = runtime()
    with transaction(rt.session_factory) as session:
        report = verify_chain(session)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict()))
    elif report.ok:
        click.echo(f"OK: {report.entries_checked} entries, chain intact.")
    else:
        click.echo(f"BROKEN at entry {report.first_bad_seq}: {report.problem} "
                   f"({report.entries_checked} entries verified before it).")
    sys.exit(0 if report.ok else 1)


@cli.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--debug/--no-debug", default=False)
def run_command(host: str, port: int, debug: bool) -> None:
    """Development server (single process, reloads with --debug)."""
    from flask import current_app

    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if not debug or os.environ.get("WERKZEUG_RUN_MAIN"):  # not in the reloader's parent
        runtime().runner.start()
    app.run(host=host, port=port, debug=debug, use_reloader=debug)


@cli.command("serve")
@click.option("--bind", default="127.0.0.1:8000", show_default=True)
@click.option("--workers", default=2, show_default=True)
@click.option("--threads", default=4, show_default=True)
def serve_command(bind: str, workers: int, threads: int) -> None:
    """Production server (gunicorn)."""
    from kyc_service.serve import serve

    serve(bind=bind, workers=workers, threads=threads)


def _describe(error: KycError) -> str:
    details = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.fields.items())
    return f"{error.detail}{' (' + details + ')' if details else ''}"


def main() -> None:
    cli.main(prog_name="kyc")

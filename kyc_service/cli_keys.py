"""`kyc keys`: master-key rotation and retirement (see kyc_service.core.rotation)."""

from __future__ import annotations

import getpass
import uuid

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.db import transaction
from kyc_service.core.errors import KycError
from kyc_service.core.keyfile import FileKeyProvider
from kyc_service.core.rotation import (
    add_master_key,
    data_keys_by_master_key,
    retire_master_key,
    rewrap_data_keys,
)
from kyc_service.request_scope import runtime


def _context() -> AuditContext:
    return AuditContext(f"cli:{getpass.getuser()}"[:36], "system:cli", uuid.uuid4().hex)


@click.group("keys", cls=AppGroup)
def keys_group() -> None:
    """Master keys: rotate, retire, status."""


@keys_group.command("rotate")
@click.option("--resume", is_flag=True,
              help="Do not add a key; finish re-wrapping under the active one.")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 100_000))
def rotate(resume: bool, batch_size: int) -> None:
    """Add a new active master key and re-wrap every data key under it, online."""
    rt = runtime()
    path = rt.settings.key_file
    ctx = _context()
    if not resume:
        previous, new_id = add_master_key(path)
        with transaction(rt.session_factory) as session:
            record(session, ctx, AuditEvent(AuditAction.KEY_ROTATE, object_type="master_key",
                                            object_id=new_id, details={"previous": previous}))
        click.echo(f"Added master key {new_id} (active); {previous} stays until retired.")
    keyring = FileKeyProvider(path).load()

    def audit_batch(session: Session, moved: dict[str, int]) -> None:
        record(session, ctx, AuditEvent(
            AuditAction.KEY_REWRAP, object_type="master_key",
            object_id=keyring.active_master_key_id, details={"from": moved}))

    progress = rewrap_data_keys(rt.session_factory, keyring, batch_size, audit_batch)
    rt.reload_keys()
    click.echo(f"Re-wrapped {progress.rewrapped} data key(s) in {progress.batches} batch(es) "
               f"under {keyring.active_master_key_id}.")


@keys_group.command("retire")
@click.argument("key_id")
def retire(key_id: str) -> None:
    """Remove a master key; refused while it is active or any data key depends on it."""
    rt = runtime()
    try:
        with transaction(rt.session_factory) as session:
            retire_master_key(rt.settings.key_file, session, key_id)
            record(session, _context(), AuditEvent(AuditAction.KEY_RETIRE,
                                                   object_type="master_key", object_id=key_id))
    except KycError as exc:
        raise click.ClickException(exc.detail) from None
    click.echo(f"Retired master key {key_id}.")


@keys_group.command("status")
def status() -> None:
    """Master keys in the keyring and how many data keys each one wraps."""
    rt = runtime()
    keyring = FileKeyProvider(rt.settings.key_file).load()
    with transaction(rt.session_factory) as session:
        counts = data_keys_by_master_key(session)
    for key_id in sorted(set(keyring.master_keys) | set(counts)):
        marker = " (active)" if key_id == keyring.active_master_key_id else ""
        missing = "" if key_id in keyring.master_keys else "  MISSING FROM KEYRING"
        click.echo(f"{key_id}{marker}: {counts.get(key_id, 0)} data key(s){missing}")

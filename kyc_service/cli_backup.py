"""`kyc backup create|restore`: database + blob backups that never resurrect erased data."""

from __future__ import annotations

import getpass
import logging
import uuid
from pathlib import Path

import click
from flask.cli import AppGroup

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core import backup, migrate
from kyc_service.core.db import transaction
from kyc_service.core.errors import KycError
from kyc_service.core.shredledger import ShredLedger, ledger_path
from kyc_service.privacy.reshred import reapply_ledger
from kyc_service.request_scope import runtime


def _context() -> AuditContext:
    return AuditContext(f"cli:{getpass.getuser()}"[:36], "system:cli", uuid.uuid4().hex)


def _fail(error: KycError) -> None:
    raise click.ClickException(f"{error.detail} ({error.code})")


@click.group("backup", cls=AppGroup)
def backup_group() -> None:
    """Backups of the database and documents; restore re-applies the shred ledger."""


@backup_group.command("create")
@click.option("--output", required=True, type=click.Path(path_type=Path),
              help="A new (or empty) directory for the backup.")
def create(output: Path) -> None:
    """Snapshot the database, then copy the stored blobs, then write a manifest."""
    rt = runtime()
    try:
        manifest = backup.create_backup(rt.engine, rt.settings.storage_dir, output)
        with transaction(rt.session_factory) as session:
            record(session, _context(), AuditEvent(
                AuditAction.BACKUP_CREATE, object_type="backup", details={
                    "created_at": manifest["created_at"], "files": len(manifest["files"]),
                    "alembic_heads": manifest["alembic_heads"]}))
    except KycError as exc:
        _fail(exc)
    heads = ",".join(manifest["alembic_heads"])
    click.echo(f"Backup written to {output}: database snapshot and "
               f"{len(manifest['files']) - 1} blob(s), schema {heads}.")
    click.echo(f"The key file ({rt.settings.key_file}) and the shred ledger "
               f"({ledger_path(rt.settings.key_file)}) are NOT in the backup: back them up "
               "separately, through another channel. Without the key file the backup is "
               "unreadable.")


@backup_group.command("restore")
@click.argument("source", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--yes", is_flag=True, help="Overwrite a database and document store in use.")
def restore(source: Path, yes: bool) -> None:
    """Restore a backup, then destroy again every key the shred ledger lists."""
    rt = runtime()
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        manifest = backup.read_manifest(source)
        backup.check_heads(rt.engine, manifest)
        if backup.target_in_use(rt.engine, rt.settings.storage_dir) and not yes:
            raise click.ClickException(
                "The configured database or document store is not empty; pass --yes to "
                "replace it with the backup.")
        result = backup.restore_files(rt.engine, rt.settings.storage_dir, source, manifest)
        migrate.upgrade(rt.engine)
        with transaction(rt.session_factory) as session:
            shredded = reapply_ledger(session, _context(),
                                      ShredLedger(ledger_path(rt.settings.key_file)),
                                      manifest["created_at"])
    except KycError as exc:
        _fail(exc)
    click.echo(f"Restored the backup of {manifest['created_at']}: {result.tables} table(s), "
               f"{result.blobs} blob(s); schema now {migrate.current_revision(rt.engine)}.")
    click.echo(f"Data keys destroyed again from the shred ledger: {len(shredded)}.")

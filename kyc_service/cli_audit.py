"""`kyc audit ...` subcommands for the verifiable log: signing key, checkpoints, export
bundles and their offline verification. `register(audit_group)` adds them."""

from __future__ import annotations

import getpass
import json
import os
import sys
import uuid
from datetime import datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from audits.bundle_verify import verify_bundle
from audits.checkpoints import AuditLogSettings, publish_checkpoint
from audits.export_job import export_chunks, prepare_export
from audits.log_verify import verify_against_checkpoint
from audits.search import AuditFilter
from audits.signing import (
    create_signing_key,
    load_public_pem,
    load_signer,
    public_pem,
    rotate_signing_key,
    signing_key_path,
)
from audits.trail import AuditContext
from kyc_service.core.db import transaction
from kyc_service.request_scope import runtime


def _context() -> AuditContext:
    return AuditContext(f"cli:{getpass.getuser()}"[:36], "system:cli", uuid.uuid4().hex)


def _signing_path() -> Path:
    return signing_key_path(runtime().settings.key_file)


@click.command("keygen")
@with_appcontext
def keygen() -> None:
    """Create the audit signing key (Ed25519, its own 0600 file); idempotent."""
    path = _signing_path()
    if create_signing_key(path, AuditLogSettings.from_env().origin):
        click.echo(f"Created audit signing key {path} (mode 0600). Back it up.")
    else:
        click.echo(f"Audit signing key {path} exists.")


@click.command("rotate-signing-key")
@with_appcontext
def rotate_signing() -> None:
    """New signing key for future checkpoints; old public keys stay for old ones."""
    key_id = rotate_signing_key(_signing_path(), AuditLogSettings.from_env().origin)
    click.echo(f"Active signing key is now {key_id}; publish its public key to auditors.")


@click.command("public-key")
@with_appcontext
def public_key() -> None:
    """Print the signing public key (PEM) to hand to auditors."""
    click.echo(public_pem(load_signer(_signing_path()).public_key).decode(), nl=False)


@click.command("checkpoint")
@with_appcontext
@click.option("--force", is_flag=True, help="Sign a new checkpoint even if nothing changed.")
def checkpoint(force: bool) -> None:
    """Publish a signed checkpoint now and print it (the scheduler runs this too)."""
    rt = runtime()
    with transaction(rt.session_factory) as session:
        row = publish_checkpoint(session, load_signer(_signing_path()), force=force)
        note = row.note
    click.echo(note, nl=False)


@click.command("export")
@with_appcontext
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl")
@click.option("--since", type=click.DateTime(), help="UTC, occurred_at >= since.")
@click.option("--until", type=click.DateTime(), help="UTC, occurred_at < until.")
@click.option("--from-seq", type=int)
@click.option("--to-seq", type=int)
@click.option("--actor", "actor_id")
@click.option("--action", help="A tag, or a prefix ending in ':'.")
@click.option("--object-type")
@click.option("--object-id")
@click.option("--customer-ref")
@click.option("--outcome", type=click.Choice(["success", "denied", "failure"]))
@click.option("--consistent-with", type=int, help="Tree size of a checkpoint you hold.")
def export(output: Path, fmt: str, consistent_with: int | None, **filters: object) -> None:
    """Write a signed export bundle (zip) for auditors."""
    from datetime import UTC

    for name in ("since", "until"):
        value = filters[name]
        if isinstance(value, datetime):
            filters[name] = value.replace(tzinfo=UTC)
    rt = runtime()
    signer = load_signer(_signing_path())
    with transaction(rt.session_factory) as session:
        spec = prepare_export(session, signer, _context(), AuditFilter.from_mapping(filters),
                              fmt, consistent_with)
    partial = output.with_name(f".{output.name}.partial")
    with partial.open("wb") as handle:
        for chunk in export_chunks(rt.engine, spec, signer):
            handle.write(chunk)
    os.replace(partial, output)
    click.echo(f"Wrote {output} (checkpoint tree size {spec.tree_size}).")


@click.command("verify-bundle")
@with_appcontext
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--public-key", "key_file", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--checkpoint", "kept", type=click.Path(exists=True, dir_okay=False,
                                                       path_type=Path),
              help="A checkpoint you kept earlier: require proven consistency with it.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def verify_bundle_command(bundle: Path, key_file: Path, kept: Path | None, fmt: str) -> None:
    """Verify a bundle offline (no database): signatures, hashes, chain, proofs."""
    report = verify_bundle(bundle, load_public_pem(key_file.read_bytes()),
                           kept.read_text("utf-8") if kept else None)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict()))
    elif report.ok:
        click.echo(f"OK: {report.count} entries; checked {', '.join(report.passed)}.")
    else:
        where = f" at entry {report.first_bad_seq}" if report.first_bad_seq else ""
        click.echo(f"FAILED ({report.failed_step}){where}: {report.problem}")
    sys.exit(0 if report.ok else 1)


@click.command("verify-log")
@with_appcontext
@click.option("--checkpoint", "kept", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--public-key", "key_file", type=click.Path(exists=True, dir_okay=False,
                                                           path_type=Path))
def verify_log(kept: Path, key_file: Path | None) -> None:
    """Verify the database against a checkpoint you kept; names the first bad entry."""
    key = (load_public_pem(key_file.read_bytes()) if key_file
           else load_signer(_signing_path()).public_key)
    rt = runtime()
    with transaction(rt.session_factory) as session:
        report = verify_against_checkpoint(session, kept.read_text("utf-8"), key)
    if report.ok:
        click.echo(f"OK: the log extends the checkpoint of {report.checkpoint_size} entries.")
    else:
        click.echo(f"BROKEN at entry {report.first_bad_seq}: {report.problem}")
    sys.exit(0 if report.ok else 1)


def register(group: click.Group) -> None:
    for command in (keygen, rotate_signing, public_key, checkpoint, export,
                    verify_bundle_command, verify_log):
        group.add_command(command)

"""`kyc privacy ...`: data-subject requests, legal holds, periodic destruction, reports."""

from __future__ import annotations

import getpass
import json
import sys
import uuid
from datetime import datetime
from pathlib import Path

import click
from flask.cli import AppGroup

from audits.privacy.records import to_csv, to_json
from audits.trail import AuditContext
from kyc_service.core.db import transaction
from kyc_service.core.errors import KycError
from kyc_service.privacy import access, requests, retention
from kyc_service.privacy.models import RequestKind
from kyc_service.privacy.records import records_of_processing
from kyc_service.privacy.wiring import privacy_deps
from kyc_service.request_scope import runtime


def _context() -> AuditContext:
    return AuditContext(f"cli:{getpass.getuser()}"[:36], "system:cli", uuid.uuid4().hex)


def _fail(error: KycError) -> None:
    raise click.ClickException(f"{error.detail} ({error.code})")


@click.group("privacy", cls=AppGroup)
def privacy_group() -> None:
    """Data-subject requests (KVKK/GDPR), retention and destruction, records of processing."""


@privacy_group.command("request")
@click.option("--customer", "customer_id", required=True)
@click.option("--kind", type=click.Choice(RequestKind.ALL), required=True)
@click.option("--jurisdiction", type=click.Choice(["TR", "EU"]))
@click.option("--changes", help="Rectification: JSON object of fields to change.")
def create(customer_id: str, kind: str, jurisdiction: str | None, changes: str | None) -> None:
    """Record a request; rectification and erasure are carried out at once."""
    rt = runtime()
    try:
        with transaction(rt.session_factory) as session:
            created = requests.create_request(
                session, _context(), privacy_deps(rt), customer_id=customer_id, kind=kind,
                channel="cli", jurisdiction=jurisdiction,
                changes=json.loads(changes) if changes else None)
            view = requests.request_view(created)
    except KycError as exc:
        _fail(exc)
    click.echo(json.dumps(view, default=str, sort_keys=True))


@privacy_group.command("show")
@click.argument("request_id")
def show(request_id: str) -> None:
    """A request with its deadline and status."""
    rt = runtime()
    try:
        with transaction(rt.session_factory) as session:
            view = requests.request_view(requests.get_request(session, request_id))
    except KycError as exc:
        _fail(exc)
    click.echo(json.dumps(view, default=str, sort_keys=True))


@privacy_group.command("export")
@click.argument("request_id")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export(request_id: str, output: Path) -> None:
    """Write the access export zip (audited)."""
    rt = runtime()
    try:
        with transaction(rt.session_factory) as session:
            body = access.build_export(session, _context(), privacy_deps(rt),
                                       requests.get_request(session, request_id))
    except KycError as exc:
        _fail(exc)
    output.write_bytes(body)
    output.chmod(0o600)
    click.echo(f"Wrote {output} ({len(body)} bytes).")


@privacy_group.command("hold")
@click.option("--customer", "customer_id", required=True)
@click.option("--reason", required=True, help="A reason code, e.g. masak_investigation.")
def hold(customer_id: str, reason: str) -> None:
    """Place a legal hold (blocks destruction)."""
    rt = runtime()
    try:
        with transaction(rt.session_factory) as session:
            placed = requests.place_hold(session, _context(), privacy_deps(rt), customer_id,
                                         reason)
    except KycError as exc:
        _fail(exc)
    click.echo(placed.id)


@privacy_group.command("release-hold")
@click.argument("hold_id")
def release(hold_id: str) -> None:
    """Release a legal hold."""
    rt = runtime()
    try:
        with transaction(rt.session_factory) as session:
            requests.release_hold(session, _context(), hold_id)
    except KycError as exc:
        _fail(exc)
    click.echo("Released.")


@privacy_group.command("destroy-expired")
@click.option("--if-due", is_flag=True,
              help="Only run when the last run is older than the configured interval.")
def destroy_expired(if_due: bool) -> None:
    """Periodic destruction: finish postponed erasures, destroy expired AML records."""
    rt = runtime()
    deps = privacy_deps(rt)
    with transaction(rt.session_factory) as session:
        if if_due and not retention.is_due(session, deps):
            click.echo("Not due yet.")
            return
        summary = retention.destroy_expired(session, _context(), deps)
    click.echo(json.dumps({"run_id": summary.run_id,
                           "erasures_completed": summary.erasures_completed,
                           "subjects_destroyed": summary.subjects_destroyed,
                           "held": summary.held, "links_deleted": summary.links_deleted}))


@privacy_group.command("report")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option("--since", type=click.DateTime(), help="UTC, e.g. 2026-01-01")
@click.option("--until", type=click.DateTime())
def report(fmt: str, since: datetime | None, until: datetime | None) -> None:
    """The KVKK destruction report (what, how many, legal basis, when)."""
    from datetime import UTC

    rt = runtime()
    with transaction(rt.session_factory) as session:
        document = retention.destruction_report(
            session, since.replace(tzinfo=UTC) if since else None,
            until.replace(tzinfo=UTC) if until else None)
    sys.stdout.write(retention.report_csv(document) if fmt == "csv"
                     else json.dumps(document, ensure_ascii=False, indent=2) + "\n")


@privacy_group.command("records")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
def records(fmt: str) -> None:
    """Records of processing (GDPR Art. 30 / VERBİS) from the providers' declarations."""
    document = records_of_processing(privacy_deps(runtime()))
    sys.stdout.write(to_csv(document) if fmt == "csv" else to_json(document) + "\n")

"""`kyc screening ...`: import lists, re-screen everyone, batch checks, list versions.

    kyc screening import FILE --format un-xml|eu-xml|ftm-json|csv --list NAME
    kyc screening rescreen
    kyc screening check --input people.csv --format json
    kyc screening lists
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.trail import AuditContext
from cases.screening import ListMalformed
from cases.screening_store.batch import BadHeader, PersonRow, read_people_csv
from cases.screening_store.cache import warm_index
from cases.screening_store.commands import import_list_file
from cases.screening_store.lists import PARSERS, list_versions
from cases.screening_store.people import PeopleSource, ScreenedPerson, person_from_record
from cases.screening_store.service import (
    Progress,
    RescreenReport,
    hit_summary,
    record_batch_check,
    rescreen_everyone,
)
from cases.screening_store.settings import load_screening_settings
from kyc_service.core.db import transaction
from kyc_service.core.errors import KycError
from kyc_service.core.vault import Vault
from kyc_service.customers.models import Customer
from kyc_service.customers.service import CustomerService
from kyc_service.request_scope import runtime


def customer_people(vault: Vault) -> PeopleSource:
    """Customers in id order, decrypted just long enough to be screened; erased
    customers (data key destroyed) are skipped."""
    service = CustomerService(vault)

    def next_people(session: Session, after: str | None,
                    limit: int) -> tuple[Sequence[ScreenedPerson], str | None]:
        query = select(Customer).order_by(Customer.id).limit(limit)
        if after is not None:
            query = query.where(Customer.id > after)
        customers = list(session.scalars(query))
        people = [person_from_record(c.id, c.data_key, service.decrypt(c))
                  for c in customers if c.data_key.wrapped_key is not None]
        return people, customers[-1].id if customers else None

    return next_people


def _cli_context() -> AuditContext:
    from kyc_service.cli import cli_context  # the cli module imports this one

    return cli_context()


@click.group("screening", cls=AppGroup)  # its commands run inside the app (database)
def screening_group() -> None:
    """Sanctions and PEP lists and screening."""


def _progress(started: float) -> Progress:
    def show(report: RescreenReport) -> None:
        click.echo(f"  {report.customers:,} customers screened, {report.hits_raised:,} "
                   f"new hits ({time.perf_counter() - started:.1f} s)", err=True)
    return show


def _rescreen(ctx_audit: AuditContext) -> None:
    rt = runtime()
    settings = load_screening_settings()
    click.echo("Re-screening every customer against the lists in force ...", err=True)
    started = time.perf_counter()
    report = rescreen_everyone(rt.session_factory, ctx_audit, rt.vault,
                               customer_people(rt.vault), settings.rescreen_batch_size,
                               _progress(started))
    click.echo(f"Re-screened {report.customers:,} customers in "
               f"{time.perf_counter() - started:.1f} s: {report.hits_raised:,} new hits, "
               f"{report.already_known:,} already known, {report.suppressed:,} whitelisted "
               f"earlier as false positives, {report.pending_approval:,} false positives "
               f"still awaiting a manager's approval.")


@screening_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", required=True, type=click.Choice(list(PARSERS)))
@click.option("--list", "list_name", required=True, help="The list's name, e.g. UN, EU, TR-MASAK.")
@click.option("--rescreen/--no-rescreen", default=True, show_default=True,
              help="Re-screen every customer when the list changed.")
def import_command(file: Path, fmt: str, list_name: str, rescreen: bool) -> None:
    """Import a list file as a new version (audited); a malformed file changes nothing."""
    rt = runtime()
    ctx = _cli_context()
    started = time.perf_counter()
    try:
        result = import_list_file(rt.session_factory, ctx, file, fmt, list_name,
                                  load_screening_settings())
    except ListMalformed as exc:
        raise click.ClickException(f"{exc.code}: {exc.detail}. Nothing was imported; "
                                   f"{_in_force(list_name)}") from None
    except KycError as exc:
        raise click.ClickException(f"{exc.code}: {exc.detail}") from None
    seconds = time.perf_counter() - started
    if not result.changed:
        click.echo(f"{list_name}: {result.entry_count:,} entries, version "
                   f"{result.version[:12]} is already in force; nothing changed.")
        return
    replaced = f", replacing {result.previous_version[:12]}" if result.previous_version else ""
    click.echo(f"{list_name}: imported {result.entry_count:,} entries as version "
               f"{result.version[:12]}{replaced} ({seconds:.1f} s).")
    if rescreen:
        _rescreen(ctx)


def _in_force(list_name: str) -> str:
    with transaction(runtime().session_factory) as session:
        active = [v for v in list_versions(session, list_name) if v.active]
    if not active:
        return f"there is no version of {list_name} in force."
    version = active[0]
    return (f"{list_name} stays at version {version.version[:12]} "
            f"({version.entry_count:,} entries, imported {version.imported_at:%Y-%m-%d %H:%M}).")


@screening_group.command("rescreen")
def rescreen_command() -> None:
    """Screen every customer against the lists in force (safe to run again)."""
    _rescreen(_cli_context())


@screening_group.command("lists")
def lists_command() -> None:
    """Imported list versions, newest first; * marks the versions in force."""
    with transaction(runtime().session_factory) as session:
        rows = list_versions(session)
        for v in rows:
            rescreened = f"{v.rescreened_at:%Y-%m-%d %H:%M}" if v.rescreened_at else "-"
            click.echo(f"{'*' if v.active else ' '} {v.name:<16} {v.version[:12]}  "
                       f"{v.format:<8} {v.entry_count:>9,} entries  imported "
                       f"{v.imported_at:%Y-%m-%d %H:%M} by {v.imported_by or '-'}  "
                       f"re-screened {rescreened}")
    if not rows:
        click.echo("No lists imported yet.")


@contextmanager
def _open_input(path: str) -> Iterator[IO[str]]:
    """The CSV as text (a UTF-8 byte-order mark from Excel is dropped); '-' is stdin,
    which is left open."""
    if path != "-":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            yield handle
        return
    text = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
    try:
        yield text
    finally:
        text.detach()


def _row_result(row: PersonRow, hits: list[dict[str, object]] | None) -> dict[str, object]:
    result: dict[str, object] = {"line": row.line, "full_name": row.full_name,
                                 "birth_date": row.birth_date, "nationality": row.nationality}
    if row.error is not None:
        result["error"] = row.error
    else:
        result["hits"] = hits
    return result


@screening_group.command("check")
@click.option("--input", "input_path", required=True,
              type=click.Path(dir_okay=False, allow_dash=True),
              help="CSV with the header full_name,birth_date,nationality ('-' for stdin).")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json",
              show_default=True)
def check_command(input_path: str, fmt: str) -> None:
    """Screen a batch of names: one JSON object per input line; a bad row is reported
    with its line number (exit status 1) and the other rows still run."""
    rt = runtime()
    loaded = warm_index(rt.session_factory)
    names = hits_total = bad = 0
    try:
        with _open_input(input_path) as handle:
            for row in read_people_csv(handle):
                hits = None
                if row.error is None:
                    names += 1
                    found = loaded.screen(row.full_name, row.birth_date, row.nationality)
                    hits_total += len(found)
                    hits = [{k: v for k, v in hit_summary(h).items()
                             if k in ("list", "entry_id", "name", "score", "why")}
                            for h in found]
                else:
                    bad += 1
                    click.echo(f"{input_path}: line {row.line}: {row.error}", err=True)
                _emit(_row_result(row, hits), fmt)
    except (BadHeader, csv.Error, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{input_path}: {exc}") from None
    except OSError as exc:
        raise click.ClickException(f"cannot read {input_path}: {exc.strerror}") from None
    finally:
        with transaction(rt.session_factory) as session:
            record_batch_check(session, _cli_context(), names, hits_total, loaded.versions)
    if not loaded.versions:
        click.echo("warning: no screening list is imported; nothing can match.", err=True)
    if bad:
        sys.exit(1)


def _emit(result: dict[str, object], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    if "error" in result:
        click.echo(f"line {result['line']}: ERROR {result['error']}")
        return
    hits: list[dict[str, object]] = result["hits"] or []  # type: ignore[assignment]
    found = "; ".join(f"{h['list']}/{h['entry_id']} {h['name']} ({h['score']})"
                      for h in hits) or "no hits"
    click.echo(f"line {result['line']}: {result['full_name']}: {found}")

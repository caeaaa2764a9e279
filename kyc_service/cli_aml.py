"""`kyc aml ...` (scheduled rule pass, parked events) and `kyc demo transactions`."""

from __future__ import annotations

import getpass
import time
import uuid
from datetime import datetime, timedelta

import click
from flask.cli import AppGroup

from audits.trail import AuditContext
from cases.demo_stream import generate_demo_stream
from cases.monitoring import demo
from cases.monitoring.intake import TransactionIntake
from cases.monitoring.parked import release_parked
from cases.monitoring.scheduled import run_scheduled
from kyc_service.core.db import transaction, utcnow
from kyc_service.request_scope import runtime


def _context() -> AuditContext:
    return AuditContext(f"cli:{getpass.getuser()}"[:36], "system:cli", uuid.uuid4().hex)


def _intake() -> TransactionIntake:
    return runtime().intake


def _parse_now(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime:
    if value is None:
        return utcnow()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use ISO 8601 with a time zone") from None
    if parsed.tzinfo is None:
        raise click.BadParameter("give a time zone, e.g. 2026-01-01T00:00:00+00:00")
    return parsed


@click.group("aml", cls=AppGroup)
def aml_group() -> None:
    """AML transaction monitoring."""


@aml_group.command("scheduled")
@click.option("--now", callback=_parse_now, help="Evaluate as of this time (default: now).")
@click.option("--batch-size", type=click.IntRange(1, 10_000), help="Customers per transaction.")
def scheduled_command(now: datetime, batch_size: int | None) -> None:
    """Run the windowed rules over every customer's stored aggregates, in batches."""
    rt, intake = runtime(), _intake()
    size = batch_size or intake.settings.scheduled_batch_size
    report = run_scheduled(rt.session_factory, _context(), intake.settings, now, size)
    click.echo(f"Scheduled pass as of {now.isoformat()}: {report.customers} customers in "
               f"{report.batches} batches, {report.findings} findings "
               f"({report.alerts_opened} alerts opened, {report.alerts_updated} updated), "
               f"{report.pruned_keys} stale shared-key entries pruned.")


@aml_group.command("release-parked")
def release_parked_command() -> None:
    """Replay parked events whose customer now exists."""
    rt, intake, ctx = runtime(), _intake(), _context()
    total = 0
    while True:
        with transaction(rt.session_factory) as session:
            released = release_parked(session, ctx, intake)
        total += released
        if not released:
            break
    click.echo(f"Released {total} parked event(s).")


@click.group("demo", cls=AppGroup)
def demo_group() -> None:
    """Demo data."""


@demo_group.command("transactions")
@click.option("--customers", default=1000, show_default=True, type=click.IntRange(10, 200_000))
@click.option("--seed", default=1, show_default=True)
@click.option("--planted-share", default=0.015, show_default=True,
              type=click.FloatRange(0.001, 0.08), help="Share of customers per typology.")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 1000))
def demo_transactions(customers: int, seed: int, planted_share: float, batch_size: int) -> None:
    """Create customers and stream generated play (with planted typologies) through the
    intake, then compare the planted typologies with the alerts raised."""
    rt, intake, ctx = runtime(), _intake(), _context()
    echo = click.echo
    stream = generate_demo_stream(customers, seed=seed, planted_share=planted_share)
    echo(f"Generated {len(stream.events):,} events for {customers:,} customers (seed {seed}).")
    ids = demo.ensure_customers(rt.session_factory, rt.customers, ctx, stream, seed,
                                progress=echo)
    started = time.perf_counter()
    totals = demo.stream_events(rt.session_factory, intake, ctx, stream, seed,
                                batch_size=batch_size, progress=echo)
    seconds = time.perf_counter() - started
    echo(f"Stored {totals.stored:,}, duplicates {totals.duplicates:,}, rejected "
         f"{totals.rejected:,}, parked {totals.parked:,} in {seconds:.1f} s "
         f"({totals.events / seconds:,.0f} events/s).")
    end = stream.events[-1].occurred_at + timedelta(days=1)
    report = run_scheduled(rt.session_factory, ctx, intake.settings, end,
                           intake.settings.scheduled_batch_size)
    echo(f"Scheduled pass: {report.findings} findings.")
    with transaction(rt.session_factory) as session:
        result = demo.score(session, stream, ids)
    echo("")
    echo("| typology | planted | alerted | clean customers alerted |")
    echo("|---|---:|---:|---:|")
    for rule_id, planted in result.planted.items():
        echo(f"| {rule_id} | {planted} | {result.found[rule_id]} "
             f"| {result.clean_alerted_by_rule[rule_id]} |")
    echo(f"Clean customers with any alert: {result.clean_alerted} of {result.clean} "
         f"({result.clean_share:.2%}).")

"""`kyc cases ...`: gather loose alerts into cases, and queue figures for cron and
monitoring.

`sync` is safe to run again (an alert already in a case is left alone) and commits in
batches, so a long run keeps what it did if interrupted. `stats` reads ids and counts
only, never personal data, and always exits 0: it reports, monitoring decides.
"""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from audits.trail import AuditContext
from cases.casework import intake, str_draft
from cases.casework.models import Case
from cases.casework.queues import queue_counts
from kyc_service.api.case_facts import needs_review_customers
from kyc_service.api.cases import settings
from kyc_service.core.db import transaction, utcnow
from kyc_service.request_scope import runtime

# Queue name -> what `stats` prints; `mine` means nothing without a person.
STAT_QUEUES = {"all": "open", "unassigned": "unassigned", "escalated": "escalated",
               "due_soon": "due_soon", "overdue": "overdue", "needs_review": "needs_review",
               "str_due": "str_due"}


def _cli_context() -> AuditContext:
    from kyc_service.cli import cli_context  # the cli module imports this one

    return cli_context()


@click.group("cases", cls=AppGroup)  # its commands run inside the app (database)
def cases_group() -> None:
    """Case management: gather alerts into cases, queue figures."""


def _opened_by(session: Session, ctx: AuditContext) -> int:
    """Cases this run's actor opened; the difference over a batch is what it opened."""
    return session.scalar(select(func.count()).select_from(Case).where(
        Case.opened_by == ctx.actor_id)) or 0


@cases_group.command("sync")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 10_000),
              help="Alerts per transaction.")
def sync_command(batch_size: int) -> None:
    """Put open alerts that belong to no case into their customer's case, opening cases
    where needed (alerts raised before case management, or after a failed attach)."""
    rt, ctx, case_settings = runtime(), _cli_context(), settings()
    attached = opened = batches = 0
    while True:
        with transaction(rt.session_factory) as session:
            before = _opened_by(session, ctx)
            done = intake.sync_open_alerts(session, ctx, case_settings, limit=batch_size)
            opened += _opened_by(session, ctx) - before
        attached, batches = attached + done, batches + 1
        if done < batch_size:
            break
        click.echo(f"... {attached} alerts attached so far", err=True)
    click.echo(f"Attached {attached} open alert(s) to cases; opened {opened} new case(s) "
               f"in {batches} batch(es).")


@cases_group.command("stats")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def stats_command(fmt: str) -> None:
    """Open cases per queue (unassigned, overdue, STR due...) and STRs past their
    filing deadline; one JSON object with --format json."""
    rt, now = runtime(), utcnow()
    with transaction(rt.session_factory) as session:
        counts = queue_counts(session, None, now, settings(), needs_review_customers())
        figures = {label: counts[name] for name, label in STAT_QUEUES.items()}
        figures["str_overdue"] = str_draft.overdue_count(session, now)
    if fmt == "json":
        click.echo(json.dumps({"as_of": now.isoformat(), **figures}))
        return
    click.echo(f"Cases as of {now:%Y-%m-%d %H:%M} UTC:")
    for label, count in figures.items():
        click.echo(f"  {label:<13} {count}")

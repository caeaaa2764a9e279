"""`kyc demo transactions` and `kyc aml ...` end to end on a small stream."""

from __future__ import annotations

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from cases.alerts import Alert
from cases.monitoring.models import MonitoredTransaction
from kyc_service.cli import cli


def invoke(app, *args: str):
    return CliRunner().invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))


def test_demo_transactions_streams_through_the_intake_and_reports(app, rt):
    result = invoke(app, "demo", "transactions", "--customers", "40", "--seed", "3")
    assert result.exit_code == 0, result.output
    assert "customers 40/40" in result.output
    assert "| large_transaction | 3 | 3 |" in result.output
    assert "rejected 0," in result.output
    with rt.session_factory() as session:
        stored = session.scalar(select(func.count()).select_from(MonitoredTransaction))
        alerts = session.scalar(select(func.count()).select_from(Alert))
    assert stored > 1000 and alerts >= 33
    again = invoke(app, "demo", "transactions", "--customers", "40", "--seed", "3")
    assert f"Stored 0, duplicates {stored:,}" in again.output


def test_scheduled_pass_and_parked_release_commands(app):
    invoke(app, "demo", "transactions", "--customers", "12", "--seed", "4")
    result = invoke(app, "aml", "scheduled", "--now", "2026-06-01T00:00:00+00:00",
                    "--batch-size", "5")
    assert result.exit_code == 0, result.output
    assert "12 customers in 3 batches" in result.output
    assert invoke(app, "aml", "scheduled", "--now", "2026-06-01").exit_code == 2
    released = invoke(app, "aml", "release-parked")
    assert released.exit_code == 0 and "Released 0 parked event(s)." in released.output

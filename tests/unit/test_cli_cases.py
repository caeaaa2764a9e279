"""`kyc cases ...` as an operator runs it from cron: gather loose alerts, count queues."""

from __future__ import annotations

import json
from datetime import timedelta

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import delete, func, select, update

from audits.models import AuditEntry
from audits.trail import AuditContext
from cases.alerts import AlertSource, raise_alert
from cases.casework.models import Case, CaseAlert, CaseEvent, StrDraft
from kyc_service.cli import cli
from kyc_service.core.db import transaction, utcnow
from tests.api.test_cases import close_for_str, staff


def invoke(app, *args: str):
    return CliRunner().invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))


def loose_alerts(rt, make_customer) -> list[str]:
    """Four open alerts of three customers that belong to no case, as if raised before
    case management existed."""
    customers = [make_customer()["id"] for _ in range(3)]
    with transaction(rt.session_factory) as session:
        for customer_id, code in ((customers[0], "large_transaction"),
                                  (customers[0], "structuring"),
                                  (customers[1], "velocity_spike"),
                                  (customers[2], "shared_device")):
            raise_alert(session, AuditContext.system(), customer_id, AlertSource.RULE, code,
                        40, {"rule": code})
        for table in (CaseAlert, CaseEvent, Case):
            session.execute(delete(table))
    return customers


def test_sync_gathers_loose_alerts_into_cases_once_with_progress(app, rt, make_customer):
    customers = loose_alerts(rt, make_customer)

    result = invoke(app, "cases", "sync", "--batch-size", "2")

    assert result.exit_code == 0, result.output
    assert "Attached 4 open alert(s) to cases; opened 3 new case(s) in 3 batch(es)." in (
        result.stdout)
    assert result.stderr.splitlines() == ["... 2 alerts attached so far",
                                          "... 4 alerts attached so far"]
    with rt.session_factory() as session:
        per_customer = dict(session.execute(
            select(Case.customer_id, func.count()).join(CaseAlert, CaseAlert.case_id == Case.id)
            .group_by(Case.customer_id)).all())
        by_cli = session.scalars(select(AuditEntry.action).where(
            AuditEntry.actor_role == "system:cli")).all()
    assert per_customer == {customers[0]: 2, customers[1]: 1, customers[2]: 1}
    # audited as the command's system actor
    assert (by_cli.count("case:record:open"), by_cli.count("case:alert:attach")) == (3, 4)

    again = invoke(app, "cases", "sync")
    assert again.exit_code == 0
    assert "Attached 0 open alert(s) to cases; opened 0 new case(s)" in again.stdout


def test_stats_counts_queues_and_strs_past_their_deadline(app, rt, client, make_token,
                                                          make_customer):
    officer, _, case, proposal = close_for_str(client, rt, make_token, make_customer)
    manager, _ = staff(client, make_token, "compliance_manager")
    assert client.post(f"/api/v1/proposals/{proposal['id']}/approve", json={},
                       headers=manager).status_code == 200
    late, on_time = make_customer(), make_customer()
    for customer in (late, on_time):
        assert client.post("/api/v1/cases", headers=officer, json={
            "customer_id": customer["id"], "reason": "Payments team tip"}).status_code == 201
    past = utcnow() - timedelta(days=1)
    with transaction(rt.session_factory) as session:
        session.execute(update(Case).where(Case.customer_id == late["id"]).values(due_at=past))
        session.execute(update(StrDraft).where(StrDraft.case_id == case["id"])
                        .values(filing_due_at=past))

    result = invoke(app, "cases", "stats", "--format", "json")

    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert {k: figures[k] for k in ("open", "unassigned", "overdue", "str_due",
                                    "str_overdue", "escalated")} == {
        "open": 2, "unassigned": 2, "overdue": 1, "str_due": 1, "str_overdue": 1,
        "escalated": 0}
    text = invoke(app, "cases", "stats")
    assert text.exit_code == 0
    assert [line.split() for line in text.stdout.splitlines()[1:4]] == [
        ["open", "2"], ["unassigned", "2"], ["escalated", "0"]]

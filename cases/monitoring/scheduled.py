"""The scheduled pass: windowed rules over every stored customer state, in batches.

Each batch is its own transaction (states locked on PostgreSQL, so intake and the pass
take turns per customer). Pruning windows to `now` is what keeps idle customers' state
small; memberships of the shared-key index unseen for longer than the staleness horizon
are deleted here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from cases.alerts import AlertWriter
from cases.monitoring.intake import hit_from_finding
from cases.monitoring.models import CustomerRuleState
from cases.monitoring.rule_store import build_engine
from cases.monitoring.settings import MonitoringSettings
from cases.monitoring.state_store import StateBatch, prune_shared_keys
from kyc_service.core.db import transaction


@dataclass
class ScheduledReport:
    customers: int = 0
    batches: int = 0
    findings: int = 0
    alerts_opened: int = 0
    alerts_updated: int = 0
    pruned_keys: int = 0


def run_scheduled(factory: sessionmaker[Session], ctx: AuditContext,
                  settings: MonitoringSettings, now: datetime,
                  batch_size: int = 500) -> ScheduledReport:
    report = ScheduledReport()
    stale = int(now.timestamp()) - settings.engine.shared_keys.stale_after_seconds
    with transaction(factory) as session:
        report.pruned_keys = prune_shared_keys(session, stale)
    after = ""
    while True:
        with transaction(factory) as session:
            ids = list(session.scalars(
                select(CustomerRuleState.customer_id).where(CustomerRuleState.customer_id > after)
                .order_by(CustomerRuleState.customer_id).limit(batch_size)))
            if not ids:
                break
            _one_batch(session, ctx, settings, now, ids, report)
        after = ids[-1]
    return report


def _one_batch(session: Session, ctx: AuditContext, settings: MonitoringSettings,
               now: datetime, ids: list[str], report: ScheduledReport) -> None:
    engine = build_engine(session, settings.engine)
    states = StateBatch.load(session, engine, ids)
    findings = engine.scheduled(now, states.states.values())
    states.save(session, ids)
    writer = AlertWriter(session, ctx, settings.alerts)
    writer.preload(f.customer_ref for f in findings)
    for finding in findings:
        writer.raise_hit(hit_from_finding(finding))
    report.customers += len(ids)
    report.batches += 1
    report.findings += len(findings)
    report.alerts_opened += writer.opened
    report.alerts_updated += writer.updated
    record(session, ctx, AuditEvent(
        AuditAction.AML_SCHEDULED_RUN, object_type="aml_scheduled",
        details={"as_of": now.isoformat(), "customers": len(ids), "findings": len(findings),
                 "first_customer": ids[0], "last_customer": ids[-1]}))

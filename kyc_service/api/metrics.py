"""Compliance figures: `GET /api/v1/metrics/compliance` (JSON) and `GET /metrics`
(Prometheus text format, written by hand: a handful of gauges needs no client library).
Both need a bearer token of a role allowed in the permission table; nothing personal."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any

from flask import Response
from flask_smorest import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import Session

from cases.casework.metrics import compliance_metrics
from kyc_service.core.db import utcnow
from kyc_service.documents.models import Document, DocumentStatus
from kyc_service.request_scope import db_session

blp = Blueprint("metrics", __name__, description="Compliance dashboard figures.")
REJECTION_WEEKS = 12


def rejection_reasons(session: Session, now: datetime,
                      weeks: int = REJECTION_WEEKS) -> list[dict[str, Any]]:
    """Rejected documents per ISO week and finding code (the reasons given)."""
    since = now - timedelta(weeks=weeks)
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for processed, findings in session.execute(
            select(Document.processed_at, Document.findings_json).where(
                Document.status == DocumentStatus.REJECTED, Document.processed_at >= since)):
        if processed is None:
            continue
        year, week, _ = processed.isocalendar()
        codes = {f.get("reason") or f.get("code") for f in json.loads(findings or "[]")
                 if f.get("code") != "reviewed" or f.get("reason")}
        for code in codes or {"unspecified"}:
            table[f"{year}-W{week:02d}"][str(code)] += 1
    return [{"week": week, "reasons": dict(sorted(table[week].items()))}
            for week in sorted(table)]


def all_metrics() -> dict[str, Any]:
    now, session = utcnow(), db_session()
    figures = compliance_metrics(session, now)
    figures["document_rejections"] = rejection_reasons(session, now)
    return figures


@blp.route("/api/v1/metrics/compliance", methods=["GET"])
def compliance() -> dict[str, Any]:
    """Open cases by age and priority, SLA breaches, time to resolution, dispositions by
    rule with false-positive rates, document rejection reasons per week."""
    figures = all_metrics()
    figures["generated_at"] = figures["generated_at"].isoformat()
    return figures


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def prometheus_text(figures: dict[str, Any]) -> str:
    lines = ["# HELP kyc_cases_open Active cases by age bucket and priority.",
             "# TYPE kyc_cases_open gauge"]
    for age, by_priority in figures["open_by_age_and_priority"].items():
        for priority, count in by_priority.items():
            lines.append(f'kyc_cases_open{{age="{age}",priority="{priority}"}} {count}')
    lines += ["# HELP kyc_cases_sla_breaches Active cases past due, and cases closed late.",
              "# TYPE kyc_cases_sla_breaches gauge"]
    for kind, count in figures["sla"].items():
        lines.append(f'kyc_cases_sla_breaches{{kind="{kind}"}} {count}')
    mean = figures["resolution"]["mean_hours"]
    lines += ["# HELP kyc_cases_resolution_hours_mean Mean hours from opening to closing.",
              "# TYPE kyc_cases_resolution_hours_mean gauge",
              f"kyc_cases_resolution_hours_mean {mean if mean is not None else 'NaN'}",
              "# HELP kyc_cases_closed Closed cases by alert code and disposition.",
              "# TYPE kyc_cases_closed gauge"]
    for rule in figures["dispositions_by_rule"]:
        for disposition, count in rule["dispositions"].items():
            lines.append(f'kyc_cases_closed{{code="{_escape(rule["code"])}",'
                         f'disposition="{disposition}"}} {count}')
    lines += ["# HELP kyc_documents_rejected Rejected documents by ISO week and reason.",
              "# TYPE kyc_documents_rejected gauge"]
    for week in figures["document_rejections"]:
        for reason, count in week["reasons"].items():
            lines.append(f'kyc_documents_rejected{{week="{week["week"]}",'
                         f'reason="{_escape(reason)}"}} {count}')
    return "\n".join(lines) + "\n"


@blp.route("/metrics", methods=["GET"])
def prometheus() -> Response:
    return Response(prometheus_text(all_metrics()),
                    mimetype="text/plain; version=0.0.4; charset=utf-8")

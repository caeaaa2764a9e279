"""Compliance officers' pages: the case queue and the case page.

Thin views over `cases.casework` and `kyc_service.api.case_facts`: the queue is the same
indexed query the API runs (one page plus one grouped alert count, no per-row queries,
nothing decrypted); the case page is the API's audited `case_detail`. Agents never reach
these pages (the permission table answers 403/404) and never see the navigation link.
"""

from __future__ import annotations

from typing import Any

from flask import g, render_template, request
from werkzeug.wrappers import Response

from cases.casework.approvals import PENDING
from cases.casework.queues import QUEUES, SORTS, QueueQuery, list_cases, queue_counts
from cases.casework.settings import PRIORITIES
from cases.casework.views import case_summary
from cases.casework.workflow import ACTIVE, Disposition
from kyc_service.accounts.roles import Role
from kyc_service.api.case_facts import case_detail, needs_review_customers
from kyc_service.api.cases import settings
from kyc_service.api.metrics import all_metrics
from kyc_service.auth import current_actor
from kyc_service.core.db import utcnow
from kyc_service.documents.review import REVIEW_REASONS
from kyc_service.permissions import PERMISSIONS, acting_role
from kyc_service.request_scope import db_session, runtime
from kyc_service.web.blueprint import bp
from kyc_service.web.case_labels import ACTION_LABELS, QUEUE_LABELS, template_helpers
from kyc_service.web.views_case_actions import CaseText, case_workers
from kyc_service.web.views_case_bulk import bulk_bar
from kyc_service.web.views_case_hits import whitelist_proposals

PAGE_SIZE = 50
TABS = tuple(QUEUE_LABELS)  # the order officers see
STATUS_FILTERS = tuple(status.value for status in ACTIVE)
QUEUE_PERMISSION = PERMISSIONS[("GET", "web.cases")]


@bp.app_context_processor
def _case_helpers() -> dict[str, Any]:
    """Labels for case pages, and whether to show the Cases link (compliance roles only)."""
    actor = g.get("actor")
    can_work = actor is not None and acting_role(actor.roles, QUEUE_PERMISSION) is not None
    return {"can_work_cases": can_work, **template_helpers()}


def _choice(name: str, allowed: tuple[str, ...], default: str | None) -> str | None:
    value = request.args.get(name, "")
    return value if value in allowed else default


def _page_number() -> int:
    raw = request.args.get("page", "1")
    return max(1, min(int(raw), 10_000)) if raw.isdigit() else 1


@bp.route("/cases", methods=["GET"])
def cases() -> Response:
    """The queues as tabs with counts; filters, sorting and pages in the query string."""
    actor, now, session = current_actor(), utcnow(), db_session()
    queue = _choice("queue", QUEUES, "unassigned") or "unassigned"
    query = QueueQuery(queue=queue, actor_id=actor.user_id,
                       priority=_choice("priority", PRIORITIES, None),
                       status=_choice("status", STATUS_FILTERS, None),
                       sort=_choice("sort", SORTS, "due_at") or "due_at",
                       descending=request.args.get("desc") == "1")
    page = _page_number()
    rows, total = list_cases(session, query, now, settings(),
                             needs_review=needs_review_customers(),
                             offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    counts = queue_counts(session, actor.user_id, now, settings(), needs_review_customers())
    html = render_template(
        "web/cases.html", tabs=TABS, counts=counts, query=query, page=page,
        pages=max(1, -(-total // PAGE_SIZE)), total=total,
        rows=[case_summary(case, alerts, now) for case, alerts in rows],
        priorities=PRIORITIES, statuses=STATUS_FILTERS, sorts=SORTS, bulk=bulk_bar(actor))
    return Response(html, mimetype="text/html")


def render_case(case_id: str, status: int = 200) -> Response:
    """The case with everything an officer needs (each personal-data read is audited)."""
    actor, session = current_actor(), db_session()
    view = case_detail(session, runtime(), actor.audit_context(), CaseText(runtime().vault),
                       case_id)
    is_manager = Role.COMPLIANCE_MANAGER.value in actor.roles
    pending = [p for p in view["proposals"] if p["status"] == PENDING]
    html = render_template(
        "web/case.html", case=view, me=actor.user_id, is_manager=is_manager,
        pending=pending, moves=[a for a in view["allowed_actions"] if a in ACTION_LABELS],
        can_close="close" in view["allowed_actions"], dispositions=list(Disposition),
        workers=case_workers(session) if is_manager else [],
        needs_text=("request_info", "escalate", "reopen"), review_reasons=REVIEW_REASONS,
        active=view["status"] in ACTIVE, hit_proposals=whitelist_proposals(view))
    return Response(html, status=status, mimetype="text/html")


@bp.route("/cases/<case_id>", methods=["GET"])
def case_page(case_id: str) -> Response:
    return render_case(case_id)


@bp.route("/dashboard", methods=["GET"])
def dashboard() -> Response:
    """The compliance figures as bars (inline SVG: no scripts, no inline styles)."""
    figures = all_metrics()
    ages = {age: sum(by.values()) for age, by in figures["open_by_age_and_priority"].items()}
    html = render_template("web/dashboard.html", figures=figures, ages=ages,
                           age_max=max([1, *ages.values()]), priorities=PRIORITIES)
    return Response(html, mimetype="text/html")

"""The auditor's page: filter the trail, preview what matches, export a signed bundle,
and check the chain and the latest signed checkpoint.

Filters travel in the query string (they hold ids and codes, never personal data), so a
filtered view can be bookmarked and the export link carries exactly what was previewed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from audits.checkpoints import latest_checkpoint
from audits.export import export_document
from audits.export_job import export_chunks, prepare_export
from audits.search import AuditFilter, count_entries, search_entries
from audits.signing import load_signer, signing_key_path
from audits.tags import AuditAction, Outcome
from audits.trail import AuditEvent, record
from audits.verify import verify_chain
from kyc_service.auth import current_actor
from kyc_service.core.errors import KycError
from kyc_service.request_scope import db_session, runtime
from kyc_service.web.blueprint import bp

PREVIEW_ROWS = 50
TEXT_FILTERS = ("actor_id", "action", "object_type", "object_id", "customer_ref")


def _day(name: str, end: bool) -> datetime | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    day = date.fromisoformat(raw)  # ValueError is reported by the caller
    moment = datetime.combine(day, time.min, tzinfo=UTC)
    return moment + timedelta(days=1) if end else moment


def _filter_from_query() -> tuple[AuditFilter, dict[str, str], str | None]:
    values = {name: request.args.get(name, "").strip()[:64] for name in TEXT_FILTERS}
    outcome = request.args.get("outcome", "")
    values["outcome"] = outcome if outcome in {o.value for o in Outcome} else ""
    values["since"], values["until"] = (request.args.get("since", ""),
                                        request.args.get("until", ""))
    try:
        since, until = _day("since", end=False), _day("until", end=True)
    except ValueError:
        return AuditFilter(), values, _("Dates are written as YYYY-MM-DD.")
    chosen = {k: v for k, v in values.items() if v and k not in ("since", "until")}
    return AuditFilter.from_mapping({**chosen, "since": since, "until": until}), values, None


def _page(**extra: Any) -> Response:
    session = db_session()
    audit_filter, values, error = _filter_from_query()
    rows, next_after = ([], None) if error else search_entries(session, audit_filter,
                                                               limit=PREVIEW_ROWS)
    total = 0 if error else count_entries(session, audit_filter)
    record(session, current_actor().audit_context(), AuditEvent(
        AuditAction.AUDIT_SEARCH, object_type="audit_log",
        details={"filters": audit_filter.as_dict(), "returned": len(rows), "page": "web"}))
    html = render_template(
        "web/audit.html", entries=[export_document(row) for row in rows], total=total,
        more=next_after is not None, values=values, filter_error=error,
        outcomes=[o.value for o in Outcome], checkpoint=latest_checkpoint(session),
        export_query=request.query_string.decode("ascii", "replace"), **extra)
    return Response(html, mimetype="text/html")


@bp.route("/audit", methods=["GET"])
def audit_page() -> Response:
    return _page()


@bp.route("/audit/verify", methods=["POST"])
def audit_verify() -> Response:
    """Recompute the whole chain now (it reads every entry, so only on request)."""
    session = db_session()
    report = verify_chain(session)
    record(session, current_actor().audit_context(), AuditEvent(
        AuditAction.AUDIT_VERIFY, object_type="audit_chain",
        details={"ok": report.ok, "entries_checked": report.entries_checked,
                 "first_bad_seq": report.first_bad_seq}))
    return _page(chain=report)


@bp.route("/audit/export", methods=["GET"])
def audit_export() -> Response:
    """The same signed bundle as the API, for the filters on the page."""
    audit_filter, _values, error = _filter_from_query()
    fmt = request.args.get("format", "jsonl")
    if error:
        return _page()
    signer = load_signer(signing_key_path(runtime().settings.key_file))
    try:
        spec = prepare_export(db_session(), signer, current_actor().audit_context(),
                              audit_filter, fmt)
    except KycError as problem:
        return _page(export_error=problem.detail)
    name = f"audit-export-{spec.tree_size}.zip"
    return Response(export_chunks(runtime().engine, spec, signer), mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})

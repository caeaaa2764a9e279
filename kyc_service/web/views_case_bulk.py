"""Forms for work across cases: link another customer to a case, merge a case into
another, and the queue's bulk bar (managers: assign selected cases to one officer, close
them as false positives with one rationale, or hand the unassigned cases out in turn).

The case-page forms carry the version they were read at, like every other case form
(`views_case_actions`). The bulk forms carry each selected case's version in its
checkbox and work case by case (`cases.casework.bulk`): the queue page then says how
many went through and, for each refused case, why (stale, needs four-eyes, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from werkzeug.wrappers import Response

from cases.casework import assignment, bulk, intake
from cases.casework.records import clean_text
from kyc_service.api.cases import settings
from kyc_service.auth import Actor, current_actor
from kyc_service.core.errors import ValidationFailed
from kyc_service.permissions import PERMISSIONS, acting_role
from kyc_service.request_scope import db_session, runtime
from kyc_service.web.blueprint import bp, safe_next
from kyc_service.web.case_labels import error_message
from kyc_service.web.views_case_actions import (
    REFUSALS,
    _attempt,
    _text,
    _version,
    case_workers,
)
from kyc_service.web.views_customers import MAX_PLAYER_ID

AUTO_ASSIGN_DEFAULT, AUTO_ASSIGN_MAX = 50, 500
LINK_FORM_KINDS = tuple(kind for kind in intake.LINK_KINDS if kind != "merged")
BULK_PERMISSION = PERMISSIONS[("POST", "web.cases_bulk_assign")]
# On the queue page a stale row is not shown "as it is now" (unlike on the case page).
STALE_ROW = lazy_gettext("It changed after this page was loaded; check it and select it "
                         "again.")
Items = Sequence[tuple[str, int]]


@bp.app_context_processor
def _link_kinds() -> dict[str, object]:
    """The kinds of link an officer may choose on the case page."""
    return {"link_kinds": LINK_FORM_KINDS}


def bulk_bar(actor: Actor) -> dict[str, object] | None:
    """What the queue's bulk bar needs, or None for people who may not use it."""
    if acting_role(actor.roles, BULK_PERMISSION) is None:
        return None
    return {"workers": case_workers(db_session())}


def _player(player_id: str) -> str:
    """The customer with this player id (the id officers know); the lookup is audited."""
    player_id = player_id.strip()
    if not player_id or len(player_id) > MAX_PLAYER_ID:
        raise ValidationFailed("Give a player id.", code="player_not_found")
    service = runtime().customers
    rows, total = service.find(db_session(), external_ref=player_id, limit=1)
    service.record_search(db_session(), current_actor().audit_context(), ["external_ref"],
                          total)
    if not rows:
        raise ValidationFailed("No customer has this player id.", code="player_not_found")
    return rows[0].id


@bp.route("/cases/<case_id>/link", methods=["POST"])
def case_link(case_id: str) -> Response:
    ctx, form = current_actor().audit_context(), request.form

    def link() -> None:
        intake.link_customer(db_session(), ctx, case_id, _player(form.get("player_id", "")),
                             form.get("kind", ""), version=_version())

    return _attempt(case_id, link, _("The customer was linked to this case."))


@bp.route("/cases/<case_id>/merge", methods=["POST"])
def case_merge(case_id: str) -> Response:
    """Fold this case into another active one (given by its id as pages show it)."""
    ctx, form, session = current_actor().audit_context(), request.form, db_session()

    def merge() -> None:
        reason = clean_text(form.get("reason"), required=True, field="reason")
        target = intake.find_case(session, form.get("into_case", ""))
        intake.merge_cases(session, ctx, settings(), case_id, _version(), target.id,
                           target.version, text=_text(), reason=reason)

    return _attempt(case_id, merge, _("The case was merged."))


def _selected() -> list[tuple[str, int]]:
    """The ticked rows: each checkbox's value is `<case id>:<version read>`."""
    items = []
    for value in request.form.getlist("case"):
        case_id, _sep, version = value.partition(":")
        items.append((case_id, int(version) if version.isdigit() else -1))
    return items


def _back_to_queue() -> Response:
    back = safe_next(request.form.get("back"))
    target = back if back and back.startswith("/cases") else url_for("web.cases")
    return redirect(target, code=303)


def _report(result: bulk.BulkResult, summary: Callable[[int, int], str]) -> None:
    total = len(result.done) + len(result.refused)
    flash(summary(len(result.done), total), "success" if result.done else "error")
    for refusal in result.refused:
        reason = STALE_ROW if refusal.code == "stale_version" else error_message(refusal.code)
        flash(_("Case %(case)s was not changed: %(reason)s", case=refusal.case_id[:8],
                reason=reason), "error")


def _bulk(run: Callable[[Items], bulk.BulkResult],
          summary: Callable[[int, int], str]) -> Response:
    try:
        result = run(_selected())
    except REFUSALS as refusal:  # the whole request was refused (no rationale, ...)
        db_session().rollback()
        flash(error_message(refusal.code), "error")
    else:
        _report(result, summary)
    return _back_to_queue()


@bp.route("/cases/bulk/assign", methods=["POST"])
def cases_bulk_assign() -> Response:
    ctx, assignee = current_actor().audit_context(), request.form.get("assignee_id", "")
    return _bulk(lambda items: bulk.assign_each(db_session(), ctx, settings(), items,
                                                assignee),
                 lambda done, total: _("Assigned: %(done)d of %(total)d selected cases.",
                                       done=done, total=total))


@bp.route("/cases/bulk/close-false-positive", methods=["POST"])
def cases_bulk_close() -> Response:
    ctx, rationale = current_actor().audit_context(), request.form.get("rationale")
    return _bulk(lambda items: bulk.close_each_false_positive(
        db_session(), ctx, _text(), settings(), items, rationale),
        lambda done, total: _("Closed as false positives: %(done)d of %(total)d selected "
                              "cases.", done=done, total=total))


@bp.route("/cases/bulk/auto-assign", methods=["POST"])
def cases_auto_assign() -> Response:
    """Round-robin: the most urgent unassigned cases, least loaded officer first, under
    the per-officer cap (the same domain function as `POST /api/v1/cases/auto-assign`)."""
    raw = request.form.get("limit", "")
    limit = min(int(raw), AUTO_ASSIGN_MAX) if raw.isdigit() and int(raw) > 0 \
        else AUTO_ASSIGN_DEFAULT
    given = assignment.round_robin(db_session(), current_actor().audit_context(), settings(),
                                   None, limit)
    if given:
        flash(_("%(n)d unassigned cases were handed out to officers in turn (at most "
                "%(cap)d active cases each).", n=len(given), cap=settings().officer_cap),
              "success")
    else:
        flash(_("No case was handed out: none is waiting, or every officer is at the cap."),
              "info")
    return _back_to_queue()

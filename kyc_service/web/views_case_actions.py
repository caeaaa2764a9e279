"""The forms of the case page: take, assign, move, close or propose closure, comment,
approve or reject a proposal.

Every form carries the case version it was read at; the domain functions refuse a stale
one. A refused step rolls the request's work back and returns to the case page with a
message (post/redirect/get), so the page that follows shows the case as it is now and
its personal-data reads are committed to the audit trail like any other page view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from cases.casework import approvals, assignment, service
from cases.casework.models import CaseProposal
from cases.casework.records import CaseText, get_case
from cases.casework.workflow import Action
from kyc_service.accounts.models import User, UserRole
from kyc_service.api.cases import settings
from kyc_service.auth import current_actor
from kyc_service.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from kyc_service.request_scope import db_session, runtime
from kyc_service.web.blueprint import bp
from kyc_service.web.case_labels import error_message

__all__ = ["CaseText", "case_workers"]
REFUSALS = (Conflict, PermissionDenied, ValidationFailed)


def case_workers(session: Session) -> list[str]:
    """Ids of active officers and managers, for the manager's assign list."""
    return list(session.scalars(select(User.id).join(UserRole).where(
        User.is_active.is_(True), UserRole.role.in_(assignment.CASE_WORKERS))
        .distinct().order_by(User.id)))


def _version() -> int:
    raw = request.form.get("version", "")
    return int(raw) if raw.isdigit() else -1  # a missing version can only be stale


def _text() -> CaseText:
    return CaseText(runtime().vault)


def _attempt(case_id: str, step: Callable[[], object], done: str, anchor: str = "top",
             messages: Mapping[str, str] | None = None) -> Response:
    """Run one domain step; on refusal undo everything and say why on the case page
    (`messages` overrides the general text for a code, `anchor` is where to land)."""
    try:
        step()
    except REFUSALS as refusal:
        db_session().rollback()
        flash((messages or {}).get(refusal.code) or error_message(refusal.code), "error")
    else:
        flash(done, "success")
    return redirect(url_for("web.case_page", case_id=case_id) + f"#{anchor}", code=303)


@bp.route("/cases/<case_id>/take", methods=["POST"])
def case_take(case_id: str) -> Response:
    ctx = current_actor().audit_context()
    return _attempt(case_id, lambda: assignment.assign(
        db_session(), ctx, settings(), case_id, _version(), None), _("You took the case."))


@bp.route("/cases/<case_id>/assign", methods=["POST"])
def case_assign(case_id: str) -> Response:
    ctx, target = current_actor().audit_context(), request.form.get("assignee_id") or None
    return _attempt(case_id, lambda: assignment.assign(
        db_session(), ctx, settings(), case_id, _version(), target),
        _("The case was assigned."))


@bp.route("/cases/<case_id>/move", methods=["POST"])
def case_move(case_id: str) -> Response:
    """A workflow step other than closing; an unknown action is refused like an illegal one."""
    ctx, action = current_actor().audit_context(), request.form.get("action", "")
    if action in (Action.CLOSE, Action.MERGE):
        action = ""  # these have their own forms and checks
    move = service.Move(action, _version(), request.form.get("text"))
    return _attempt(case_id, lambda: service.transition(
        db_session(), ctx, _text(), settings(), case_id, move), _("The case was updated."))


@bp.route("/cases/<case_id>/close", methods=["POST"])
def case_close(case_id: str) -> Response:
    """Close directly, or, where four-eyes applies, propose the closure to a manager."""
    ctx, session = current_actor().audit_context(), db_session()
    disposition = request.form.get("disposition", "")
    rationale = request.form.get("rationale")
    case = get_case(session, case_id)
    chosen = disposition if disposition in {d.value for d in service.Disposition} else None
    if chosen and service.needs_four_eyes(case, chosen, settings()):
        return _attempt(case_id, lambda: approvals.propose_close(
            session, ctx, _text(), case_id, _version(), chosen, rationale),
            _("Your closure proposal now waits for a compliance manager's approval."))
    move = service.Move(Action.CLOSE.value, _version(), rationale, disposition or None)
    return _attempt(case_id, lambda: service.transition(
        session, ctx, _text(), settings(), case_id, move), _("The case was closed."))


@bp.route("/cases/<case_id>/comment", methods=["POST"])
def case_comment(case_id: str) -> Response:
    ctx = current_actor().audit_context()
    return _attempt(case_id, lambda: service.comment(
        db_session(), ctx, _text(), case_id, request.form.get("text")),
        _("Your comment was added."))


def _proposal_case(proposal_id: str) -> tuple[str, bool]:
    """The case page to return to (a whitelisting's form names it), and whether the
    proposal is a whitelisting (decided in the Screening hits section)."""
    proposal = db_session().get(CaseProposal, proposal_id)
    if proposal is None:
        raise NotFound("No such proposal.", code="proposal_not_found")
    case_id = approvals.decision_case(db_session(), proposal, request.form.get("case_id"))
    return case_id, proposal.kind == approvals.WHITELIST


@bp.route("/proposals/<proposal_id>/approve", methods=["POST"])
def proposal_approve(proposal_id: str) -> Response:
    actor, (case_id, whitelisting) = current_actor(), _proposal_case(proposal_id)
    done = (_("The whitelisting was approved: re-screening no longer raises this match.")
            if whitelisting else _("The proposal was approved and the case closed."))
    return _attempt(case_id, lambda: approvals.approve(
        db_session(), actor.audit_context(), _text(), settings(), proposal_id, actor.roles),
        done, "hits-title" if whitelisting else "top")


@bp.route("/proposals/<proposal_id>/reject", methods=["POST"])
def proposal_reject(proposal_id: str) -> Response:
    actor, (case_id, whitelisting) = current_actor(), _proposal_case(proposal_id)
    done = (_("The whitelisting was rejected: the hit is open for review again.")
            if whitelisting else _("The proposal was rejected."))
    return _attempt(case_id, lambda: approvals.reject(
        db_session(), actor.audit_context(), _text(), proposal_id, actor.roles,
        request.form.get("note")), done, "hits-title" if whitelisting else "top")

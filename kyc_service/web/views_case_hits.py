"""The Screening hits section of the case page: review a hit, propose its whitelisting.

Thin views over the same domain calls as the API (`review_hit`, `propose_whitelist`);
deciding a whitelisting goes through the case page's approve and reject forms
(`views_case_actions`), which return here. Routes are scoped to a case: a hit of another
customer is not found through this case. A refused step rolls back and returns to the
section with a message (post/redirect/get).
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import LazyString, lazy_gettext
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from cases.casework import approvals
from cases.casework.records import CaseText, get_case
from cases.screening_store.models import HitStatus
from cases.screening_store.reviews import get_hit, review_hit
from cases.screening_store.settings import load_screening_settings
from kyc_service.auth import current_actor
from kyc_service.core.errors import NotFound
from kyc_service.request_scope import db_session, runtime
from kyc_service.web.blueprint import bp
from kyc_service.web.views_case_actions import _attempt

ANCHOR = "hits-title"

HIT_STATUS_LABELS: dict[str, LazyString] = {
    HitStatus.OPEN: lazy_gettext("Open"),
    HitStatus.FALSE_POSITIVE: lazy_gettext("False positive"),
    HitStatus.CONFIRMED: lazy_gettext("Confirmed match"),
}

# Codes whose general text (`case_labels.error_message`) speaks of closures.
WHITELIST_MESSAGES: dict[str, LazyString] = {
    "proposal_pending": lazy_gettext("A whitelisting proposal for this hit is already "
                                     "waiting for approval."),
}


@bp.app_context_processor
def _hit_helpers() -> dict[str, Any]:
    return {"hit_status_label": lambda code: str(HIT_STATUS_LABELS.get(code, code))}


def whitelist_proposals(case_view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """For the case page: pending whitelistings of its customer's hits, by hit id."""
    session = db_session()
    return approvals.pending_whitelists(session, current_actor().audit_context(),
                                        CaseText(runtime().vault),
                                        get_case(session, case_view["id"]))


def _case_hit(case_id: str, hit_id: str) -> str:
    """The hit's id if it is one of the case's customer's hits (else 404)."""
    session = db_session()
    case, hit = get_case(session, case_id), get_hit(session, hit_id)
    if hit.customer_id != case.customer_id:
        raise NotFound("No such screening hit on this case.", code="screening_hit_not_found")
    return hit.id


@bp.route("/cases/<case_id>/screening-hits/<hit_id>/review", methods=["POST"])
def case_hit_review(case_id: str, hit_id: str) -> Response:
    """False positive or confirmed match, with a reason: the API's review, no more."""
    ctx, hit = current_actor().audit_context(), _case_hit(case_id, hit_id)
    decision = request.form.get("decision", "")
    done = (_("The hit was marked as a confirmed match.") if decision == HitStatus.CONFIRMED
            else _("The hit was marked as a false positive. Propose its whitelisting so "
                   "that re-screening stops raising it."))
    return _attempt(case_id, lambda: review_hit(
        db_session(), ctx, runtime().vault, hit, decision, request.form.get("reason", ""),
        load_screening_settings()),
        done, ANCHOR)


@bp.route("/cases/<case_id>/screening-hits/<hit_id>/whitelist", methods=["POST"])
def case_hit_whitelist(case_id: str, hit_id: str) -> Response:
    """Ask a compliance manager (not the reviewer, not the proposer) to whitelist it."""
    ctx, hit = current_actor().audit_context(), _case_hit(case_id, hit_id)
    messages = {code: str(text) for code, text in WHITELIST_MESSAGES.items()}
    return _attempt(case_id, lambda: approvals.propose_whitelist(
        db_session(), ctx, CaseText(runtime().vault), hit, request.form.get("rationale")),
        _("Your whitelisting proposal now waits for a compliance manager's approval."),
        ANCHOR, messages)

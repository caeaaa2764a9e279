"""Human names for case-management codes on the officers' pages, translated lazily.

Codes stay codes in the database and the API; only pages turn them into words.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import LazyString, format_datetime, lazy_gettext

QUEUE_LABELS: dict[str, LazyString] = {
    "unassigned": lazy_gettext("Unassigned"),
    "mine": lazy_gettext("Mine"),
    "escalated": lazy_gettext("Escalated"),
    "due_soon": lazy_gettext("Due soon"),
    "overdue": lazy_gettext("Overdue"),
    "needs_review": lazy_gettext("Documents to review"),
    "str_due": lazy_gettext("STR due"),
    "all": lazy_gettext("All open"),
}

CASE_STATUS_LABELS: dict[str, LazyString] = {
    "open": lazy_gettext("Open"),
    "in_review": lazy_gettext("In review"),
    "pending_info": lazy_gettext("Waiting for information"),
    "escalated": lazy_gettext("Escalated"),
    "closed": lazy_gettext("Closed"),
    "merged": lazy_gettext("Merged"),
}

PRIORITY_LABELS: dict[str, LazyString] = {
    "critical": lazy_gettext("Critical"),
    "high": lazy_gettext("High"),
    "medium": lazy_gettext("Medium"),
    "low": lazy_gettext("Low"),
}

SORT_LABELS: dict[str, LazyString] = {
    "due_at": lazy_gettext("Due date"),
    "priority": lazy_gettext("Priority"),
    "opened_at": lazy_gettext("Opened"),
    "risk_score": lazy_gettext("Risk score"),
    "updated_at": lazy_gettext("Last change"),
}

DISPOSITION_LABELS: dict[str, LazyString] = {
    "false_positive": lazy_gettext("False positive"),
    "no_further_action": lazy_gettext("No further action"),
    "account_restricted": lazy_gettext("Account restricted"),
    "str_filed": lazy_gettext("Suspicious transaction report"),
}

# The buttons of the workflow; `close` and `merge` have their own forms.
ACTION_LABELS: dict[str, LazyString] = {
    "start_review": lazy_gettext("Start review"),
    "request_info": lazy_gettext("Ask for information"),
    "info_received": lazy_gettext("Information received, resume"),
    "escalate": lazy_gettext("Escalate"),
    "return_to_review": lazy_gettext("Return to review"),
    "reopen": lazy_gettext("Reopen"),
}

EVENT_LABELS: dict[str, LazyString] = {
    "opened": lazy_gettext("Case opened"),
    "reason": lazy_gettext("Reason for opening"),
    "alert_attached": lazy_gettext("Alert added"),
    "assigned": lazy_gettext("Assigned"),
    "transition": lazy_gettext("Status changed"),
    "comment": lazy_gettext("Comment"),
    "closure_proposed": lazy_gettext("Closure proposed"),
    "closure_rejected": lazy_gettext("Closure proposal rejected"),
    "customer_linked": lazy_gettext("Customer linked"),
    "merged": lazy_gettext("Merged into another case"),
    "merged_in": lazy_gettext("Another case merged in"),
    "attachment_added": lazy_gettext("File attached"),
}

REVIEW_REASON_LABELS: dict[str, LazyString] = {
    "verified_manually": lazy_gettext("Checked by hand and correct"),
    "document_unreadable": lazy_gettext("Unreadable"),
    "identity_mismatch": lazy_gettext("Does not match the profile"),
    "suspected_forgery": lazy_gettext("Suspected forgery"),
    "expired_or_invalid": lazy_gettext("Expired or invalid"),
    "other": lazy_gettext("Other"),
}

# What a refused action means for the person at the desk, by the domain error's code.
ERROR_MESSAGES: dict[str, LazyString] = {
    "stale_version": lazy_gettext(
        "Someone changed this case while you were looking at it. Nothing was saved: "
        "here is the case as it is now; check it and try again."),
    "illegal_transition": lazy_gettext("This step is not possible from the case's status."),
    "four_eyes_same_person": lazy_gettext(
        "You cannot approve your own proposal: another compliance manager must decide it."),
    "four_eyes_reviewer": lazy_gettext(
        "You reviewed this hit, so another compliance manager must decide its whitelisting."),
    "manager_only": lazy_gettext("Only a compliance manager can do this."),
    "proposal_pending": lazy_gettext("A closure proposal is already waiting for approval."),
    "proposal_outdated": lazy_gettext(
        "The case changed after the proposal was made; it must be proposed again."),
    "proposal_decided": lazy_gettext("This proposal was already decided."),
    "already_assigned": lazy_gettext("Someone else holds this case."),
    "officer_at_capacity": lazy_gettext("The officer already holds the maximum number of "
                                        "cases."),
    "text_required": lazy_gettext("Please write the text this step needs."),
    "disposition_required": lazy_gettext("Choose a disposition."),
    "document_not_in_review": lazy_gettext("This document no longer waits for a review."),
    "case_not_active": lazy_gettext("Only active cases can be assigned."),
    # Linking, merging and the queue's bulk actions.
    "four_eyes_required": lazy_gettext(
        "This case needs a compliance manager's approval to close (high risk or a report "
        "to the regulator): propose the closure on the case's page."),
    "case_not_found": lazy_gettext("This case does not exist."),
    "not_a_case_worker": lazy_gettext("Cases go only to active compliance officers or "
                                      "managers."),
    "merge_self": lazy_gettext("A case cannot be merged into itself."),
    "merge_target_closed": lazy_gettext("Cases can only be merged into an active case."),
    "case_ref_unknown": lazy_gettext("No case has this id. Copy it from the case's page."),
    "case_ref_ambiguous": lazy_gettext("Several cases start like this; give more of the id."),
    "player_not_found": lazy_gettext("No customer has this player id. Check it and try "
                                     "again."),
    "link_own_customer": lazy_gettext("This is the case's own customer."),
    "bulk_selection": lazy_gettext("Select at least one case on this page."),
    # Screening hits on the case page: review and whitelisting.
    "hit_decision_invalid": lazy_gettext("Choose whether the hit is a false positive or a "
                                         "confirmed match."),
    "hit_reason_required": lazy_gettext("Write the reason for your review (at most 2000 "
                                        "characters)."),
    "hit_already_reviewed": lazy_gettext("This hit was already reviewed; the page now shows "
                                         "that review."),
    "hit_not_false_positive": lazy_gettext("Only a hit reviewed as a false positive can be "
                                           "whitelisted."),
    "already_approved": lazy_gettext("This whitelisting is already approved."),
    "data_destroyed": lazy_gettext("This customer's data was erased; it can no longer be "
                                   "changed."),
}
LINK_KIND_LABELS: dict[str, LazyString] = {
    "shared_instrument": lazy_gettext("Shared payment instrument"),
    "shared_device": lazy_gettext("Shared device"),
    "shared_ip": lazy_gettext("Shared IP address"),
    "shared_document": lazy_gettext("Shared identity document"),
    "merged": lazy_gettext("From a merged case"),
    "other": lazy_gettext("Other"),
}
AGE_LABELS: dict[str, LazyString] = {
    "under_1d": lazy_gettext("Under a day"),
    "1_3d": lazy_gettext("1 to 3 days"),
    "3_7d": lazy_gettext("3 to 7 days"),
    "7_30d": lazy_gettext("7 to 30 days"),
    "over_30d": lazy_gettext("Over 30 days"),
}
GENERIC_ERROR = lazy_gettext("This could not be done. Reload the page and try again.")


def label(table: dict[str, LazyString], code: str | None) -> str:
    if code is None:
        return "—"
    return str(table.get(code, code))


def error_message(code: str) -> str:
    return str(ERROR_MESSAGES.get(code, GENERIC_ERROR))


def when(value: Any) -> str:
    """Times from views come as datetimes or ISO strings; show them in the local style."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return str(format_datetime(value, "short"))


def template_helpers() -> dict[str, Any]:
    return {
        "queue_label": lambda code: label(QUEUE_LABELS, code),
        "case_status_label": lambda code: label(CASE_STATUS_LABELS, code),
        "priority_label": lambda code: label(PRIORITY_LABELS, code),
        "sort_label": lambda code: label(SORT_LABELS, code),
        "disposition_label": lambda code: label(DISPOSITION_LABELS, code),
        "action_label": lambda code: label(ACTION_LABELS, code),
        "event_label": lambda code: label(EVENT_LABELS, code),
        "review_reason_label": lambda code: label(REVIEW_REASON_LABELS, code),
        "age_label": lambda code: label(AGE_LABELS, code),
        "link_kind_label": lambda code: label(LINK_KIND_LABELS, code),
        "when": when,
    }

"""The case workflow as one explicit table: (status, action) -> next status.

Everything that moves a case goes through `next_status`; an action not in the table is
refused with the actions the current status does allow.
"""

from __future__ import annotations

from enum import StrEnum

from kyc_service.core.errors import Conflict


class Status(StrEnum):
    OPEN = "open"
    IN_REVIEW = "in_review"
    PENDING_INFO = "pending_info"  # waiting for the customer: the SLA clock is paused
    ESCALATED = "escalated"  # with the MLRO / compliance manager
    CLOSED = "closed"
    MERGED = "merged"  # folded into another case; terminal


class Action(StrEnum):
    START_REVIEW = "start_review"
    REQUEST_INFO = "request_info"
    INFO_RECEIVED = "info_received"
    ESCALATE = "escalate"
    RETURN_TO_REVIEW = "return_to_review"
    CLOSE = "close"
    REOPEN = "reopen"
    MERGE = "merge"


class Disposition(StrEnum):
    FALSE_POSITIVE = "false_positive"
    NO_FURTHER_ACTION = "no_further_action"
    ACCOUNT_RESTRICTED = "account_restricted"
    STR_FILED = "str_filed"


ACTIVE = frozenset({Status.OPEN, Status.IN_REVIEW, Status.PENDING_INFO, Status.ESCALATED})

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.OPEN, Action.START_REVIEW): Status.IN_REVIEW,
    (Status.OPEN, Action.CLOSE): Status.CLOSED,  # e.g. bulk false positives
    (Status.OPEN, Action.MERGE): Status.MERGED,
    (Status.IN_REVIEW, Action.REQUEST_INFO): Status.PENDING_INFO,
    (Status.IN_REVIEW, Action.ESCALATE): Status.ESCALATED,
    (Status.IN_REVIEW, Action.CLOSE): Status.CLOSED,
    (Status.IN_REVIEW, Action.MERGE): Status.MERGED,
    (Status.PENDING_INFO, Action.INFO_RECEIVED): Status.IN_REVIEW,
    (Status.PENDING_INFO, Action.ESCALATE): Status.ESCALATED,
    (Status.PENDING_INFO, Action.MERGE): Status.MERGED,
    (Status.ESCALATED, Action.RETURN_TO_REVIEW): Status.IN_REVIEW,
    (Status.ESCALATED, Action.CLOSE): Status.CLOSED,
    (Status.ESCALATED, Action.MERGE): Status.MERGED,
    (Status.CLOSED, Action.REOPEN): Status.IN_REVIEW,
}

# Actions whose free text is mandatory (the rationale of a closure, why a case reopens).
TEXT_REQUIRED = frozenset({Action.CLOSE, Action.REOPEN})


def allowed_actions(status: str) -> list[str]:
    return [action.value for (state, action) in TRANSITIONS if state == status]


def next_status(status: str, action: str) -> Status:
    """The status `action` leads to from `status`, or a Conflict naming what is allowed."""
    try:
        return TRANSITIONS[(Status(status), Action(action))]
    except (KeyError, ValueError):
        allowed = allowed_actions(status)
        raise Conflict(f"'{action}' is not allowed from '{status}'.",
                       code="illegal_transition",
                       extra={"status": status, "action": action, "allowed": allowed},
                       ) from None

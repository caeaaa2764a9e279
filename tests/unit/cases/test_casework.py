"""The case workflow table, settings arithmetic and priorities (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cases.casework.settings import CaseSettings
from cases.casework.workflow import TRANSITIONS, Action, Status, allowed_actions, next_status
from kyc_service.core.errors import Conflict

LEGAL = [
    ("open", "start_review", "in_review"),
    ("open", "close", "closed"),
    ("in_review", "request_info", "pending_info"),
    ("pending_info", "info_received", "in_review"),
    ("in_review", "escalate", "escalated"),
    ("pending_info", "escalate", "escalated"),
    ("escalated", "return_to_review", "in_review"),
    ("escalated", "close", "closed"),
    ("in_review", "close", "closed"),
    ("closed", "reopen", "in_review"),
    ("in_review", "merge", "merged"),
]
ILLEGAL = [
    ("open", "request_info"),
    ("open", "escalate"),
    ("open", "reopen"),
    ("pending_info", "close"),
    ("pending_info", "request_info"),
    ("escalated", "escalate"),
    ("closed", "close"),
    ("closed", "start_review"),
    ("closed", "merge"),
    ("merged", "reopen"),
    ("in_review", "no_such_action"),
]


@pytest.mark.parametrize(("status", "action", "expected"), LEGAL)
def test_legal_transitions(status, action, expected):
    assert next_status(status, action) == expected


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_illegal_transitions_name_the_allowed_ones(status, action):
    with pytest.raises(Conflict) as caught:
        next_status(status, action)
    assert caught.value.code == "illegal_transition"
    assert caught.value.extra["allowed"] == allowed_actions(status)
    assert action not in caught.value.extra["allowed"]


def test_every_state_but_terminal_ones_has_a_way_out_and_the_table_is_complete():
    for status in Status:
        actions = allowed_actions(status)
        assert bool(actions) is (status != Status.MERGED), status
    assert len(LEGAL) + 3 == len(TRANSITIONS)  # + merge from open/pending/escalated
    assert {a for (_, a) in TRANSITIONS} == set(Action)


@pytest.mark.parametrize(("score", "priority"), [(100, "critical"), (85, "critical"),
                                                 (84, "high"), (70, "high"),
                                                 (69, "medium"), (40, "medium"),
                                                 (39, "low"), (0, "low")])
def test_priority_from_score(score, priority):
    assert CaseSettings().priority_for(score) == priority


def test_str_deadline_counts_business_days_and_holidays():
    friday = datetime(2026, 5, 15, 10, 0, tzinfo=UTC)  # a Friday
    assert CaseSettings().filing_deadline(friday) == datetime(2026, 5, 29, 10, 0, tzinfo=UTC)
    with_holiday = CaseSettings(holidays=frozenset({date(2026, 5, 19)}))
    assert with_holiday.filing_deadline(friday).date() == date(2026, 6, 1)


def test_settings_from_environment():
    settings = CaseSettings.from_environ({"KYC_CASE_OFFICER_CAP": "3",
                                          "KYC_CASE_SLA_HOURS": "critical=6",
                                          "KYC_CASE_STR_FILING_BUSINESS_DAYS": "5"})
    assert settings.officer_cap == 3 and settings.str_filing_business_days == 5
    assert settings.sla_hours["critical"] == 6 and settings.sla_hours["low"] == 336

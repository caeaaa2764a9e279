"""/api/v1/cases: compliance officers' and managers' case work. Agents never see cases
or STRs (tipping-off): lists answer 403, objects 404."""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from flask_smorest import Blueprint

from cases.casework import approvals, assignment, intake, service
from cases.casework import str_draft as strs
from cases.casework.models import Case
from cases.casework.queues import QueueQuery, list_cases, queue_counts
from cases.casework.records import CaseText, get_case
from cases.casework.settings import CaseSettings
from cases.casework.views import case_summary, proposal_view
from cases.casework.workflow import Action, Disposition
from kyc_service.api import case_schemas as s
from kyc_service.api.case_facts import (
    case_detail,
    needs_review_customers,
    plain,
    str_documents,
)
from kyc_service.auth import current_actor
from kyc_service.core.db import utcnow
from kyc_service.request_scope import db_session, runtime

blp = Blueprint("cases", __name__, url_prefix="/api/v1",
                description="Case management: queues, workflow, four-eyes, STR drafts.")
FILTERS = ("priority", "status", "assignee_id", "customer_id", "sort", "descending")


@cache
def settings() -> CaseSettings:
    return CaseSettings.from_environ(os.environ)


def _text() -> CaseText:
    return CaseText(runtime().vault)


def _summary(case: Case) -> dict[str, Any]:
    return case_summary(case, now=utcnow())


@blp.route("/cases", methods=["GET"])
@blp.arguments(s.CaseQuerySchema, location="query")
@blp.response(200, s.CasePageSchema)
def list_case_queue(query: dict[str, Any]) -> dict[str, Any]:
    """A queue (unassigned, mine, escalated, due_soon, overdue, needs_review, str_due,
    closed, all) with filters, sorting and every queue's count."""
    actor, now, page, size = current_actor(), utcnow(), query["page"], query["page_size"]
    q = QueueQuery(queue=query["queue"], actor_id=actor.user_id,
                   **{k: query[k] for k in FILTERS if k in query})
    rows, total = list_cases(db_session(), q, now, settings(),
                             needs_review=needs_review_customers(),
                             offset=(page - 1) * size, limit=size)
    counts = queue_counts(db_session(), actor.user_id, now, settings(),
                          needs_review_customers())
    return {"items": [case_summary(c, n, now) for c, n in rows], "total": total,
            "page": page, "page_size": size, "counts": counts}


@blp.route("/cases", methods=["POST"])
@blp.arguments(s.OpenCaseSchema)
@blp.response(201, s.CaseSchema)
def open_case(data: dict[str, Any]) -> dict[str, Any]:
    """Open a case by hand for a customer with no active case."""
    case = intake.open_case(db_session(), current_actor().audit_context(), _text(),
                            settings(), data["customer_id"], data["reason"],
                            tuple(data["alert_ids"]))
    return _summary(case)


@blp.route("/cases/<case_id>", methods=["GET"])
@blp.response(200, s.CaseDetailSchema)
def get_case_view(case_id: str) -> dict[str, Any]:
    """Everything about a case: profile, alerts, documents with verdicts, transactions,
    screening hits, timeline with comments, proposals (an audited read)."""
    return case_detail(db_session(), runtime(), current_actor().audit_context(), _text(),
                       case_id)


@blp.route("/cases/<case_id>/transitions", methods=["POST"])
@blp.arguments(s.TransitionSchema)
@blp.response(200, s.CaseSchema)
def transition_case(data: dict[str, Any], case_id: str) -> dict[str, Any]:
    """Move the case on; 409 with `allowed` for an illegal action, 409 `stale_version`
    when someone changed it first."""
    case = service.transition(db_session(), current_actor().audit_context(), _text(),
                              settings(), case_id, service.Move(**data))
    return _summary(case)


@blp.route("/cases/<case_id>/assign", methods=["POST"])
@blp.arguments(s.AssignSchema)
@blp.response(200, s.CaseSchema)
def assign_case(data: dict[str, Any], case_id: str) -> dict[str, Any]:
    """Take the case, or (managers) give it to an officer under the per-officer cap."""
    case = assignment.assign(db_session(), current_actor().audit_context(), settings(),
                             case_id, data["version"], data["assignee_id"])
    return _summary(case)


@blp.route("/cases/<case_id>/comments", methods=["POST"])
@blp.arguments(s.CommentSchema)
@blp.response(201, s.CaseSchema)
def comment_case(data: dict[str, Any], case_id: str) -> dict[str, Any]:
    """Add a comment (sealed with the customer's key); comments never conflict."""
    service.comment(db_session(), current_actor().audit_context(), _text(), case_id,
                    data["text"])
    return _summary(get_case(db_session(), case_id))


@blp.route("/cases/<case_id>/links", methods=["POST"])
@blp.arguments(s.LinkSchema)
@blp.response(200, s.CaseSchema)
def link_case_customer(data: dict[str, Any], case_id: str) -> dict[str, Any]:
    """Link another customer (shared instrument, device, IP or document)."""
    intake.link_customer(db_session(), current_actor().audit_context(), case_id,
                         data["customer_id"], data["kind"])
    return _summary(get_case(db_session(), case_id))


@blp.route("/cases/<case_id>/merge", methods=["POST"])
@blp.arguments(s.MergeSchema)
@blp.response(200, s.CaseSchema)
def merge_case(data: dict[str, Any], case_id: str) -> dict[str, Any]:
    """Fold this case into another active case; answers the surviving case."""
    target = intake.merge_cases(db_session(), current_actor().audit_context(), settings(),
                                case_id, data["version"], data["into_case_id"],
                                data["into_version"])
    return _summary(target)


@blp.route("/cases/<case_id>/proposals", methods=["POST"])
@blp.arguments(s.ProposeCloseSchema)
@blp.response(201, s.ProposalSchema)
def propose_closure(data: dict[str, Any], case_id: str) -> dict[str, Any]:
    """Propose a closure for a compliance manager (not you) to approve."""
    proposal = approvals.propose_close(db_session(), current_actor().audit_context(),
                                       _text(), case_id, data["version"],
                                       data["disposition"], data["rationale"])
    return proposal_view(db_session(), _text(), proposal)


@blp.route("/proposals/whitelist", methods=["POST"])
@blp.arguments(s.ProposeWhitelistSchema)
@blp.response(201, s.ProposalSchema)
def propose_whitelist(data: dict[str, Any]) -> dict[str, Any]:
    """Propose to keep a hit reviewed as false positive whitelisted (four-eyes)."""
    proposal = approvals.propose_whitelist(db_session(), current_actor().audit_context(),
                                           _text(), data["hit_id"], data["rationale"])
    return proposal_view(db_session(), _text(), proposal)


@blp.route("/proposals", methods=["GET"])
@blp.response(200, s.ProposalListSchema)
def list_proposals() -> dict[str, Any]:
    """Proposals waiting for a decision, oldest first (no text: open the case for it)."""
    return {"items": [proposal_view(db_session(), _text(), p, with_text=False)
                      for p in approvals.pending_proposals(db_session())]}


@blp.route("/proposals/<proposal_id>/approve", methods=["POST"])
@blp.arguments(s.DecisionSchema)
@blp.response(200, s.ProposalSchema)
def approve_proposal(_data: dict[str, Any], proposal_id: str) -> dict[str, Any]:
    """Approve as a compliance manager who did not propose it."""
    actor = current_actor()
    proposal = approvals.approve(db_session(), actor.audit_context(), _text(), settings(),
                                 proposal_id, actor.roles)
    return proposal_view(db_session(), _text(), proposal)


@blp.route("/proposals/<proposal_id>/reject", methods=["POST"])
@blp.arguments(s.DecisionSchema)
@blp.response(200, s.ProposalSchema)
def reject_proposal(data: dict[str, Any], proposal_id: str) -> dict[str, Any]:
    """Reject with a note, as a compliance manager who did not propose it."""
    actor = current_actor()
    proposal = approvals.reject(db_session(), actor.audit_context(), _text(), proposal_id,
                                actor.roles, data["note"])
    return proposal_view(db_session(), _text(), proposal)


@blp.route("/cases/bulk/assign", methods=["POST"])
@blp.arguments(s.BulkAssignSchema)
@blp.response(200, s.CaseListSchema)
def bulk_assign(data: dict[str, Any]) -> dict[str, Any]:
    """Assign many cases to one officer; all or nothing."""
    done = assignment.bulk_assign(db_session(), current_actor().audit_context(), settings(),
                                  [(i["id"], i["version"]) for i in data["items"]],
                                  data["assignee_id"])
    return {"items": [_summary(c) for c in done]}


@blp.route("/cases/bulk/close-false-positive", methods=["POST"])
@blp.arguments(s.BulkCloseSchema)
@blp.response(200, s.CaseListSchema)
def bulk_close_false_positive(data: dict[str, Any]) -> dict[str, Any]:
    """Close many cases as false positives with one rationale; all or nothing (a
    high-risk case in the batch needs four-eyes and refuses the batch)."""
    ctx, done = current_actor().audit_context(), []
    for item in data["items"]:
        done.append(service.transition(
            db_session(), ctx, _text(), settings(), item["id"],
            service.Move(Action.CLOSE.value, item["version"], data["rationale"],
                         Disposition.FALSE_POSITIVE.value)))
    return {"items": [_summary(c) for c in done]}


@blp.route("/cases/auto-assign", methods=["POST"])
@blp.arguments(s.AutoAssignSchema)
@blp.response(200, s.CaseListSchema)
def auto_assign(data: dict[str, Any]) -> dict[str, Any]:
    """Hand out unassigned cases in turn, most urgent first, under the cap."""
    given = assignment.round_robin(db_session(), current_actor().audit_context(), settings(),
                                   data["officer_ids"], data["limit"])
    return {"items": [_summary(c) for c in given]}


@blp.route("/cases/<case_id>/str", methods=["GET"])
@blp.response(200, s.StrSchema)
def get_str(case_id: str) -> dict[str, Any]:
    """The STR draft: subjects, documents checked, transactions, red flags, narrative."""
    return _str_view(case_id)


@blp.route("/cases/<case_id>/str", methods=["PATCH"])
@blp.arguments(s.StrEditSchema)
@blp.response(200, s.StrSchema)
def edit_str(data: dict[str, Any], case_id: str) -> dict[str, Any]:
    """Edit the narrative (send the draft's version)."""
    strs.edit_narrative(db_session(), current_actor().audit_context(), _text(), case_id,
                        data["version"], data["narrative"])
    return _str_view(case_id)


@blp.route("/cases/<case_id>/str/filed", methods=["POST"])
@blp.arguments(s.StrFiledSchema)
@blp.response(200, s.StrSchema)
def file_str(data: dict[str, Any], case_id: str) -> dict[str, Any]:
    """Record the filing with the regulator's reference; the facts freeze."""
    case = get_case(db_session(), case_id)
    strs.mark_filed(db_session(), current_actor().audit_context(), case_id, data["version"],
                    data["reference"], _documents(case))
    return _str_view(case_id)


def _documents(case: Case) -> list[strs.DocumentFact]:
    return str_documents(db_session(), case)


def _str_view(case_id: str) -> dict[str, Any]:
    case = get_case(db_session(), case_id)
    view = strs.draft_view(db_session(), current_actor().audit_context(), _text(), case_id,
                           _documents(case))
    view["facts"] = plain(view["facts"])
    return view

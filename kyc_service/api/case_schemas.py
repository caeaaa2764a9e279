"""Marshmallow schemas of the case-management endpoints."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from cases.casework.intake import LINK_KINDS
from cases.casework.queues import QUEUES, SORTS
from cases.casework.records import MAX_TEXT
from cases.casework.settings import PRIORITIES
from cases.casework.workflow import Action, Disposition, Status

_TEXT = validate.Length(0, MAX_TEXT)
_DISPOSITIONS = validate.OneOf([d.value for d in Disposition])


class CaseQuerySchema(Schema):
    queue = fields.String(load_default="all", validate=validate.OneOf(QUEUES))
    priority = fields.String(validate=validate.OneOf(PRIORITIES))
    status = fields.String(validate=validate.OneOf([s.value for s in Status]))
    assignee_id = fields.String()
    customer_id = fields.String()
    sort = fields.String(load_default="due_at", validate=validate.OneOf(SORTS))
    descending = fields.Boolean(load_default=False)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class CaseSchema(Schema):
    id = fields.String()
    customer_id = fields.String()
    status = fields.String()
    priority = fields.String()
    risk_score = fields.Integer()
    origin = fields.String()
    assignee_id = fields.String(allow_none=True)
    opened_at = fields.DateTime()
    due_at = fields.DateTime()
    paused_at = fields.DateTime(allow_none=True)
    escalated_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    disposition = fields.String(allow_none=True)
    str_due_at = fields.DateTime(allow_none=True, metadata={
        "description": "STR filing deadline (business days from the decision)."})
    merged_into_id = fields.String(allow_none=True)
    version = fields.Integer(metadata={"description": "Send it back with every change."})
    updated_at = fields.DateTime()
    allowed_actions = fields.List(fields.String())
    alert_count = fields.Integer()
    overdue = fields.Boolean()


class CasePageSchema(Schema):
    items = fields.List(fields.Nested(CaseSchema))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())


class CaseDetailSchema(CaseSchema):
    rationale = fields.String(allow_none=True)
    customer = fields.Dict()
    linked_customers = fields.List(fields.Dict())
    alerts = fields.List(fields.Dict())
    documents = fields.List(fields.Dict())
    transactions = fields.Dict()
    screening_hits = fields.List(fields.Dict())
    timeline = fields.List(fields.Dict())
    proposals = fields.List(fields.Dict())
    audit_history = fields.List(fields.Dict(), metadata={
        "description": "The case's own audit entries (tags, actors, outcomes), oldest first."})
    attachments = fields.List(fields.Dict(), metadata={
        "description": "Evidence files (metadata, names, descriptions), oldest first."})


class OpenCaseSchema(Schema):
    customer_id = fields.String(required=True)
    reason = fields.String(required=True, validate=validate.Length(1, MAX_TEXT))
    alert_ids = fields.List(fields.String(), load_default=list)


class TransitionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(
        [a.value for a in Action if a != Action.MERGE]))
    version = fields.Integer(required=True)
    text = fields.String(load_default=None, allow_none=True, validate=_TEXT, metadata={
        "description": "Rationale (close), reason (reopen) or note."})
    disposition = fields.String(load_default=None, allow_none=True, validate=_DISPOSITIONS)


class AssignSchema(Schema):
    version = fields.Integer(required=True)
    assignee_id = fields.String(load_default=None, allow_none=True, metadata={
        "description": "Omit to take the case yourself; managers may name anyone."})


class CommentSchema(Schema):
    text = fields.String(required=True, validate=validate.Length(1, MAX_TEXT))


class LinkSchema(Schema):
    customer_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(LINK_KINDS))


class MergeSchema(Schema):
    version = fields.Integer(required=True)
    into_case_id = fields.String(required=True)
    into_version = fields.Integer(required=True)


class ProposeCloseSchema(Schema):
    version = fields.Integer(required=True)
    disposition = fields.String(required=True, validate=_DISPOSITIONS)
    rationale = fields.String(required=True, validate=validate.Length(1, MAX_TEXT))


class ProposeWhitelistSchema(Schema):
    hit_id = fields.String(required=True)
    rationale = fields.String(required=True, validate=validate.Length(1, MAX_TEXT))


class DecisionSchema(Schema):
    note = fields.String(load_default=None, allow_none=True, validate=_TEXT)


class ProposalSchema(Schema):
    id = fields.String()
    kind = fields.String()
    case_id = fields.String(allow_none=True)
    hit_id = fields.String(allow_none=True)
    customer_id = fields.String()
    disposition = fields.String(allow_none=True)
    case_version = fields.Integer(allow_none=True)
    status = fields.String()
    proposed_by = fields.String()
    proposed_at = fields.DateTime()
    decided_by = fields.String(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    rationale = fields.String(allow_none=True)
    decision_note = fields.String(allow_none=True)


class ProposalListSchema(Schema):
    items = fields.List(fields.Nested(ProposalSchema))


class CaseRefSchema(Schema):
    id = fields.String(required=True)
    version = fields.Integer(required=True)


class BulkAssignSchema(Schema):
    items = fields.List(fields.Nested(CaseRefSchema), required=True,
                        validate=validate.Length(1, 500))
    assignee_id = fields.String(required=True)


class BulkCloseSchema(Schema):
    items = fields.List(fields.Nested(CaseRefSchema), required=True,
                        validate=validate.Length(1, 500))
    rationale = fields.String(required=True, validate=validate.Length(1, MAX_TEXT))


class AutoAssignSchema(Schema):
    officer_ids = fields.List(fields.String(), load_default=None, allow_none=True)
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 1000))


class CaseListSchema(Schema):
    items = fields.List(fields.Nested(CaseSchema))


class StrSchema(Schema):
    case_id = fields.String()
    version = fields.Integer()
    decided_at = fields.DateTime()
    filing_due_at = fields.DateTime()
    filed_at = fields.DateTime(allow_none=True)
    filed_by = fields.String(allow_none=True)
    filing_reference = fields.String(allow_none=True)
    overdue = fields.Boolean()
    narrative = fields.String(allow_none=True)
    facts = fields.Dict()


class StrEditSchema(Schema):
    version = fields.Integer(required=True)
    narrative = fields.String(required=True, validate=validate.Length(1, MAX_TEXT))


class StrFiledSchema(Schema):
    version = fields.Integer(required=True)
    reference = fields.String(required=True, validate=validate.Length(1, 64))

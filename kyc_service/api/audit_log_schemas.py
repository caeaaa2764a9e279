"""Schemas for the auditors' API: search filters, entries, checkpoints and proofs."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class AuditFilterSchema(Schema):
    since = fields.AwareDateTime(metadata={"description": "occurred_at >= since (ISO 8601)."})
    until = fields.AwareDateTime(metadata={"description": "occurred_at < until."})
    from_seq = fields.Integer(validate=validate.Range(min=1))
    to_seq = fields.Integer(validate=validate.Range(min=1))
    actor_id = fields.String(validate=validate.Length(1, 36))
    action = fields.String(validate=validate.Length(1, 64), metadata={
        "description": "An exact tag, or a prefix ending in ':' such as 'customer:'."})
    object_type = fields.String(validate=validate.Length(1, 32))
    object_id = fields.String(validate=validate.Length(1, 64))
    customer_ref = fields.String(validate=validate.Length(1, 36))
    outcome = fields.String(validate=validate.OneOf(["success", "denied", "failure"]))


class AuditSearchSchema(AuditFilterSchema):
    after_seq = fields.Integer(load_default=0, validate=validate.Range(min=0), metadata={
        "description": "Cursor: return entries after this sequence number."})
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 1000))


class AuditExportQuerySchema(AuditFilterSchema):
    format = fields.String(load_default="jsonl", validate=validate.OneOf(["jsonl", "csv"]))
    consistent_with = fields.Integer(validate=validate.Range(min=0), metadata={
        "description": "A tree size you hold a checkpoint for: the bundle proves "
                       "consistency from it (default: the previous checkpoint)."})


class AuditEntrySchema(Schema):
    seq = fields.Integer()
    occurred_at = fields.String()
    actor_id = fields.String(allow_none=True)
    actor_role = fields.String()
    action = fields.String()
    object_type = fields.String(allow_none=True)
    object_id = fields.String(allow_none=True)
    customer_ref = fields.String(allow_none=True)
    request_id = fields.String(allow_none=True)
    client_ip = fields.String(allow_none=True)
    outcome = fields.String()
    purpose = fields.String(allow_none=True)
    details = fields.Dict()
    prev_hash = fields.String()
    entry_hash = fields.String()


class AuditEntryPageSchema(Schema):
    items = fields.List(fields.Nested(AuditEntrySchema))
    next_after_seq = fields.Integer(allow_none=True)


class CheckpointSchema(Schema):
    tree_size = fields.Integer()
    root_hash = fields.String()
    issued_at = fields.DateTime()
    key_id = fields.String()
    note = fields.String(metadata={"description": "The signed C2SP checkpoint text."})


class InclusionQuerySchema(Schema):
    seq = fields.Integer(required=True, validate=validate.Range(min=1))
    tree_size = fields.Integer(required=True, validate=validate.Range(min=1))


class InclusionProofSchema(Schema):
    seq = fields.Integer()
    leaf_index = fields.Integer()
    tree_size = fields.Integer()
    leaf_hash = fields.String()
    root_hash = fields.String()
    proof = fields.List(fields.String())


class ConsistencyQuerySchema(Schema):
    first = fields.Integer(required=True, validate=validate.Range(min=0))
    second = fields.Integer(required=True, validate=validate.Range(min=0))


class ConsistencyProofSchema(Schema):
    first = fields.Integer()
    second = fields.Integer()
    first_root = fields.String()
    second_root = fields.String()
    proof = fields.List(fields.String())

"""Marshmallow schemas of the AML endpoints: transactions, alerts and rules."""

from __future__ import annotations

from datetime import UTC

from marshmallow import Schema, fields, validate

from cases.alerts import AlertSource, AlertStatus, Resolution

_ITEM_DOC = {
    "type": "object",
    "required": ["external_id", "external_ref", "kind", "amount", "currency", "occurred_at"],
    "properties": {
        "external_id": {"type": "string", "maxLength": 128,
                        "description": "Your id of the event; sending it again stores nothing."},
        "external_ref": {"type": "string", "description": "The customer's external_ref."},
        "kind": {"type": "string", "enum": ["deposit", "withdrawal", "bet", "win",
                                             "bonus_credit", "bonus_wager", "refund",
                                             "chargeback"]},
        "amount": {"type": "string", "example": "1250.50",
                   "description": "Decimal string; JSON numbers are refused."},
        "currency": {"type": "string", "example": "TRY", "description": "ISO 4217."},
        "occurred_at": {"type": "string", "format": "date-time",
                        "description": "ISO 8601 with a time zone."},
        "method": {"type": "string", "description": "Required for deposits and withdrawals.",
                   "enum": ["bank_transfer", "card", "e_wallet", "prepaid", "crypto",
                            "voucher", "other"]},
        "instrument": {"type": "string", "description": "Card fingerprint, IBAN or wallet "
                                                        "id; stored only as a blind index."},
        "device_id": {"type": "string", "description": "Stored only as a blind index."},
        "ip": {"type": "string", "description": "IPv4/IPv6; stored only as a blind index."},
        "payer_name": {"type": "string", "description": "Stored encrypted."},
        "payee_name": {"type": "string", "description": "Stored encrypted."},
        "game_type": {"type": "string", "enum": ["sports", "casino", "live_casino", "poker",
                                                  "virtual", "esports"]},
    },
}


class TransactionBatchSchema(Schema):
    events = fields.List(fields.Raw(), required=True, validate=validate.Length(min=1),
                         metadata={"items": _ITEM_DOC, "description":
                                   "Up to 1,000 events; each is validated on its own."})


class StoredItemSchema(Schema):
    index = fields.Integer()
    external_id = fields.String()
    id = fields.String()


class DuplicateItemSchema(Schema):
    index = fields.Integer()
    external_id = fields.String()
    duplicate_of = fields.String(metadata={
        "description": "The stored transaction id, 'parked', or 'index N' of this batch."})


class RejectedItemSchema(Schema):
    index = fields.Integer()
    external_id = fields.String(allow_none=True)
    code = fields.String()
    reason = fields.String()
    fields_ = fields.Dict(data_key="fields", attribute="fields")


class IntakeResultSchema(Schema):
    batch_id = fields.String()
    received = fields.Integer()
    stored = fields.Integer()
    duplicates = fields.Integer()
    rejected = fields.Integer()
    parked = fields.Integer()
    stored_items = fields.List(fields.Nested(StoredItemSchema))
    duplicate_items = fields.List(fields.Nested(DuplicateItemSchema))
    rejected_items = fields.List(fields.Nested(RejectedItemSchema))
    parked_items = fields.List(fields.Nested(StoredItemSchema))


class AlertQuerySchema(Schema):
    customer_id = fields.String(validate=validate.Length(1, 36))
    code = fields.String(validate=validate.Length(1, 64),
                         metadata={"description": "Rule id or other alert code."})
    source = fields.String(validate=validate.OneOf([s.value for s in AlertSource]))
    status = fields.String(validate=validate.OneOf([s.value for s in AlertStatus]))
    min_score = fields.Integer(validate=validate.Range(0, 100))
    seen_from = fields.AwareDateTime(default_timezone=UTC)
    seen_to = fields.AwareDateTime(default_timezone=UTC)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class AlertSchema(Schema):
    id = fields.String()
    customer_id = fields.String()
    source = fields.String()
    code = fields.String()
    rule_version = fields.Integer(allow_none=True)
    settings_version = fields.Integer(allow_none=True)
    status = fields.String()
    score = fields.Integer()
    hit_count = fields.Integer()
    first_seen_at = fields.DateTime()
    last_seen_at = fields.DateTime()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    closed_at = fields.DateTime(allow_none=True)
    resolution = fields.String(allow_none=True)


class AlertDetailSchema(AlertSchema):
    hits = fields.List(fields.Dict(), metadata={
        "description": "The latest hits: time, score, transaction ids, evidence, explanation."})
    hits_dropped = fields.Integer()


class AlertPageSchema(Schema):
    items = fields.List(fields.Nested(AlertSchema))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()


class AlertCloseSchema(Schema):
    resolution = fields.String(required=True,
                               validate=validate.OneOf([r.value for r in Resolution]))


class RuleSchema(Schema):
    id = fields.String()
    version = fields.Integer()
    description = fields.String()
    enabled = fields.Boolean()
    kinds = fields.List(fields.String())
    settings = fields.Dict()


class RuleListSchema(Schema):
    settings_version = fields.Integer()
    fingerprint = fields.String()
    rules = fields.List(fields.Nested(RuleSchema))


class RuleChangeSchema(Schema):
    enabled = fields.Boolean()
    settings = fields.Dict(metadata={
        "description": "Settings to change; decimals as strings, e.g. {\"min_count\": 4}."})
    reason = fields.String(required=True, validate=validate.Length(3, 500))


class RuleChangedSchema(RuleSchema):
    settings_version = fields.Integer()

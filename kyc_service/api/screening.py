"""Sanctions and PEP screening for compliance staff: ad-hoc checks, customers' hits,
reviews, and the lists in force. Never open to agents (tipping-off)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from audits.tags import Purpose
from cases.screening_store.lists import list_versions
from cases.screening_store.reviews import MAX_REASON_LENGTH, customer_hits, hit_view, review_hit
from cases.screening_store.service import check_name, hit_summary
from cases.screening_store.settings import load_screening_settings
from kyc_service.auth import current_actor
from kyc_service.request_scope import db_session, runtime

blp = Blueprint("screening", __name__, url_prefix="/api/v1",
                description="Sanctions and PEP screening (compliance roles only).")


class CheckSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 300))
    birth_date = fields.String(load_default=None, allow_none=True,
                               validate=validate.Length(0, 20), metadata={
                                   "description": "A year (1970) or a date (1970-05-31)."})
    nationality = fields.String(load_default=None, allow_none=True,
                                validate=validate.Length(0, 80), metadata={
                                    "description": "ISO code (TR, TUR) or a country name."})


class CheckHitSchema(Schema):
    list = fields.String()
    entry_id = fields.String()
    name = fields.String(metadata={"description": "The listed name that matched."})
    score = fields.Float(metadata={"description": "0-100; hits start at the threshold."})
    why = fields.String(metadata={"description": "How the score was reached."})
    category = fields.String(metadata={"description": "sanctions or pep"})
    entity_type = fields.String()


class CheckResultSchema(Schema):
    hits = fields.List(fields.Nested(CheckHitSchema))
    lists = fields.Dict(keys=fields.String(), values=fields.String(),
                        metadata={"description": "Lists in force: name -> version."})


class HitSchema(Schema):
    id = fields.String()
    customer_id = fields.String()
    list = fields.String()
    list_version = fields.String()
    entry_id = fields.String()
    name = fields.String()
    category = fields.String()
    entity_type = fields.String()
    score = fields.Float()
    why = fields.String(allow_none=True, metadata={"description": "None after erasure."})
    status = fields.String(metadata={"description": "open, false_positive or confirmed"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    reviewed_by = fields.String(allow_none=True)
    reviewed_at = fields.DateTime(allow_none=True)
    review_reason = fields.String(allow_none=True)
    whitelist_status = fields.String(metadata={
        "description": "none, pending (a false positive awaiting a compliance manager's "
                       "approval: re-screening still raises it) or approved (whitelisted)"})


class HitListSchema(Schema):
    items = fields.List(fields.Nested(HitSchema))


class ReviewSchema(Schema):
    decision = fields.String(required=True,
                             validate=validate.OneOf(["false_positive", "confirmed"]))
    reason = fields.String(required=True, validate=validate.Length(1, MAX_REASON_LENGTH))


class ListVersionSchema(Schema):
    id = fields.String()
    name = fields.String()
    format = fields.String()
    version = fields.String()
    source_name = fields.String()
    source_sha256 = fields.String()
    entry_count = fields.Integer()
    active = fields.Boolean()
    imported_at = fields.DateTime()
    imported_by = fields.String(allow_none=True)
    rescreened_at = fields.DateTime(allow_none=True)


class ListVersionListSchema(Schema):
    items = fields.List(fields.Nested(ListVersionSchema))


@blp.route("/screening/check", methods=["POST"])
@blp.arguments(CheckSchema)
@blp.response(200, CheckResultSchema)
def check(data: dict[str, Any]) -> dict[str, Any]:
    """Screen one name (optionally with birth date and nationality) against the lists."""
    actor = current_actor()
    hits, versions = check_name(db_session(), actor.audit_context(), data["name"],
                                data.get("birth_date") or None, data.get("nationality") or None)
    return {"hits": [hit_summary(hit) for hit in hits], "lists": dict(versions)}


@blp.route("/customers/<customer_id>/screening-hits", methods=["GET"])
@blp.response(200, HitListSchema)
def list_customer_hits(customer_id: str) -> dict[str, Any]:
    """A customer's screening hits with their explanations and reviews (audited read)."""
    actor = current_actor()
    customer = runtime().customers.get(db_session(), customer_id)
    items = customer_hits(db_session(), actor.audit_context(), runtime().vault, customer.id,
                          Purpose.SANCTIONS_SCREENING.value)
    return {"items": items}


@blp.route("/screening-hits/<hit_id>/review", methods=["POST"])
@blp.arguments(ReviewSchema)
@blp.response(200, HitSchema)
def review(data: dict[str, Any], hit_id: str) -> dict[str, Any]:
    """Mark an open hit as a false positive or as confirmed; who, when and why are
    recorded. A false positive is whitelisted (not raised again until the list entry or
    the customer's data changes) only once another person, a compliance manager, approves
    it: `POST /proposals/whitelist`, then the proposal's approval. A confirmed match
    raises an alert that puts the customer's case at the top of the queue."""
    actor = current_actor()
    hit = review_hit(db_session(), actor.audit_context(), runtime().vault, hit_id,
                     data["decision"], data["reason"], load_screening_settings())
    return hit_view(db_session(), runtime().vault, hit)


@blp.route("/screening/lists", methods=["GET"])
@blp.response(200, ListVersionListSchema)
def lists() -> dict[str, Any]:
    """Imported list versions, newest first per list; `active` marks those in force."""
    return {"items": list_versions(db_session())}

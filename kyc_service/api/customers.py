"""/api/v1/customers: parse, call the customer service, dump. Nothing else lives here."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from kyc_service.api.schemas import (
    CustomerCreateSchema,
    CustomerPageSchema,
    CustomerQuerySchema,
    CustomerSchema,
    CustomerUpdateSchema,
    PurposeQuerySchema,
)
from kyc_service.auth import Actor, current_actor
from kyc_service.customers.models import Customer
from kyc_service.customers.service import Disclosure
from kyc_service.permissions import DEFAULT_PURPOSE, FULL_DISCLOSURE_ROLES
from kyc_service.request_scope import db_session, runtime

blp = Blueprint("customers", __name__, url_prefix="/api/v1/customers",
                description="The people being verified. Personal data is encrypted at rest.")


def _view(customer: Customer, actor: Actor, purpose: str | None) -> dict[str, Any]:
    disclosure = Disclosure.FULL if actor.role in FULL_DISCLOSURE_ROLES else Disclosure.MASKED
    view = runtime().customers.read(
        db_session(), actor.audit_context(), customer, disclosure,
        purpose or DEFAULT_PURPOSE[actor.role].value,
    )
    view["disclosure"] = disclosure.value
    return view


@blp.route("", methods=["POST"])
@blp.arguments(CustomerCreateSchema)
@blp.response(201, CustomerSchema)
def create_customer(data: dict[str, Any]) -> dict[str, Any]:
    """Create a customer (the operator's backend or a compliance officer)."""
    actor = current_actor()
    customer = runtime().customers.create(db_session(), actor.audit_context(), data)
    return _view(customer, actor, None)


@blp.route("", methods=["GET"])
@blp.arguments(CustomerQuerySchema, location="query")
@blp.response(200, CustomerPageSchema)
def list_customers(query: dict[str, Any]) -> dict[str, Any]:
    """List customers, or find them exactly by external_ref, national_id or email."""
    actor = current_actor()
    filters = {k: query[k] for k in ("external_ref", "national_id", "email") if k in query}
    page, page_size = query["page"], query["page_size"]
    service = runtime().customers
    rows, total = service.find(db_session(), offset=(page - 1) * page_size, limit=page_size,
                               **filters)
    if filters:
        service.record_search(db_session(), actor.audit_context(), sorted(filters), total)
    purpose = query.get("purpose")
    items = [_view(c, actor, purpose.value if purpose else None) for c in rows]
    return {"items": items, "total": total, "page": page, "page_size": page_size}


@blp.route("/<customer_id>", methods=["GET"])
@blp.arguments(PurposeQuerySchema, location="query")
@blp.response(200, CustomerSchema)
def get_customer(query: dict[str, Any], customer_id: str) -> dict[str, Any]:
    """One customer; agents see masked values, and every read is audited."""
    actor = current_actor()
    customer = runtime().customers.get(db_session(), customer_id)
    purpose = query.get("purpose")
    return _view(customer, actor, purpose.value if purpose else None)


@blp.route("/<customer_id>", methods=["PATCH"])
@blp.arguments(CustomerUpdateSchema)
@blp.response(200, CustomerSchema)
def update_customer(changes: dict[str, Any], customer_id: str) -> dict[str, Any]:
    """Change some fields; send the `version` you read to avoid overwriting others."""
    actor = current_actor()
    service = runtime().customers
    customer = service.get(db_session(), customer_id)
    expected = changes.pop("version", None)
    service.update(db_session(), actor.audit_context(), customer, changes, expected)
    return _view(customer, actor, None)

"""Marshmallow schemas for the HTTP API; they also generate the OpenAPI document."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from audits.tags import Purpose
from kyc_service.customers.validation import LANGUAGES

COUNTRY = validate.Regexp(r"^[A-Z]{3}$", error="Use an ISO 3166 alpha-3 code such as TUR.")


class AddressSchema(Schema):
    line1 = fields.String(required=True, validate=validate.Length(1, 200))
    line2 = fields.String(validate=validate.Length(0, 200))
    district = fields.String(validate=validate.Length(0, 100))
    city = fields.String(required=True, validate=validate.Length(1, 100))
    postal_code = fields.String(validate=validate.Length(0, 20))
    country = fields.String(required=True, validate=COUNTRY)


class CustomerFieldsSchema(Schema):
    external_ref = fields.String(validate=validate.Length(1, 64),
                                 metadata={"description": "The operator's player id (unique)."})
    given_names = fields.String(validate=validate.Length(1, 200))
    surname = fields.String(validate=validate.Length(1, 200))
    birth_date = fields.Date()
    national_id = fields.String(allow_none=True, validate=validate.Length(1, 32), metadata={
        "description": "T.C. Kimlik No (checksum-validated when nationality is TUR)."})
    nationality = fields.String(validate=COUNTRY)
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    phone = fields.String(allow_none=True, validate=validate.Length(max=20),
                          metadata={"description": "E.164, e.g. +905321234567."})
    address = fields.Nested(AddressSchema, allow_none=True)
    preferred_language = fields.String(validate=validate.OneOf(LANGUAGES))


class CustomerCreateSchema(CustomerFieldsSchema):
    """A new customer: identity fields are required, contact fields optional."""

    external_ref = fields.String(required=True, validate=validate.Length(1, 64))
    given_names = fields.String(required=True, validate=validate.Length(1, 200))
    surname = fields.String(required=True, validate=validate.Length(1, 200))
    birth_date = fields.Date(required=True)
    nationality = fields.String(required=True, validate=COUNTRY)
    preferred_language = fields.String(load_default="tr", validate=validate.OneOf(LANGUAGES))


class CustomerUpdateSchema(CustomerFieldsSchema):
    version = fields.Integer(metadata={
        "description": "The version you read; a stale one answers 409 and changes nothing."})


class CustomerSchema(Schema):
    id = fields.String()
    external_ref = fields.String()
    given_names = fields.String()
    surname = fields.String()
    birth_date = fields.String(metadata={"description": "ISO date; masked for agents."})
    national_id = fields.String(allow_none=True)
    nationality = fields.String()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    address = fields.Dict(allow_none=True)
    preferred_language = fields.String()
    kyc_status = fields.String()
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    disclosure = fields.String(metadata={"description": "full, or masked for your role."})


class PurposeQuerySchema(Schema):
    purpose = fields.Enum(Purpose, by_value=True, metadata={
        "description": "Why you read personal data; recorded in the audit trail."})


class CustomerQuerySchema(PurposeQuerySchema):
    external_ref = fields.String(validate=validate.Length(1, 64))
    national_id = fields.String(validate=validate.Length(1, 32))
    email = fields.String(validate=validate.Length(1, 254))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class CustomerPageSchema(Schema):
    items = fields.List(fields.Nested(CustomerSchema))
    total = fields.Integer()
    page = fields.Integer()
    page_size = fields.Integer()


class LoginSchema(Schema):
    email = fields.Email(required=True)
    password = fields.String(required=True, validate=validate.Length(1, 1024),
                             load_only=True)


class TokenSchema(Schema):
    token = fields.String()
    token_id = fields.String()
    expires_at = fields.DateTime()


class WhoAmISchema(Schema):
    user_id = fields.String()
    roles = fields.List(fields.String())
    acting_role = fields.String()
    token_id = fields.String()


class ChainReportSchema(Schema):
    ok = fields.Boolean()
    entries_checked = fields.Integer()
    head_seq = fields.Integer()
    first_bad_seq = fields.Integer(allow_none=True)
    problem = fields.String(allow_none=True)

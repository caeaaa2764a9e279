"""Domain rules for customer data, shared by the API, the CLI and demo data.

Types and shapes are checked by the API schema; these are the rules that hold whatever
the entry point: checksums, code lists, plausible dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pycountry

from kyc_service.core.errors import ValidationFailed
from kyc_service.customers.national_id import turkish_national_id_is_valid
from kyc_service.customers.normalise import E164, normalise_phone

LANGUAGES = ("tr", "en")
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def is_country_code(value: str) -> bool:
    return len(value) == 3 and pycountry.countries.get(alpha_3=value) is not None


def validate_customer_fields(data: Mapping[str, Any], today: date) -> None:
    """Raise `ValidationFailed` listing every field that breaks a rule."""
    errors: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if "external_ref" in data and not str(data["external_ref"] or "").strip():
        fail("external_ref", "Must not be empty.")
    for name in ("given_names", "surname"):
        if name in data and not str(data[name] or "").strip():
            fail(name, "Must not be empty.")
    nationality = data.get("nationality")
    if nationality is not None and not is_country_code(nationality):
        fail("nationality", "Must be an ISO 3166 alpha-3 country code, e.g. TUR.")
    national_id = data.get("national_id")
    if national_id and nationality == "TUR" and not turkish_national_id_is_valid(national_id):
        fail("national_id", "Not a valid T.C. Kimlik No (checksum).")
    birth_date = data.get("birth_date")
    if isinstance(birth_date, str):
        birth_date = date.fromisoformat(birth_date)
    if birth_date is not None and not EARLIEST_BIRTH_DATE <= birth_date <= today:
        fail("birth_date", "Must be a real date in the past.")
    phone = data.get("phone")
    if phone and not E164.match(normalise_phone(phone)):
        fail("phone", "Must be an E.164 number such as +905321234567.")
    email = data.get("email")
    if email and ("@" not in email or email.startswith("@") or email.endswith("@")):
        fail("email", "Not a valid e-mail address.")
    address = data.get("address")
    if address and address.get("country") and not is_country_code(address["country"]):
        fail("address.country", "Must be an ISO 3166 alpha-3 country code.")
    language = data.get("preferred_language")
    if language is not None and language not in LANGUAGES:
        fail("preferred_language", f"Must be one of {', '.join(LANGUAGES)}.")
    if errors:
        raise ValidationFailed(fields=errors)

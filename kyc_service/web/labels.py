"""Human names for codes shown on pages (roles, KYC statuses, fields), translated lazily."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import LazyString, lazy_gettext

ROLE_LABELS: dict[str, LazyString] = {
    "agent": lazy_gettext("Support agent"),
    "compliance_officer": lazy_gettext("Compliance officer"),
    "compliance_manager": lazy_gettext("Compliance manager"),
    "auditor": lazy_gettext("Auditor"),
    "admin": lazy_gettext("Administrator"),
    "integration": lazy_gettext("Integration"),
}

KYC_STATUS_LABELS: dict[str, LazyString] = {
    "unverified": lazy_gettext("Not verified"),
    "pending": lazy_gettext("Waiting for documents"),
    "in_review": lazy_gettext("In review"),
    "needs_review": lazy_gettext("Needs manual review"),
    "verified": lazy_gettext("Verified"),
    "rejected": lazy_gettext("Rejected"),
}

LANGUAGE_NAMES = {"tr": "Türkçe", "en": "English"}  # each in its own language


def role_label(code: str) -> str:
    return str(ROLE_LABELS.get(code, code))


def kyc_status_label(code: str) -> str:
    return str(KYC_STATUS_LABELS.get(code, code))


ADDRESS_ORDER = ("line1", "line2", "postal_code", "district", "city", "region", "country")


def address_line(address: Mapping[str, Any] | None) -> str:
    """One line in the usual order (street first); masked parts stay visible as masks."""
    if not address:
        return ""
    keys = [k for k in ADDRESS_ORDER if k in address] + sorted(
        k for k in address if k not in ADDRESS_ORDER)
    return ", ".join(str(address[k]) for k in keys if address[k])


DOCUMENT_LABELS: dict[tuple[str, str], LazyString] = {
    ("id_card", "front"): lazy_gettext("ID card, front"),
    ("id_card", "back"): lazy_gettext("ID card, back"),
    ("passport", "data_page"): lazy_gettext("Passport, photo page"),
    ("address_proof", "page"): lazy_gettext("Proof of address"),
}

DOCUMENT_STATUS_LABELS: dict[str, LazyString] = {
    "processing": lazy_gettext("Checking"),
    "accepted": lazy_gettext("Accepted"),
    "rejected": lazy_gettext("Rejected"),
    "needs_review": lazy_gettext("Needs manual review"),
    "failed": lazy_gettext("Could not be checked"),
}

# What the player reads: no internal vocabulary, nothing about reviews' reasons.
PLAYER_STATUS_LABELS: dict[str, LazyString] = {
    "missing": lazy_gettext("Not sent yet."),
    "processing": lazy_gettext("Checking your photo…"),
    "accepted": lazy_gettext("Accepted. Thank you!"),
    "rejected": lazy_gettext("We could not accept this photo. Please try again:"),
    "needs_review": lazy_gettext("Received. A colleague will check it and contact you if "
                                 "needed."),
    "failed": lazy_gettext("Something went wrong on our side. Please send the photo again."),
}


def document_label(kind: str, side: str) -> str:
    return str(DOCUMENT_LABELS.get((kind, side), f"{kind} {side}"))


def document_status_label(code: str) -> str:
    return str(DOCUMENT_STATUS_LABELS.get(code, code))


def player_status_label(code: str) -> str:
    return str(PLAYER_STATUS_LABELS.get(code, code))

"""Cross-checks and the decision: what a read document says against itself, the MRZ,
the other side of the card and the customer's profile.

Findings carry codes and field names, never the values themselves, so they can be stored,
audited and shown to officers without leaking personal data. The decision fails closed:
anything uncertain goes to a person, never silently to "accepted".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from cases.screening.names import name_tokens
from kyc_service.customers.national_id import turkish_national_id_is_valid

Finding = dict[str, Any]


@dataclass(frozen=True)
class VerificationSettings:
    """Jurisdiction figures are settings: the age of majority, proof recency, tolerance."""

    minimum_age: int = 18
    address_proof_max_age_days: int = 90
    name_similarity: int = 88  # rapidfuzz ratio on folded tokens, 0-100
    minimum_confidence: float = 0.6


# A rejection is something the player can fix by sending another document; everything
# that needs judgement goes to review.
REJECTING = frozenset({"expired", "underage", "national_id_invalid", "stale_address_proof"})
REVIEWING = frozenset({
    "mrz_unreadable", "mrz_check_failed", "mrz_ambiguous", "name_mismatch",
    "birth_date_mismatch", "viz_mrz_mismatch", "front_back_mismatch", "document_reused",
    "address_name_mismatch", "low_confidence", "same_image_other_customer",
    "max_attempts_reached", "fields_unreadable",
})
# These also raise an alert for the AML side.
ALERTING = frozenset({"underage", "document_reused", "name_mismatch", "birth_date_mismatch",
                      "front_back_mismatch", "viz_mrz_mismatch", "same_image_other_customer"})
# Never shown to agents or players: they reveal a suspicion (tipping-off).
CONFIDENTIAL = frozenset({"document_reused", "same_image_other_customer", "underage"})


def finding(code: str, **details: Any) -> Finding:
    return {"code": code, **details}


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def names_agree(first: str | None, second: str | None, threshold: int,
                allow_truncation: bool = False) -> bool:
    """Turkish-aware, order-independent; tolerates a missing middle name and, for MRZ
    names cut at the line's end, a truncated last token."""
    a, b = name_tokens(first or ""), name_tokens(second or "")
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    remaining = list(longer)
    for token in shorter:
        best = max(remaining, key=lambda other: fuzz.ratio(token, other))
        truncated = allow_truncation and len(token) >= 3 and (
            best.startswith(token) or token.startswith(best))
        if fuzz.ratio(token, best) < threshold and not truncated:
            return False
        remaining.remove(best)
    return True


def _field_mismatches(viz: Mapping[str, Any], mrz: Mapping[str, Any], settings:
                      VerificationSettings, truncated_names: bool) -> list[str]:
    differing = []
    for name in ("surname", "given_names"):
        if viz.get(name) and mrz.get(name) and not names_agree(
                viz[name], mrz[name], settings.name_similarity, truncated_names):
            differing.append(name)
    for name in ("birth_date", "expiry_date", "national_id"):
        if viz.get(name) and mrz.get(name) and str(viz[name]) != str(mrz[name]):
            differing.append(name)
    number = viz.get("document_number") or viz.get("passport_number")
    if number and mrz.get("document_number") and number != mrz["document_number"]:
        differing.append("document_number")
    return differing


def document_findings(kind: str, fields: Mapping[str, Any], mrz: Mapping[str, Any] | None,
                      mrz_expected: bool, as_of: date, settings: VerificationSettings,
                      confidence: Mapping[str, float] | None = None) -> list[Finding]:
    """What the document says about itself: MRZ integrity, checksums, validity, age."""
    found: list[Finding] = []
    if mrz_expected and mrz is None:
        found.append(finding("mrz_unreadable"))
    if mrz is not None:
        failed = sorted(name for name, ok in mrz.get("checks", {}).items() if not ok)
        if failed:
            found.append(finding("mrz_check_failed", checks=failed))
        if mrz.get("ambiguous"):
            found.append(finding("mrz_ambiguous", fields=list(mrz["ambiguous"])))
    merged = {**(mrz or {}), **{k: v for k, v in fields.items() if v}}
    national_id = merged.get("national_id")
    if national_id and not turkish_national_id_is_valid(str(national_id)):
        found.append(finding("national_id_invalid"))
    expiry = _date(merged.get("expiry_date"))
    if expiry is not None and expiry < as_of:
        found.append(finding("expired"))
    birth = _date(merged.get("birth_date"))
    if birth is not None and age_on(birth, as_of) < settings.minimum_age:
        found.append(finding("underage", minimum_age=settings.minimum_age))
    if mrz is not None and fields and kind == "passport":
        differing = _field_mismatches(fields, mrz, settings, truncated_names=False)
        if differing:
            found.append(finding("viz_mrz_mismatch", fields=differing))
    low = sorted(k for k, v in (confidence or {}).items() if v < settings.minimum_confidence)
    if low:
        found.append(finding("low_confidence", fields=low))
    return found


def front_back_findings(front: Mapping[str, Any], back_mrz: Mapping[str, Any],
                        settings: VerificationSettings) -> list[Finding]:
    """An ID card's printed front against the MRZ on its back (names cut at 30 chars)."""
    differing = _field_mismatches(front, back_mrz, settings, truncated_names=True)
    return [finding("front_back_mismatch", fields=differing)] if differing else []


def profile_findings(identity: Mapping[str, Any], profile: Mapping[str, Any],
                     settings: VerificationSettings) -> list[Finding]:
    """The document's identity against what the customer told the operator."""
    found: list[Finding] = []
    document_name = f"{identity.get('given_names') or ''} {identity.get('surname') or ''}"
    profile_name = f"{profile.get('given_names') or ''} {profile.get('surname') or ''}"
    if document_name.strip() and not names_agree(document_name, profile_name,
                                                 settings.name_similarity, True):
        found.append(finding("name_mismatch"))
    document_birth, profile_birth = (_date(identity.get("birth_date")),
                                     _date(profile.get("birth_date")))
    if document_birth and profile_birth and document_birth != profile_birth:
        found.append(finding("birth_date_mismatch"))
    return found


def address_recency_findings(fields: Mapping[str, Any], as_of: date,
                             settings: VerificationSettings) -> list[Finding]:
    """An address proof must be recent: needs only the document and the as-of date."""
    issued = _date(fields.get("issue_date"))
    if issued is None:
        return [finding("fields_unreadable", fields=["issue_date"])]
    if (as_of - issued).days > settings.address_proof_max_age_days:
        return [finding("stale_address_proof",
                        max_age_days=settings.address_proof_max_age_days)]
    return []


def address_name_findings(fields: Mapping[str, Any], profile: Mapping[str, Any],
                          settings: VerificationSettings) -> list[Finding]:
    """The proof must name the customer."""
    profile_name = f"{profile.get('given_names') or ''} {profile.get('surname') or ''}"
    if fields.get("full_name") and profile_name.strip() and not names_agree(
            fields["full_name"], profile_name, settings.name_similarity):
        return [finding("address_name_mismatch")]
    return []


def address_findings(fields: Mapping[str, Any], profile: Mapping[str, Any], as_of: date,
                     settings: VerificationSettings) -> list[Finding]:
    return (address_recency_findings(fields, as_of, settings)
            + address_name_findings(fields, profile, settings))


def merge_findings(*groups: Iterable[Finding]) -> list[Finding]:
    """One finding per code, the first one kept (several steps may notice the same)."""
    merged: dict[str, Finding] = {}
    for group in groups:
        for item in group:
            merged.setdefault(item["code"], item)
    return list(merged.values())


def decide(quality_passed: bool, findings: Iterable[Finding]) -> str:
    """Rejected when the player must send something else, review when a person must look,
    accepted only when every check ran and passed."""
    codes = {f["code"] for f in findings}
    if not quality_passed or codes & REJECTING:
        return "rejected"
    if codes & REVIEWING or codes - REJECTING - REVIEWING:
        return "needs_review"
    return "accepted"


def player_safe(findings: Iterable[Finding]) -> list[Finding]:
    """The findings an agent may relay to the player."""
    return [f for f in findings if f["code"] not in CONFIDENTIAL]

"""The words of the STR PDF, translated lazily like every other text of the pages.

Keys are the text fields of `cases.casework.str_pdf.ReportLocale`; a missing or extra
key fails when the locale is built, so the two cannot drift apart silently.
"""

from __future__ import annotations

from flask_babel import LazyString, lazy_gettext

WORDS: dict[str, LazyString] = {
    "title": lazy_gettext("Suspicious transaction report"),
    "draft_banner": lazy_gettext("STR draft — not filed"),
    "watermark": lazy_gettext("DRAFT"),
    "filed_as": lazy_gettext("Filed on %(date)s, reference %(reference)s"),
    "operator": lazy_gettext("Reporting operator"),
    "case": lazy_gettext("Case"),
    "decided": lazy_gettext("Decided"),
    "filing_due": lazy_gettext("Filing due"),
    "overdue": lazy_gettext("overdue"),
    "filed": lazy_gettext("Filed"),
    "not_filed": lazy_gettext("Not filed yet"),
    "version": lazy_gettext("Draft version"),
    "subjects": lazy_gettext("Subjects"),
    "customer_id": lazy_gettext("Customer id"),
    "full_name": lazy_gettext("Full name"),
    "player_ref": lazy_gettext("Player id"),
    "birth_date": lazy_gettext("Date of birth"),
    "national_id": lazy_gettext("National id"),
    "nationality": lazy_gettext("Nationality"),
    "address": lazy_gettext("Address"),
    "documents_checked": lazy_gettext("Documents checked"),
    "document": lazy_gettext("Document"),
    "verdict": lazy_gettext("Verdict"),
    "processed": lazy_gettext("Checked on"),
    "transactions": lazy_gettext("Transactions"),
    "time": lazy_gettext("Time"),
    "direction": lazy_gettext("Direction"),
    "amount": lazy_gettext("Amount"),
    "method": lazy_gettext("Method"),
    "reference": lazy_gettext("Reference"),
    "totals": lazy_gettext("Totals"),
    "count": lazy_gettext("Count"),
    "red_flags": lazy_gettext("Red flags"),
    "code": lazy_gettext("Code"),
    "name": lazy_gettext("Rule"),
    "score": lazy_gettext("Score"),
    "seen": lazy_gettext("First and last seen"),
    "explanation": lazy_gettext("Explanation"),
    "narrative": lazy_gettext("Narrative"),
    "four_eyes": lazy_gettext("Four-eyes approval"),
    "proposed_by": lazy_gettext("Proposed by"),
    "approved_by": lazy_gettext("Approved by"),
    "none": lazy_gettext("none"),
    "page_of": lazy_gettext("Page %(page)s of %(pages)s"),
}

# Money moving in or out of the player's account, by transaction kind.
DIRECTION_LABELS: dict[str, LazyString] = {
    "deposit": lazy_gettext("Deposit"),
    "withdrawal": lazy_gettext("Withdrawal"),
    "bet": lazy_gettext("Bet"),
    "win": lazy_gettext("Win"),
    "bonus_credit": lazy_gettext("Bonus credit"),
    "bonus_wager": lazy_gettext("Bonus wager"),
    "refund": lazy_gettext("Refund"),
    "chargeback": lazy_gettext("Chargeback"),
}

# Alert codes (rules, screening categories, document findings) in words.
RED_FLAG_LABELS: dict[str, LazyString] = {
    "large_transaction": lazy_gettext("Large transaction"),
    "structuring": lazy_gettext("Amounts split to stay under the threshold"),
    "velocity_spike": lazy_gettext("Sudden rise in activity"),
    "dormant_reactivation": lazy_gettext("Dormant account active again"),
    "withdrawal_to_new_instrument": lazy_gettext("Withdrawal to a new payment instrument"),
    "third_party_payment": lazy_gettext("Payment by a third party"),
    "shared_instrument": lazy_gettext("Payment instrument shared with other players"),
    "shared_device": lazy_gettext("Device shared with other players"),
    "high_risk_method": lazy_gettext("High-risk payment method"),
    "chargeback_pattern": lazy_gettext("Repeated chargebacks"),
    "low_wagering_withdrawal": lazy_gettext("Withdrawal after little play"),
    "screening_sanctions": lazy_gettext("Name matches a sanctions list"),
    "screening_pep": lazy_gettext("Name matches a politically exposed person"),
    "screening_sanctions_confirmed": lazy_gettext("Confirmed sanctions list match"),
    "screening_pep_confirmed": lazy_gettext("Confirmed politically exposed person"),
    "document_underage": lazy_gettext("Document shows an underage player"),
    "document_reused": lazy_gettext("Document used by another customer"),
    "document_name_mismatch": lazy_gettext("Name on the document differs from the profile"),
    "document_birth_date_mismatch": lazy_gettext(
        "Birth date on the document differs from the profile"),
    "document_front_back_mismatch": lazy_gettext("Front and back of the ID do not match"),
    "document_viz_mrz_mismatch": lazy_gettext(
        "Printed data and machine-readable zone disagree"),
    "document_same_image_other_customer": lazy_gettext(
        "Same photo sent by another customer"),
}

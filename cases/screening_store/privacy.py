"""Screening hits and decisions as a personal-data provider.

Hits are AML records and their existence must not reach the customer (tipping-off), so
an access export lists none; on erasure their sealed explanation is re-sealed under the
retention key. List entries describe listed persons from public sources.
"""

from __future__ import annotations

import secrets
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select

from audits.privacy.declarations import LegalBasis, Retention, Sensitivity, Subjects
from audits.privacy.declarations import TableDeclaration as T
from audits.privacy.scope import Counts, DestroyScope, ErasureScope, ExportScope
from cases.screening_store.hits import TABLE
from cases.screening_store.models import FalsePositiveDecision, ScreeningHit

AML = (LegalBasis.LEGAL_OBLIGATION,)
SEALED = ("why", "review_reason")


class ScreeningProvider:
    name = "screening"
    declarations = (
        T("screening_hits", Sensitivity.PERSONAL, Subjects.CUSTOMERS,
          ("sanctions/PEP match", "name and birth date in the match explanation"),
          ("sanctions and PEP screening",), AML, Retention.AML,
          aml_retained=("sanctions/PEP match",),
          notes="Withheld from access exports: AML tipping-off prohibition."),
        T("screening_fp_decisions", Sensitivity.PSEUDONYMOUS, Subjects.CUSTOMERS,
          ("screening decision (keyed hash of the match key)",),
          ("remembering reviewed false positives",), AML, Retention.AML,
          security=("HMAC-SHA256 blind indexes",),
          aml_retained=("screening decision (keyed hash of the match key)",)),
        T("screening_lists", Sensitivity.PERSONAL, Subjects.LISTED_PERSONS,
          ("names, birth data and nationality of listed persons",),
          ("sanctions and PEP screening",), (LegalBasis.LEGAL_OBLIGATION,
                                             LegalBasis.PUBLIC_DATA), Retention.LIST_VERSION,
          recipients=("compliance staff",), security=("read-only, compressed at rest",),
          notes="Public sources: UN, EU, OFAC, Turkish asset-freeze lists, PEP lists."),
    )

    def export(self, scope: ExportScope) -> dict[str, Any]:
        return {}  # withheld: GDPR Art. 23 / AMLD Art. 39 / MASAK Law 5549 Art. 4

    def erase(self, scope: ErasureScope) -> Counts:
        count = 0
        for hit in scope.session.scalars(select(ScreeningHit).where(
                ScreeningHit.customer_id == scope.customer_id)):
            scope.reseal(hit, TABLE, hit.id, SEALED)
            hit.data_key_id = scope.new.dek_id
            count += 1
        return {"retained:sanctions/PEP matches": count}

    def destroy(self, scope: DestroyScope) -> Counts:
        decisions = cast(CursorResult[Any], scope.session.execute(
            delete(FalsePositiveDecision).where(
                FalsePositiveDecision.customer_id == scope.customer_id))).rowcount
        hits = 0
        # Rows stay (case records may point at them); what identified the person goes.
        for hit in scope.session.scalars(select(ScreeningHit).where(
                ScreeningHit.customer_id == scope.customer_id)):
            hit.why_enc = hit.review_reason_enc = None
            hit.match_key_bidx = secrets.token_hex(32)
            hits += 1
        return {"sanctions/PEP matches (anonymised)": hits, "screening decisions": decisions}

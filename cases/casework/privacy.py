"""Cases, proposals and STR drafts as a personal-data provider.

Officers' free text is sealed with the subject customer's data key. Cases and suspicious
transaction reports are AML records, so on erasure the text is re-sealed under the
customer's retention key rather than lost with the shredded key; at the end of
retention it is cleared and the case stays as ids, codes and times. Never part of an
access export (tipping-off).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from audits.privacy.declarations import LegalBasis, Retention, Sensitivity, Subjects
from audits.privacy.declarations import TableDeclaration as T
from audits.privacy.scope import Counts, DestroyScope, ErasureScope, ExportScope
from cases.casework.models import Case, CaseEvent, CaseProposal, StrDraft

AML = (LegalBasis.LEGAL_OBLIGATION,)
PURPOSES = ("AML/CFT investigation", "suspicious transaction reporting to MASAK / the FIU")
SECURITY = ("free text AES-256-GCM with the customer's data key",
            "never shown to agents (tipping-off)", "four-eyes approval of reports")
RECIPIENTS = ("compliance staff", "MLRO", "MASAK / FIU (filed reports)")
WITHHELD = "Withheld from access exports: AML tipping-off prohibition."


def _decl(table: str, categories: tuple[str, ...]) -> T:
    return T(table, Sensitivity.PERSONAL, Subjects.CUSTOMERS, categories, PURPOSES, AML,
             Retention.AML, recipients=RECIPIENTS, security=SECURITY,
             aml_retained=categories, notes=WITHHELD)


class CaseworkProvider:
    name = "casework"
    declarations = (
        _decl("cases", ("investigation rationale",)),
        _decl("case_events", ("investigation notes",)),
        _decl("case_proposals", ("decision rationale",)),
        _decl("str_drafts", ("suspicious transaction report narrative",)),
        T("case_alerts", Sensitivity.PSEUDONYMOUS, Subjects.CUSTOMERS, ("case links",),
          PURPOSES, AML, Retention.AML, aml_retained=("case links",), notes=WITHHELD),
        T("case_customers", Sensitivity.PSEUDONYMOUS, Subjects.CUSTOMERS, ("case links",),
          PURPOSES, AML, Retention.AML, aml_retained=("case links",), notes=WITHHELD),
    )

    def export(self, scope: ExportScope) -> dict[str, Any]:
        return {}

    def _rows(self, scope: ErasureScope | DestroyScope) -> list[tuple[Any, str, str,
                                                                         tuple[str, ...]]]:
        session, cid = scope.session, scope.customer_id
        rows: list[tuple[Any, str, str, tuple[str, ...]]] = []
        cases = list(session.scalars(select(Case).where(Case.customer_id == cid)))
        rows += [(c, "cases", c.id, ("rationale",)) for c in cases]
        if cases:
            rows += [(e, "case_events", e.id, ("text",)) for e in session.scalars(
                select(CaseEvent).where(CaseEvent.case_id.in_([c.id for c in cases])))]
        rows += [(p, "case_proposals", p.id, ("rationale", "decision_note"))
                 for p in session.scalars(select(CaseProposal).where(
                     CaseProposal.customer_id == cid))]
        rows += [(d, "str_drafts", d.case_id, ("narrative",)) for d in session.scalars(
            select(StrDraft).where(StrDraft.customer_id == cid))]
        return rows

    def erase(self, scope: ErasureScope) -> Counts:
        rows = self._rows(scope)
        for row, table, row_id, columns in rows:
            scope.reseal(row, table, row_id, columns)
        return {"retained:case records and STR drafts": len(rows)}

    def destroy(self, scope: DestroyScope) -> Counts:
        rows = self._rows(scope)
        for row, _table, _row_id, columns in rows:
            for name in columns:
                setattr(row, f"{name}_enc", None)
        return {"case and STR texts (anonymised)": len(rows)}

"""Alerts as a personal-data provider: ids and figures only (pseudonymous), AML records.

Never part of an access export (tipping-off); at the end of retention the evidence is
cleared and the alert stays as an anonymous statistic.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, update

from audits.privacy.declarations import LegalBasis, Retention, Sensitivity, Subjects
from audits.privacy.declarations import TableDeclaration as T
from audits.privacy.scope import Counts, DestroyScope, ErasureScope, ExportScope
from cases.alerts.models import Alert


class AlertProvider:
    name = "alerts"
    declarations = (
        T("alerts", Sensitivity.PSEUDONYMOUS, Subjects.CUSTOMERS,
          ("AML alerts (ids, amounts, scores)",), ("AML/CFT investigation",),
          (LegalBasis.LEGAL_OBLIGATION,), Retention.AML,
          security=("evidence holds ids and figures, never personal data",
                    "never shown to agents (tipping-off)"),
          aml_retained=("AML alerts (ids, amounts, scores)",),
          notes="Withheld from access exports: AML tipping-off prohibition."),
    )

    def export(self, scope: ExportScope) -> dict[str, Any]:
        return {}

    def erase(self, scope: ErasureScope) -> Counts:
        return {}  # nothing sealed; the rows are AML records

    def destroy(self, scope: DestroyScope) -> Counts:
        count = cast(CursorResult[Any], scope.session.execute(update(Alert).where(
            Alert.customer_id == scope.customer_id).values(evidence_json="{}"))).rowcount
        return {"AML alert evidence (anonymised)": count}

"""AML transaction records as a personal-data provider.

Transactions are AML records: on erasure they stay, with payer and payee names
re-sealed under the customer's retention key; at the end of retention the names and
the instrument, device and IP indexes are removed and the amounts stay as anonymous
figures. Parked events belong to no customer yet and hold the operator's payload.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update

from audits.privacy.declarations import LegalBasis, Retention, Sensitivity, Subjects
from audits.privacy.declarations import TableDeclaration as T
from audits.privacy.scope import Counts, DestroyScope, ErasureScope, ExportScope
from cases.monitoring.customers import TRANSACTIONS_TABLE
from cases.monitoring.models import CustomerRuleState, MonitoredTransaction, SharedKeyMember

NAMES = ("payer_name", "payee_name")
AML = (LegalBasis.LEGAL_OBLIGATION,)
AML_PURPOSES = ("AML/CFT transaction monitoring", "suspicious transaction reporting")


class MonitoringProvider:
    name = "aml_monitoring"
    declarations = (
        T("aml_transactions", Sensitivity.PERSONAL, Subjects.CUSTOMERS,
          ("financial transactions", "payment instrument (keyed hash)", "device and IP (keyed "
           "hash)", "counterparty names"), AML_PURPOSES, AML, Retention.AML,
          recipients=("compliance staff", "MASAK / FIU in reports"),
          aml_retained=("financial transactions", "counterparty names")),
        T("aml_customer_states", Sensitivity.PSEUDONYMOUS, Subjects.CUSTOMERS,
          ("transaction aggregates",), AML_PURPOSES, AML, Retention.AML,
          security=("ids and amounts only",), aml_retained=("transaction aggregates",)),
        T("aml_shared_keys", Sensitivity.PSEUDONYMOUS, Subjects.CUSTOMERS,
          ("payment instrument, device and IP (keyed hash)",),
          ("multi-accounting and shared instrument detection",), AML, Retention.AML,
          security=("HMAC-SHA256 blind indexes",),
          aml_retained=("payment instrument, device and IP (keyed hash)",)),
        T("aml_parked_events", Sensitivity.PERSONAL, Subjects.CUSTOMERS,
          ("financial transactions", "counterparty names"),
          ("AML monitoring of events that arrive before the customer",), AML, Retention.AML,
          security=("sealed with a system data key until the customer exists",)),
    )

    def export(self, scope: ExportScope) -> dict[str, Any]:
        rows = []
        for tx in scope.session.scalars(select(MonitoredTransaction).where(
                MonitoredTransaction.customer_id == scope.customer_id)
                .order_by(MonitoredTransaction.occurred_at)):
            item: dict[str, Any] = {
                "id": tx.id, "external_id": tx.external_id, "kind": tx.kind,
                "amount": str(tx.amount), "currency": tx.currency,
                "occurred_at": tx.occurred_at.isoformat(), "method": tx.method,
                "game_type": tx.game_type}
            if scope.key is not None:
                cipher = scope.key.cipher(TRANSACTIONS_TABLE, tx.id)
                for name in NAMES:
                    value = cipher.open(name, getattr(tx, f"{name}_enc"))
                    if value is not None:
                        item[name] = value
            rows.append(item)
        return {"transactions": rows}

    def erase(self, scope: ErasureScope) -> Counts:
        count = 0
        for tx in scope.session.scalars(select(MonitoredTransaction).where(
                MonitoredTransaction.customer_id == scope.customer_id)):
            scope.reseal(tx, TRANSACTIONS_TABLE, tx.id, NAMES)
            count += 1
        return {"retained:financial transactions": count}

    def destroy(self, scope: DestroyScope) -> Counts:
        anonymised = cast(CursorResult[Any], scope.session.execute(
            update(MonitoredTransaction)
            .where(MonitoredTransaction.customer_id == scope.customer_id)
            .values(payer_name_enc=None, payee_name_enc=None, instrument_bidx=None,
                    device_bidx=None, ip_bidx=None))).rowcount
        keys = cast(CursorResult[Any], scope.session.execute(delete(SharedKeyMember).where(
            SharedKeyMember.customer_id == scope.customer_id))).rowcount
        states = cast(CursorResult[Any], scope.session.execute(delete(CustomerRuleState).where(
            CustomerRuleState.customer_id == scope.customer_id))).rowcount
        return {"financial transactions (anonymised)": anonymised,
                "shared instrument/device/IP indexes": keys, "transaction aggregates": states}

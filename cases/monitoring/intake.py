"""Transaction intake: validate, de-duplicate, store, evaluate the rules, raise alerts.

One batch is one transaction (the caller commits): the events, the customers' updated
aggregates, the shared-key memberships, the alerts and the audit entries land together
or not at all. Steps:
(1) validate each item on its own; a bad item is rejected with its index and reasons;
(2) drop items already stored or parked (idempotency by the operator's external_id);
(3) find the customers by the blind index of their external_ref;
(4) park or reject items of unknown customers, as configured;
(5) load the batch's aggregates and shared keys, evaluate every event in time order,
    bulk-insert the events and write back the changed state;
(6) turn findings into alerts; (7) audit the batch (counts and ids only).
Audit entries are written last: appending takes the audit chain's lock, which every
writer shares, so it is held only from there to the commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from cases.alerts import AlertSource, AlertWriter, Hit
from cases.monitoring.customers import CustomerBatch
from cases.monitoring.models import MonitoredTransaction, ParkedEvent
from cases.monitoring.parked import park_items
from cases.monitoring.rule_store import build_engine
from cases.monitoring.settings import MonitoringSettings, UnknownCustomerPolicy
from cases.monitoring.state_store import SharedKeyBatch, StateBatch
from cases.monitoring.validation import IntakeItem, Rejection, validate_item
from cases.rules import Finding, TransactionEvent
from cases.rules.events import MONEY_MOVEMENTS
from cases.rules.shared_keys import KeyKind
from kyc_service.core.db import new_id, utcnow
from kyc_service.core.errors import Conflict, ValidationFailed
from kyc_service.core.vault import Vault

_TRANSACTIONS = cast(Table, MonitoredTransaction.__table__)
THIRD_PARTY_RULE = "third_party_payment"


@dataclass
class IntakeResult:
    batch_id: str
    received: int
    stored: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    parked: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    alerts_opened: int = 0
    alerts_updated: int = 0

    def counts(self) -> dict[str, int]:
        return {"received": self.received, "stored": len(self.stored),
                "duplicates": len(self.duplicates), "rejected": len(self.rejected),
                "parked": len(self.parked)}

    def as_dict(self) -> dict[str, Any]:
        """What the operator sees: never whether anything raised an alert (tipping-off)."""
        return {"batch_id": self.batch_id, **self.counts(), "stored_items": self.stored,
                "duplicate_items": self.duplicates,
                "rejected_items": [r.as_dict() for r in self.rejected],
                "parked_items": self.parked}


@dataclass(frozen=True, slots=True)
class _Prepared:
    item: IntakeItem
    customer_id: str
    keys: tuple[str | None, str | None, str | None]  # instrument, device, ip indexes


class TransactionIntake:
    def __init__(self, vault: Vault, settings: MonitoringSettings | None = None) -> None:
        self.vault = vault
        self.settings = settings or MonitoringSettings()

    def ingest(self, session: Session, ctx: AuditContext, raw_items: Sequence[Any], *,
               now: datetime | None = None) -> IntakeResult:
        if not isinstance(raw_items, list | tuple) or not raw_items:
            raise ValidationFailed("Send a non-empty list of events.", code="empty_batch")
        if len(raw_items) > self.settings.max_batch_items:
            raise ValidationFailed(
                f"At most {self.settings.max_batch_items} events per batch.",
                code="batch_too_large")
        result = IntakeResult(batch_id=new_id(), received=len(raw_items))
        items = self._validate(raw_items, now or utcnow(), result)  # (1)
        items = self._drop_duplicates(session, items, result)  # (2)
        customers = CustomerBatch(session, ctx, self.vault)
        customers.resolve(item.external_ref for item in items)  # (3)
        known = [i for i in items if i.external_ref in customers.by_ref]
        unknown = [i for i in items if i.external_ref not in customers.by_ref]
        self._unknown(session, unknown, result)  # (4)
        try:
            if known:
                self._evaluate_and_store(session, ctx, customers, known, result)  # (5, 6)
            session.flush()
        except IntegrityError:
            raise Conflict("Another intake stored some of these events at the same time; "
                           "send the batch again (stored events come back as duplicates).",
                           code="intake_conflict") from None
        record(session, ctx, AuditEvent(  # (7)
            AuditAction.AML_INTAKE, object_type="aml_batch", object_id=result.batch_id,
            details=result.counts()))
        return result

    def _validate(self, raw_items: Sequence[Any], now: datetime,
                  result: IntakeResult) -> list[IntakeItem]:
        items = []
        for index, raw in enumerate(raw_items):
            outcome = validate_item(index, raw, self.settings, now)
            if isinstance(outcome, Rejection):
                result.rejected.append(outcome)
            else:
                items.append(outcome)
        return items

    def _drop_duplicates(self, session: Session, items: list[IntakeItem],
                         result: IntakeResult) -> list[IntakeItem]:
        first: dict[str, int] = {}
        unique = []
        for item in items:
            if item.external_id in first:
                result.duplicates.append({"index": item.index, "external_id": item.external_id,
                                          "duplicate_of": f"index {first[item.external_id]}"})
            else:
                first[item.external_id] = item.index
                unique.append(item)
        stored: dict[str, str] = {}
        ids = sorted(first)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            stored.update((external_id, row_id) for external_id, row_id in session.execute(
                select(MonitoredTransaction.external_id, MonitoredTransaction.id).where(
                    MonitoredTransaction.external_id.in_(chunk))))
            stored.update({external_id: "parked" for external_id in session.scalars(select(
                ParkedEvent.external_id).where(ParkedEvent.external_id.in_(chunk)))})
        fresh = []
        for item in unique:
            if item.external_id in stored:
                result.duplicates.append({"index": item.index, "external_id": item.external_id,
                                          "duplicate_of": stored[item.external_id]})
            else:
                fresh.append(item)
        return fresh

    def _unknown(self, session: Session, items: list[IntakeItem], result: IntakeResult) -> None:
        if not items:
            return
        if self.settings.unknown_customers is UnknownCustomerPolicy.PARK:
            result.parked += park_items(session, self.vault, items, result.batch_id)
            return
        for item in items:
            result.rejected.append(Rejection(
                item.index, item.external_id, "unknown_customer",
                "No customer has this external_ref; create the customer first "
                "(POST /api/v1/customers), then send the event again.",
                {"external_ref": ["Unknown customer."]}))
        result.rejected.sort(key=lambda r: r.index)

    def _keys(self, item: IntakeItem) -> tuple[str | None, str | None, str | None]:
        index = self.vault.blind_index
        return (index("aml_instrument", item.instrument) if item.instrument else None,
                index("aml_device", item.device_id) if item.device_id else None,
                index("aml_ip", item.ip) if item.ip else None)

    def _evaluate_and_store(self, session: Session, ctx: AuditContext,
                            customers: CustomerBatch, items: list[IntakeItem],
                            result: IntakeResult) -> None:
        prepared = sorted((_Prepared(i, customers.by_ref[i.external_ref].id, self._keys(i))
                           for i in items), key=lambda p: (p.item.occurred_at, p.item.index))
        slots = {(str(kind), key) for p in prepared
                 for kind, key in zip(KeyKind, p.keys, strict=True) if key}
        shared = SharedKeyBatch.load(session, self.settings.engine.shared_keys, slots)
        engine = build_engine(session, self.settings.engine, shared.index)
        states = StateBatch.load(session, engine, {p.customer_id for p in prepared})
        names_matter = any(r.id == THIRD_PARTY_RULE and r.enabled for r in engine.rules)
        rows, changed = [], set()
        for p in prepared:
            item, customer = p.item, customers.by_ref[p.item.external_ref]
            counterparty = item.payer_name or item.payee_name
            event = TransactionEvent(
                external_id=item.external_id, customer_ref=p.customer_id, kind=item.kind,
                amount=item.amount, currency=item.currency, occurred_at=item.occurred_at,
                method=item.method, instrument_key=p.keys[0], device_key=p.keys[1],
                ip_key=p.keys[2], payer_name=counterparty, game_type=item.game_type)
            needs_name = names_matter and counterparty is not None and item.kind in MONEY_MOVEMENTS
            profile = customers.profile(customer, needs_name)
            result.findings += engine.on_event(event, states.states[p.customer_id], profile)
            changed.add(p.customer_id)
            rows.append(self._row(customers, customer, item, p, result.batch_id))
            result.stored.append({"index": item.index, "external_id": item.external_id,
                                  "id": rows[-1]["id"]})
        result.stored.sort(key=lambda s: s["index"])
        session.connection().execute(_TRANSACTIONS.insert(), rows)
        states.save(session, changed)
        shared.save(session)
        writer = AlertWriter(session, ctx, self.settings.alerts)
        writer.preload(f.customer_ref for f in result.findings)
        customers.audit_reads()
        for finding in result.findings:
            writer.raise_hit(hit_from_finding(finding))
        result.alerts_opened, result.alerts_updated = writer.opened, writer.updated

    @staticmethod
    def _row(customers: CustomerBatch, customer: Any, item: IntakeItem, p: _Prepared,
             batch_id: str) -> dict[str, Any]:
        row_id = new_id()
        sealed: dict[str, bytes | None] = {"payer_name_enc": None, "payee_name_enc": None}
        if item.payer_name or item.payee_name:
            cipher = customers.cipher(customer, row_id)
            sealed = {"payer_name_enc": cipher.seal("payer_name", item.payer_name),
                      "payee_name_enc": cipher.seal("payee_name", item.payee_name)}
        return {"id": row_id, "external_id": item.external_id, "batch_id": batch_id,
                "customer_id": p.customer_id, "kind": str(item.kind), "amount": item.amount,
                "currency": item.currency, "occurred_at": item.occurred_at,
                "method": str(item.method) if item.method else None,
                "game_type": str(item.game_type) if item.game_type else None,
                "instrument_bidx": p.keys[0], "device_bidx": p.keys[1], "ip_bidx": p.keys[2],
                **sealed, "received_at": utcnow()}


def hit_from_finding(finding: Finding) -> Hit:
    """A rule finding as an alert hit (the customer_ref of a finding is the customer id)."""
    document = finding.to_dict()
    return Hit(customer_id=finding.customer_ref, source=AlertSource.RULE, code=finding.rule_id,
               score=finding.score, evidence=document["evidence"],
               occurred_at=finding.occurred_at, version=finding.rule_version,
               settings_version=finding.settings_version,
               transaction_ids=finding.transaction_ids, explanation=finding.explanation,
               message_key=finding.message_key)

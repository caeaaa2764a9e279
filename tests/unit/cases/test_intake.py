"""The intake function with the rules: incremental state, shared keys, parking, alerts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from audits.models import AuditEntry
from audits.trail import AuditContext
from cases.alerts import Alert, AlertSource, raise_alert
from cases.monitoring.intake import TransactionIntake
from cases.monitoring.models import (
    CustomerRuleState,
    MonitoredTransaction,
    ParkedEvent,
    SharedKeyMember,
)
from cases.monitoring.parked import release_hook
from cases.monitoring.scheduled import run_scheduled
from cases.monitoring.settings import MonitoringSettings, UnknownCustomerPolicy
from kyc_service.core.db import transaction
from kyc_service.core.errors import ConfigurationError, ValidationFailed
from kyc_service.customers.service import CustomerService
from tests.support.aml_events import START, deposit, event, withdrawal
from tests.support.factories import customer_payload

CTX = AuditContext.system()


@pytest.fixture
def customers(rt):
    counter = iter(range(1, 10_000))

    def make_ref(**overrides):
        index = next(counter)
        payload = customer_payload(index, **overrides)
        with transaction(rt.session_factory) as session:
            customer = rt.customers.create(session, CTX, payload)
        return customer.id, payload["external_ref"]

    return make_ref


@pytest.fixture
def ingest(rt):
    def run(*events, settings=None):
        intake = TransactionIntake(rt.vault, settings or MonitoringSettings())
        with transaction(rt.session_factory) as session:
            return intake.ingest(session, CTX, list(events))
    return run


def alert_codes(rt, customer_id):
    with rt.session_factory() as session:
        return sorted(session.scalars(select(Alert.code).where(Alert.customer_id == customer_id)))


def test_structuring_planted_across_batches_is_found(rt, customers, ingest):
    customer_id, ref = customers()
    hours = 0
    for amount in ("1850.00", "1900.00", "1720.00"):
        ingest(deposit(ref, amount, at_minutes=hours * 60), event(ref, amount="1500.00",
                                                                  at_minutes=hours * 60 + 5))
        hours += 20
    assert "structuring" in alert_codes(rt, customer_id)


def test_low_wagering_withdrawal_uses_the_stored_aggregates(rt, customers, ingest):
    customer_id, ref = customers()
    ingest(deposit(ref, "2000.00"))
    ingest(event(ref, amount="100.00", at_minutes=10))
    result = ingest(withdrawal(ref, "1800.00", at_minutes=30))
    assert [f.rule_id for f in result.findings] == ["low_wagering_withdrawal"]
    assert alert_codes(rt, customer_id) == ["low_wagering_withdrawal"]
    with rt.session_factory() as session:
        state = json.loads(session.get(CustomerRuleState, customer_id).state_json)
    assert state["customer_ref"] == customer_id and state["count"] == 3
    assert "2000.00" in json.dumps(state) and ref not in json.dumps(state)


def test_a_card_shared_by_two_customers_is_seen_across_batches(rt, customers, ingest):
    first_id, first = customers()
    second_id, second = customers()
    ingest(deposit(first, "50.00", instrument="4111-1111-1111-1111"))
    ingest(deposit(second, "60.00", instrument="4111 1111 1111 1111", at_minutes=90))
    assert alert_codes(rt, second_id) == ["shared_instrument"]
    with rt.session_factory() as session:
        alert = session.scalars(select(Alert).where(Alert.customer_id == second_id)).one()
    hit = json.loads(alert.evidence_json)["hits"][0]
    assert hit["evidence"]["other_customers"] == [first_id]
    assert "4111" not in alert.evidence_json


def test_a_payer_under_another_name_is_flagged_and_the_name_read_audited(rt, customers, ingest):
    customer_id, ref = customers(given_names="Şükrü", surname="Öztürk")
    ingest(deposit(ref, "300.00", payer_name="SUKRU OZTURK"),
           deposit(ref, "200.00", payer_name="Hatice Demir", instrument="card-x",
                   at_minutes=5))
    assert alert_codes(rt, customer_id) == ["third_party_payment"]
    with rt.session_factory() as session:
        reads = list(session.scalars(select(AuditEntry).where(
            AuditEntry.action == "customer:pii:read", AuditEntry.customer_ref == customer_id)))
    assert len(reads) == 1 and reads[0].purpose == "aml_monitoring"
    assert "Şükrü" not in reads[0].details and "given_names" in reads[0].details


def test_unknown_customers_can_be_parked_and_are_replayed_on_creation(rt, ingest):
    parking = MonitoringSettings(unknown_customers=UnknownCustomerPolicy.PARK)
    late = customer_payload(77)
    item = deposit(late["external_ref"], "20000.00", payer_name="Parked Person")
    result = ingest(item, settings=parking)
    assert (len(result.parked), len(result.rejected)) == (1, 0)
    again = ingest(item, settings=parking)
    assert [d["duplicate_of"] for d in again.duplicates] == ["parked"]
    with rt.session_factory() as session:
        parked = session.scalars(select(ParkedEvent)).one()
    assert b"Parked Person" not in parked.payload_enc
    service = CustomerService(
        rt.vault, [release_hook(lambda: TransactionIntake(rt.vault, parking))])
    with transaction(rt.session_factory) as session:
        customer = service.create(session, CTX, late)
    with rt.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(ParkedEvent)) == 0
        stored = session.scalars(select(MonitoredTransaction)).one()
    assert (stored.customer_id, stored.external_id) == (customer.id, item["external_id"])
    assert alert_codes(rt, customer.id) == ["large_transaction", "third_party_payment"]


def test_a_failed_batch_leaves_nothing_behind(rt, customers, ingest):
    customer_id, ref = customers()
    with rt.session_factory() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(ValidationFailed):
        ingest(*[event(ref)] * 1001)
    with rt.engine.begin() as connection:  # an unreadable state must fail the whole batch
        connection.execute(CustomerRuleState.__table__.insert().values(
            customer_id=customer_id, state_json="{}", event_count=0,
            updated_at=START))
    with pytest.raises(Exception, match="unreadable"):
        ingest(event(ref), deposit(ref, "50000.00"))
    with rt.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(MonitoredTransaction)) == 0
        assert session.scalar(select(func.count()).select_from(Alert)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_the_scheduled_pass_runs_windowed_rules_and_prunes_state(rt, customers, ingest):
    customer_id, ref = customers()
    ingest(*[deposit(ref, "100.00", at_minutes=i * 60) for i in range(5)])
    report = run_scheduled(rt.session_factory, CTX, MonitoringSettings(),
                           START + timedelta(days=30), batch_size=1)
    assert (report.customers, report.batches) == (1, 1)
    with rt.session_factory() as session:
        state = json.loads(session.get(CustomerRuleState, customer_id).state_json)
        runs = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "aml:rules:scheduled"))
    assert state["deposits"] == [] and state["count"] == 5 and runs == 1
    assert report.pruned_keys == 0  # card, device and IP seen within 180 days
    later = run_scheduled(rt.session_factory, CTX, MonitoringSettings(),
                          START + timedelta(days=200))
    assert later.pruned_keys == 3
    with rt.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(SharedKeyMember)) == 0


def test_raise_alert_is_deduplicated_per_customer_and_code(rt, customers):
    customer_id, _ = customers()
    with transaction(rt.session_factory) as session:
        first = raise_alert(session, CTX, customer_id, AlertSource.SCREENING, "sanctions_hit",
                            70, {"list": "un", "entry_id": "QDi.001", "score": 91})
        second = raise_alert(session, CTX, customer_id, AlertSource.SCREENING,
                             "sanctions_hit", 60, {"list": "eu", "entry_id": "EU.7"})
        other = raise_alert(session, CTX, customer_id, AlertSource.DOCUMENT, "expired", 30, {})
    assert first.id == second.id != other.id
    assert (second.hit_count, second.score) == (2, 75)
    with transaction(rt.session_factory) as session, pytest.raises(ValidationFailed):
        raise_alert(session, CTX, customer_id, AlertSource.SCREENING, "x", 50, {"s": 0.9})


def test_settings_come_from_config():
    settings = MonitoringSettings.from_config({"aml_unknown_customers": "park"},
                                              {"KYC_AML_MAX_BATCH_ITEMS": "500"})
    assert settings.unknown_customers is UnknownCustomerPolicy.PARK
    assert settings.max_batch_items == 500
    with pytest.raises(ConfigurationError):
        MonitoringSettings.from_config({"aml_unknown_customers": "ignore"})

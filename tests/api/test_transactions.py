"""POST /api/v1/transactions as the operator's backend uses it."""

from __future__ import annotations

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select, text

from cases.monitoring.models import MonitoredTransaction
from kyc_service import create_app
from kyc_service.cli import cli
from kyc_service.core.crypto import FieldCipher
from kyc_service.customers.models import Customer
from tests.support.aml_events import deposit, event

URL = "/api/v1/transactions"


def stored_count(rt) -> int:
    with rt.session_factory() as session:
        return session.scalar(select(func.count()).select_from(MonitoredTransaction)) or 0


def test_the_same_batch_twice_stores_every_event_once(client, auth, make_customer, rt):
    ref = make_customer()["external_ref"]
    batch = [event(ref, at_minutes=i) for i in range(20)] + [deposit(ref, "50.00")]
    first = client.post(URL, json={"events": batch}, headers=auth("integration"))
    assert first.status_code == 200, first.json
    assert (first.json["stored"], first.json["duplicates"]) == (21, 0)
    again = client.post(URL, json={"events": batch}, headers=auth("integration"))
    assert (again.json["stored"], again.json["duplicates"], again.json["rejected"]) == (0, 21, 0)
    ids = {i["external_id"]: i["id"] for i in first.json["stored_items"]}
    assert {d["external_id"]: d["duplicate_of"] for d in again.json["duplicate_items"]} == ids
    assert stored_count(rt) == 21


def test_a_repeated_id_inside_one_batch_is_stored_once(client, auth, make_customer, rt):
    ref = make_customer()["external_ref"]
    one = event(ref)
    body = client.post(URL, json={"events": [one, event(ref), dict(one)]},
                       headers=auth("integration")).json
    assert body["stored"] == 2
    assert body["duplicate_items"] == [{"index": 2, "external_id": one["external_id"],
                                        "duplicate_of": "index 0"}]
    assert stored_count(rt) == 2


def test_three_bad_items_out_of_100_are_reported_and_97_stored(client, auth, make_customer, rt):
    ref = make_customer()["external_ref"]
    batch = [event(ref, at_minutes=i) for i in range(100)]
    batch[7]["amount"] = 12.5  # a float
    batch[42]["kind"] = "jackpot"
    batch[99]["occurred_at"] = "2025-03-01T12:00:00"  # no time zone
    body = client.post(URL, json={"events": batch}, headers=auth("integration")).json
    assert (body["received"], body["stored"], body["rejected"]) == (100, 97, 3)
    rejected = {r["index"]: r for r in body["rejected_items"]}
    assert sorted(rejected) == [7, 42, 99]
    assert rejected[7]["code"] == "invalid_amount" and "decimal string" in rejected[7]["reason"]
    assert "kind" in rejected[42]["fields"] and "deposit" in rejected[42]["reason"]
    assert "occurred_at" in rejected[99]["fields"]
    assert all(r["external_id"] == batch[r["index"]]["external_id"] for r in rejected.values())
    assert stored_count(rt) == 97


def test_amounts_are_never_floats(client, auth, make_customer, rt):
    ref = make_customer()["external_ref"]
    batch = [event(ref, amount=10.25), event(ref, amount=10), event(ref, amount="10.123"),
             event(ref, amount="-5.00"), event(ref, amount="1e3"), event(ref, amount="10.10")]
    body = client.post(URL, json={"events": batch}, headers=auth("integration")).json
    assert [r["index"] for r in body["rejected_items"]] == [0, 1, 2, 3, 4]
    assert {r["code"] for r in body["rejected_items"]} == {"invalid_amount"}
    assert body["stored"] == 1
    with rt.session_factory() as session:
        amount = session.scalar(select(MonitoredTransaction.amount))
        raw = session.execute(text("SELECT amount FROM aml_transactions")).scalar()
    assert str(amount) in {"10.10", "10.1000"} and not isinstance(raw, float)


def test_unknown_customers_are_rejected_clearly(client, auth, make_customer, rt):
    ref = make_customer()["external_ref"]
    body = client.post(URL, json={"events": [event(ref), event("nobody-here")]},
                       headers=auth("integration")).json
    assert body["stored"] == 1 and body["parked"] == 0
    [rejection] = body["rejected_items"]
    assert (rejection["index"], rejection["code"]) == (1, "unknown_customer")
    assert "create the customer first" in rejection["reason"]


def test_batch_limits(client, auth, make_customer):
    ref = make_customer()["external_ref"]
    headers = auth("integration")
    too_many = client.post(URL, json={"events": [event(ref)] * 1001}, headers=headers)
    assert (too_many.status_code, too_many.json["code"]) == (422, "batch_too_large")
    assert client.post(URL, json={"events": []}, headers=headers).status_code == 422
    assert client.post(URL, json={"items": [event(ref)]}, headers=headers).status_code == 422
    not_objects = client.post(URL, json={"events": ["x", 3]}, headers=headers).json
    assert [r["code"] for r in not_objects["rejected_items"]] == ["invalid_item"] * 2


def test_personal_values_are_not_stored_in_plaintext(client, auth, make_customer, rt):
    customer = make_customer()
    iban, payer, ip = "TR33 0006 1005 1978 6457 8413 26", "Zübeyde Karaağaçlı", "203.0.113.45"
    item = deposit(customer["external_ref"], "500.00", method="bank_transfer",
                   instrument=iban, payer_name=payer, ip=ip, device_id="dev-7f3a9c")
    assert client.post(URL, json={"events": [item]}, headers=auth("integration")).json[
        "stored"] == 1
    needles = [iban.replace(" ", ""), iban, payer, "Zübeyde", "Karaa", ip, "dev-7f3a9c"]
    with rt.engine.connect() as connection:
        for table in ("aml_transactions", "aml_customer_states", "aml_shared_keys", "alerts",
                      "audit_entries"):
            for row in connection.execute(text(f"SELECT * FROM {table}")):
                for value in row:
                    blob = value if isinstance(value, bytes) else str(value).encode()
                    assert not any(n.encode() in blob for n in needles), (table, value)
    with rt.session_factory() as session:
        tx = session.scalars(select(MonitoredTransaction)).one()
        owner = session.get(Customer, customer["id"])
        dek = rt.vault.data_keys.open(owner.data_key)
        cipher = FieldCipher(dek, owner.data_key_id, "aml_transactions", tx.id)
        assert cipher.open("payer_name", tx.payer_name_enc) == payer
        assert tx.payee_name_enc is None
        assert tx.instrument_bidx and len(tx.instrument_bidx) == 64


def test_the_answer_never_tells_whether_an_alert_was_raised(client, auth, make_customer):
    ref = make_customer()["external_ref"]
    body = client.post(URL, json={"events": [deposit(ref, "50000.00")]},
                       headers=auth("integration")).json
    assert "alert" not in str(body).lower() and "finding" not in str(body).lower()


def test_agents_and_auditors_cannot_send_transactions(client, auth, make_customer):
    ref = make_customer()["external_ref"]
    for role in ("agent", "auditor"):
        response = client.post(URL, json={"events": [event(ref)]}, headers=auth(role))
        assert response.status_code == 403
    officer = client.post(URL, json={"events": [event(ref)]}, headers=auth("compliance_officer"))
    assert officer.json["stored"] == 1


def test_unknown_customers_are_parked_when_so_configured(settings, auth, make_customer, client):
    parking = create_app(settings.with_overrides(extra={"aml_unknown_customers": "park"}))
    try:
        item = deposit("player-not-yet-known", "75.00")
        body = parking.test_client().post(URL, json={"events": [item]},
                                          headers=auth("integration")).json
        assert (body["stored"], body["rejected"], body["parked"]) == (0, 0, 1)
        assert body["parked_items"][0]["external_id"] == item["external_id"]
        # Creating the customer replays its parked events in the same transaction.
        customer = make_customer(external_ref="player-not-yet-known")
        result = CliRunner().invoke(cli, ["aml", "release-parked"],
                                    obj=ScriptInfo(create_app=lambda: parking))
        assert "Released 0 parked event(s)." in result.output, result.output
        again = client.post(URL, json={"events": [item]}, headers=auth("integration")).json
        [duplicate] = again["duplicate_items"]
        with parking.extensions["kyc"].session_factory() as session:
            stored = session.get(MonitoredTransaction, duplicate["duplicate_of"])
        assert stored is not None and stored.customer_id == customer["id"]
    finally:
        parking.extensions["kyc"].engine.dispose()

"""Plaintext never at rest, and a ciphertext moved to another row fails loudly."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from sqlalchemy import text

DISTINCTIVE = {
    "external_ref": "zz-player-ref-7731",
    "given_names": "Kıvılcımİnci",
    "surname": "Özdemirgillerli",
    "national_id": "37491830256",
    "email": "kivilcim.unique-7731@example.org",
    "phone": "+905559731177",
    "address": {"line1": "Menekşeçiçeği Sokak 77", "city": "Kırklareli", "country": "TUR"},
}


def needles() -> list[bytes]:
    values = [v for k, v in DISTINCTIVE.items() if k != "address"]
    values += [DISTINCTIVE["address"]["line1"], "Menek", "Kivilcim", "37491830256"[:8],
               "9731177", "kivilcim.unique"]
    found = []
    for value in values:
        found += [value.encode("utf-8"), value.encode("utf-16-le"), value.upper().encode()]
    return found


def raw_database_bytes(rt, postgres_server, database_url) -> bytes:
    if postgres_server is not None:
        return postgres_server.dump(database_url.rsplit("/", 1)[1])
    rt.engine.dispose()
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Path(path).read_bytes()


def test_no_personal_value_is_stored_in_plaintext(
    make_customer, client, auth, rt, postgres_server, database_url, caplog
):
    national_id = "10000000146"
    DISTINCTIVE["national_id"] = national_id
    with caplog.at_level(logging.DEBUG):
        created = make_customer(**DISTINCTIVE)
        client.get(f"/api/v1/customers/{created['id']}", headers=auth("compliance_officer"))
        client.get(f"/api/v1/customers?national_id={national_id}", headers=auth("agent"))
    assert created["surname"] == DISTINCTIVE["surname"]
    raw = raw_database_bytes(rt, postgres_server, database_url)
    assert len(raw) > 10_000
    leaked = [n for n in needles() if n in raw]
    assert not leaked, f"plaintext found at rest: {leaked}"
    logged = caplog.text.encode("utf-8")
    assert not [n for n in needles() if n in logged]


def test_swapped_ciphertexts_fail_loudly_instead_of_returning_another_person(
    make_customer, client, auth, rt
):
    first = make_customer(national_id="10000000146")
    second = make_customer(national_id="12345678028")
    with rt.engine.begin() as connection:
        rows = dict(connection.execute(
            text("SELECT id, national_id_enc FROM customers WHERE id IN (:a, :b)"),
            {"a": first["id"], "b": second["id"]}).all())
        for mine, theirs in ((first["id"], second["id"]), (second["id"], first["id"])):
            connection.execute(text("UPDATE customers SET national_id_enc = :v WHERE id = :i"),
                               {"v": rows[theirs], "i": mine})
    for customer in (first, second):
        response = client.get(f"/api/v1/customers/{customer['id']}",
                              headers=auth("compliance_officer"))
        assert response.status_code == 500
        assert response.json["code"] == "integrity_failure"
        assert "national_id" not in str(response.json.get("national_id", ""))
        assert "10000000146" not in response.get_data(as_text=True)
        assert "12345678028" not in response.get_data(as_text=True)


def test_ciphertext_moved_between_columns_of_one_row_fails(make_customer, client, auth, rt):
    customer = make_customer()
    with rt.engine.begin() as connection:
        connection.execute(text("UPDATE customers SET surname_enc = given_names_enc "
                                "WHERE id = :i"), {"i": customer["id"]})
    response = client.get(f"/api/v1/customers/{customer['id']}",
                          headers=auth("compliance_officer"))
    assert (response.status_code, response.json["code"]) == (500, "integrity_failure")

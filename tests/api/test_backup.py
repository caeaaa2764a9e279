"""Backups: an erasure made after a backup survives restoring that backup."""

from __future__ import annotations

import json
import stat

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from audits.verify import verify_chain
from kyc_service.cli import cli
from kyc_service.core.datakeys import DataKey
from kyc_service.core.db import transaction, utcnow
from kyc_service.core.shredledger import ShredLedger, ledger_path
from kyc_service.customers.models import Customer
from tests.support.uploads import multipart, photo

SURNAME = "Karabağlıoğlu"


def invoke(app, *args: str):
    return CliRunner().invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))


def upload(client, auth, customer_id: str) -> None:
    response = client.post(f"/api/v1/customers/{customer_id}/documents",
                           data=multipart(photo("id_card", "front"), "id_card", "front"),
                           headers=auth("agent"), content_type="multipart/form-data")
    assert response.status_code in (201, 202), response.json


def key_of(rt, customer_id: str) -> DataKey:
    with transaction(rt.session_factory) as session:
        customer = session.get(Customer, customer_id)
        return session.get(DataKey, customer.data_key_id)


def test_postgresql_backups_are_refused_not_faked(app, backend, tmp_path):
    created = invoke(app, "backup", "create", "--output", str(tmp_path / "backup"))
    if backend == "postgresql":
        assert created.exit_code != 0 and "not supported yet" in created.output
        assert not (tmp_path / "backup").exists()
    else:
        assert created.exit_code == 0, created.output


@pytest.mark.sqlite_only
def test_restore_destroys_keys_erased_after_the_backup(app, client, auth, rt, make_customer,
                                                       tmp_path):
    erased = make_customer(surname=SURNAME)
    kept = make_customer(surname="Demirtaş")
    for customer in (erased, kept):
        upload(client, auth, customer["id"])
    erased_key = key_of(rt, erased["id"]).id

    created = invoke(app, "backup", "create", "--output", str(tmp_path / "backup"))
    assert created.exit_code == 0, created.output
    assert "NOT in the backup" in created.output
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["database"] == "sqlite" and manifest["alembic_heads"]
    assert len(manifest["files"]) >= 3  # the database and both customers' blobs
    assert not any("keyring" in entry["path"] for entry in manifest["files"])

    response = client.post("/api/v1/privacy/requests", headers=auth("compliance_officer"),
                           json={"customer_id": erased["id"], "kind": "erasure"})
    assert response.status_code in (200, 201), response.json
    ledger = ledger_path(rt.settings.key_file)
    assert erased_key in ShredLedger(ledger).read()

    refused = invoke(app, "backup", "restore", str(tmp_path / "backup"))
    assert refused.exit_code != 0 and "--yes" in refused.output
    restored = invoke(app, "backup", "restore", str(tmp_path / "backup"), "--yes")
    assert restored.exit_code == 0, restored.output
    assert "destroyed again from the shred ledger: 1" in restored.output

    key = key_of(rt, erased["id"])  # the backup's customer row still points at the old key
    assert key.id == erased_key and key.wrapped_key is None
    assert key.destroyed_at == ShredLedger(ledger).read()[erased_key]  # the erasure's time
    with pytest.raises(Exception, match="destroyed"):
        rt.vault.data_keys.open(key)
    survivor = client.get(f"/api/v1/customers/{kept['id']}", headers=auth("agent"))
    assert survivor.status_code == 200 and survivor.json["surname"] == "Demirtaş"
    with transaction(rt.session_factory) as session:
        assert verify_chain(session).ok

    mode = stat.S_IMODE(ledger.stat().st_mode)
    assert mode == 0o600
    text = ledger.read_text("utf-8")
    assert SURNAME not in text and "Demirtaş" not in text
    assert all(set(json.loads(line)) == {"key_id", "destroyed_at"} for line in text.splitlines())


def test_a_rolled_back_destruction_writes_no_ledger_line(rt, make_customer):
    customer = make_customer()
    ledger = ShredLedger(ledger_path(rt.settings.key_file))
    with pytest.raises(RuntimeError), transaction(rt.session_factory) as session:
        key = session.get(DataKey, session.get(Customer, customer["id"]).data_key_id)
        key.wrapped_key, key.destroyed_at = None, utcnow()
        session.flush()
        raise RuntimeError("the request failed after the key was shredded")
    assert customer_key_id(rt, customer["id"]) not in ledger.read()
    with transaction(rt.session_factory) as session:
        key = session.get(DataKey, session.get(Customer, customer["id"]).data_key_id)
        assert key.wrapped_key is not None
        key.wrapped_key, key.destroyed_at = None, utcnow()
    assert key.id in ledger.read()


def customer_key_id(rt, customer_id: str) -> str:
    return key_of(rt, customer_id).id


@pytest.mark.sqlite_only
def test_restore_refuses_a_backup_from_newer_code(app, tmp_path):
    created = invoke(app, "backup", "create", "--output", str(tmp_path / "backup"))
    assert created.exit_code == 0, created.output
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["alembic_heads"] = ["9999_from_the_future"]
    manifest_path.write_text(json.dumps(manifest))
    refused = invoke(app, "backup", "restore", str(tmp_path / "backup"), "--yes")
    assert refused.exit_code != 0 and "newer than this version" in refused.output


"""`kyc keys rotate` re-wraps every data key while the API keeps serving decrypted reads;
`kyc keys retire` refuses while a data key depends on the old key, then removes it."""

from __future__ import annotations

import json
import random
import threading
from datetime import timedelta

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import select

from audits.trail import AuditContext
from kyc_service import create_app
from kyc_service.accounts import service as accounts
from kyc_service.core.datakeys import DataKey
from kyc_service.core.db import transaction
from kyc_service.core.keyfile import FileKeyProvider, create_key_file
from kyc_service.core.rotation import RefreshingKeyProvider, rewrap_data_keys
from tests.support.factories import customer_payload


def token(rt, role: str) -> dict[str, str]:
    with transaction(rt.session_factory) as session:
        user = accounts.create_user(session, rt.vault, AuditContext.system(),
                                    f"{role}-{random.random()}@staff.test", [role])
        secret = accounts.issue_token(session, AuditContext.system(), user, timedelta(hours=1))[1]
    return {"Authorization": f"Bearer {secret}"}


def kyc(app, *args: str):
    return CliRunner().invoke(cli_group(), list(args), obj=ScriptInfo(create_app=lambda: app))


def cli_group():
    from kyc_service.cli import cli

    return cli


def test_rotation_under_traffic_then_retire(settings, tmp_path):
    key_file = tmp_path / "own-keys" / "keyring.json"
    create_key_file(key_file)
    settings = settings.with_overrides(key_file=key_file)
    service = create_app(settings)  # the serving process
    command = create_app(settings)  # `kyc keys ...`, as a separate process would be
    rt = service.extensions["kyc"]
    # The service's keyring re-reads the key file on an unknown master key id.
    rt.key_provider = RefreshingKeyProvider(key_file)
    rt.reload_keys()
    old_key = FileKeyProvider(key_file).load().active_master_key_id
    client = service.test_client()
    writer, reader = token(rt, "integration"), token(rt, "compliance_officer")
    originals = {}
    for index in range(40):
        response = client.post("/api/v1/customers", json=customer_payload(index), headers=writer)
        assert response.status_code == 201
        originals[response.json["id"]] = response.json["surname"]

    with rt.engine.connect() as connection:
        total_keys = len(list(connection.scalars(select(DataKey.id))))
    assert total_keys == 41  # 40 customers and the staff directory
    statuses: list[int] = []
    stop = threading.Event()

    def keep_reading() -> None:
        own = service.test_client()
        ids = list(originals)
        while not stop.is_set():
            customer_id = random.choice(ids)
            response = own.get(f"/api/v1/customers/{customer_id}", headers=reader)
            statuses.append(response.status_code)
            assert response.json["surname"] == originals[customer_id]

    thread = threading.Thread(target=keep_reading)
    thread.start()
    try:
        first = kyc(command, "keys", "rotate", "--batch-size", "5")
    finally:
        stop.set()
        thread.join()
    assert first.exit_code == 0, first.output
    assert f"Re-wrapped {total_keys} data key(s)" in first.output
    assert statuses and set(statuses) == {200}, statuses

    new_key = FileKeyProvider(key_file).load().active_master_key_id
    assert new_key != old_key
    with rt.engine.connect() as connection:
        assert set(connection.scalars(select(DataKey.master_key_id))) == {new_key}
    for customer_id, surname in originals.items():
        response = client.get(f"/api/v1/customers/{customer_id}", headers=reader)
        assert response.status_code == 200 and response.json["surname"] == surname

    # The running service wraps a new customer's key under the new master key at once,
    # so the old key can be retired without restarting it.
    late = client.post("/api/v1/customers", json=customer_payload(99), headers=writer)
    assert late.status_code == 201
    with rt.engine.connect() as connection:
        assert set(connection.scalars(select(DataKey.master_key_id))) == {new_key}
    result = kyc(command, "keys", "retire", old_key)
    assert result.exit_code == 0, result.output
    assert client.get(f"/api/v1/customers/{late.json['id']}", headers=reader).json[
        "surname"] == late.json["surname"]
    document = json.loads(key_file.read_text())
    assert old_key not in document["master_keys"] and key_file.stat().st_mode & 0o777 == 0o600
    fresh = create_app(settings)  # a restarted service never needs the retired key
    check = fresh.test_client()
    some_id = next(iter(originals))
    assert check.get(f"/api/v1/customers/{some_id}", headers=reader).json["surname"] == \
        originals[some_id]
    for app in (service, command, fresh):
        app.extensions["kyc"].engine.dispose()


def test_retire_refuses_while_data_keys_depend_on_the_key_and_rotation_resumes(
        settings, tmp_path):
    key_file = tmp_path / "own-keys" / "keyring.json"
    create_key_file(key_file)
    app = create_app(settings.with_overrides(key_file=key_file))
    rt = app.extensions["kyc"]
    client = app.test_client()
    writer = token(rt, "integration")
    for index in range(12):
        assert client.post("/api/v1/customers", json=customer_payload(index),
                           headers=writer).status_code == 201
    old_key = FileKeyProvider(key_file).load().active_master_key_id
    assert kyc(app, "keys", "retire", old_key).exit_code == 1  # still the active key
    from kyc_service.core.rotation import add_master_key

    add_master_key(key_file)
    progress = rewrap_data_keys(rt.session_factory, FileKeyProvider(key_file).load(),
                                batch_size=4, max_batches=1)  # interrupted after one batch
    assert progress.rewrapped == 4
    refused = kyc(app, "keys", "retire", old_key)
    assert refused.exit_code == 1 and "still wrapped" in refused.output
    resumed = kyc(app, "keys", "rotate", "--resume", "--batch-size", "4")
    assert resumed.exit_code == 0 and "Re-wrapped 9 data key(s)" in resumed.output  # 13 - 4
    status = kyc(app, "keys", "status").output
    assert f"{old_key}: 0 data key(s)" in status
    assert kyc(app, "keys", "retire", old_key).exit_code == 0
    rt.engine.dispose()

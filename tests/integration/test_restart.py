"""Uploads from several clients all end with a result, even across a server crash."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from audits.models import AuditEntry
from tests.support.factories import customer_payload
from tests.support.live_server import ServerProcess, free_port
from tests.support.uploads import photo, raw_multipart

CASES = ["good", "glare", "blurry", "good", "too_dark"]


@pytest.mark.slow
def test_twenty_uploads_from_four_clients_survive_a_killed_server(
    settings, rt, make_token, tmp_path
):
    port = free_port()
    env = {"KYC_DATA_DIR": str(settings.data_dir), "KYC_DATABASE_URL": settings.database_url,
           "KYC_KEY_FILE": str(settings.key_file), "KYC_WORKER_THREADS": "1",
           "KYC_LOG_LEVEL": "WARNING"}
    server = ServerProcess(env, port, tmp_path / "server.log")
    headers = {"Authorization": f"Bearer {make_token('integration')}"}
    server.start()
    try:
        status, customer = server.request(
            "POST", "/api/v1/customers",
            body=__import__("json").dumps(customer_payload(1)).encode(),
            headers={**headers, "Content-Type": "application/json"})
        assert status == 201, customer
        uploads = [photo("id_card", "front", CASES[i % len(CASES)], i + 1) for i in range(20)]

        def send(data: bytes) -> str:
            body, content_type = raw_multipart(data, "id_card", "front")
            status, document = server.request(
                "POST", f"/api/v1/customers/{customer['id']}/documents", body=body,
                headers={**headers, "Content-Type": content_type})
            assert status == 202, document
            return str(document["id"])

        with ThreadPoolExecutor(4) as clients:
            document_ids = list(clients.map(send, uploads))

        def statuses() -> list[str]:
            return [server.request("GET", f"/api/v1/documents/{d}", headers=headers)[1]
                    ["status"] for d in document_ids]

        deadline = time.monotonic() + 60
        while "processing" not in statuses() or statuses().count("processing") == 20:
            assert time.monotonic() < deadline, "processing never started"
            time.sleep(0.05)
        server.kill()  # mid-processing: some documents done, some not
        server.start()
        deadline = time.monotonic() + 120
        while "processing" in (current := statuses()):
            assert time.monotonic() < deadline, current
            time.sleep(0.5)
    finally:
        server.stop()
    # Every upload ends with a decision (the photos show 20 other people than the
    # customer, so good photos go to review and defective ones are rejected).
    assert set(current) <= {"accepted", "rejected", "needs_review"}
    assert current.count("rejected") >= 10  # most of the 12 defective photos (3 in 5)
    with rt.session_factory() as session:
        checked = list(session.scalars(select(AuditEntry.object_id).where(
            AuditEntry.action == "document:check:complete")))
    assert sorted(checked) == sorted(document_ids)  # each processed exactly once

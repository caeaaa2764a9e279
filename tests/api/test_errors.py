"""Every error is problem+json with a stable code; no stack trace ever reaches a client."""

from __future__ import annotations

import logging

from sqlalchemy import text


def test_unknown_route_is_problem_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    assert response.json["code"] == "not_found"


def test_wrong_method_is_problem_405(client, auth):
    response = client.put("/api/v1/customers", json={}, headers=auth("integration"))
    assert response.status_code == 405
    assert response.json["code"] == "method_not_allowed"


def test_unexpected_failure_is_generic_500_with_request_id_in_log(client, auth, rt, caplog):
    headers = {**auth("integration"), "X-Request-Id": "req-test-0001"}
    with rt.engine.begin() as connection:  # break the database under the service
        connection.execute(text("ALTER TABLE customers RENAME TO customers_gone"))
    with caplog.at_level(logging.ERROR):
        response = client.get("/api/v1/customers", headers=headers)
    assert response.status_code == 500
    assert response.content_type == "application/problem+json"
    body = response.json
    assert body["code"] == "internal_error"
    assert body["request_id"] == "req-test-0001"
    assert response.headers["X-Request-Id"] == "req-test-0001"
    text_of_body = response.get_data(as_text=True)
    assert "Traceback" not in text_of_body and "customers" not in body.get("detail", "")
    assert any(getattr(r, "request_id", None) == "req-test-0001" and r.exc_info
               for r in caplog.records)


def test_health_needs_no_token(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_openapi_describes_every_api_route(client, app):
    spec = client.get("/api/openapi.json").json
    documented = set(spec["paths"])
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = rule.rule.replace("<", "{").replace(">", "}")
            assert path in documented, path
    create = spec["paths"]["/api/v1/customers"]["post"]
    assert "requestBody" in create
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_swagger_ui_is_served_offline(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert b"swagger-ui-bundle.js" in page.data
    with client.get("/api/docs/assets/swagger-ui-bundle.js") as asset:
        assert asset.status_code == 200
        assert len(asset.data) > 100_000

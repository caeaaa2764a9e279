"""Shared fixtures. Every database test runs on SQLite by default and again on a real,
temporary PostgreSQL server with `--db=postgresql` (see the Makefile's `test` target).

Each test gets a fresh database copied from a migrated template, so tests exercise the
real commit path (triggers, constraints, one commit point) and stay independent.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from audits.trail import AuditContext
from kyc_service import create_app
from kyc_service.accounts import service as accounts
from kyc_service.config import Settings
from kyc_service.core.db import make_engine, transaction
from kyc_service.core.keyfile import create_key_file
from kyc_service.core.migrate import upgrade
from kyc_service.runtime import Runtime
from tests.support.factories import customer_payload
from tests.support.postgres import TemporaryPostgres


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--db", choices=["sqlite", "postgresql"],
                     default=os.environ.get("KYC_TEST_DB", "sqlite"),
                     help="database backend for tests that use one")


def pytest_report_header(config: pytest.Config) -> str:
    return f"kyc database backend: {config.getoption('--db')}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.database)
    if config.getoption("--db") != "sqlite":  # features only the embedded database has
        embedded_only = [item for item in items if item.get_closest_marker("sqlite_only")]
        if embedded_only:
            config.hook.pytest_deselected(items=embedded_only)
            items[:] = [item for item in items if item not in embedded_only]


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--db"))


@pytest.fixture(scope="session")
def postgres_server(backend: str) -> Iterator[TemporaryPostgres | None]:
    if backend != "postgresql":
        yield None
        return
    server = TemporaryPostgres()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _admin_execute(server: TemporaryPostgres, statement: str) -> None:
    engine = create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def template_database(
    backend: str, postgres_server: TemporaryPostgres | None,
    tmp_path_factory: pytest.TempPathFactory,
) -> str:
    """A database migrated once per run; each test starts from a copy of it."""
    if postgres_server is not None:
        _admin_execute(postgres_server, "CREATE DATABASE kyc_template")
        engine = make_engine(postgres_server.url("kyc_template"))
        upgrade(engine)
        engine.dispose()
        return "kyc_template"
    path = tmp_path_factory.mktemp("template") / "kyc.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return str(path)


@pytest.fixture
def database_url(
    template_database: str, postgres_server: TemporaryPostgres | None, tmp_path: Path
) -> Iterator[str]:
    if postgres_server is None:
        target = tmp_path / "kyc.sqlite3"
        shutil.copyfile(template_database, target)
        yield f"sqlite:///{target}"
        return
    name = f"t_{uuid.uuid4().hex[:16]}"
    _admin_execute(postgres_server, f"CREATE DATABASE {name} TEMPLATE {template_database}")
    try:
        yield postgres_server.url(name)
    finally:
        _admin_execute(postgres_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("keys") / "keyring.json"
    create_key_file(path)
    return path


@pytest.fixture
def settings(database_url: str, key_file: Path, tmp_path: Path) -> Settings:
    return Settings(env="test", data_dir=tmp_path / "var", database_url=database_url,
                    key_file=key_file, log_level="WARNING")


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    application = create_app(settings)
    yield application
    application.extensions["kyc"].engine.dispose()


@pytest.fixture
def rt(app: Flask) -> Runtime:
    runtime: Runtime = app.extensions["kyc"]
    return runtime


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_token(rt: Runtime) -> Callable[..., str]:
    """make_token("agent", "auditor", ttl=...) -> a bearer token for a new user."""

    def make(*roles: str, ttl: timedelta = timedelta(hours=1)) -> str:
        with transaction(rt.session_factory) as session:
            ctx = AuditContext.system()
            user = accounts.create_user(session, rt.vault, ctx,
                                        f"{uuid.uuid4().hex[:10]}@staff.test", roles)
            return accounts.issue_token(session, ctx, user, ttl)[1]

    return make


@pytest.fixture
def auth(make_token: Callable[..., str]) -> Callable[[str], dict[str, str]]:
    """auth("agent") -> Authorization headers for a user with that role (one per role)."""
    tokens: dict[str, str] = {}

    def headers(role: str) -> dict[str, str]:
        if role not in tokens:
            tokens[role] = make_token(role)
        return {"Authorization": f"Bearer {tokens[role]}"}

    return headers


@pytest.fixture
def make_customer(
    client: FlaskClient, auth: Callable[[str], dict[str, str]]
) -> Callable[..., dict[str, Any]]:
    """make_customer(**overrides) -> the created customer as the API returned it."""
    counter = iter(range(1, 1_000_000))

    def make(**overrides: Any) -> dict[str, Any]:
        payload = customer_payload(next(counter), **overrides)
        response = client.post("/api/v1/customers", json=payload, headers=auth("integration"))
        assert response.status_code == 201, response.json
        return dict(response.json)

    return make

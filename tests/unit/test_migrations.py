"""Migrations produce exactly the schema the models describe, and can be undone."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from kyc_service.core.db import make_engine
from kyc_service.core.migrate import current_revision, downgrade, head_revision, upgrade
from kyc_service.schema import all_metadata


def test_migrated_schema_matches_the_models(database_url):
    engine = make_engine(database_url)
    try:
        assert current_revision(engine) == head_revision(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, all_metadata())
        assert differences == []
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(database_url):
    engine = make_engine(database_url)
    try:
        downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert {"customers", "audit_entries", "audit_head", "users", "api_tokens"} <= set(
            inspect(engine).get_table_names())
    finally:
        engine.dispose()

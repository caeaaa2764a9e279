"""Alembic environment: the engine comes from the caller (see kyc_service.core.migrate)."""

from __future__ import annotations

from alembic import context

from kyc_service.schema import all_metadata

target_metadata = all_metadata()


def run_migrations() -> None:
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()

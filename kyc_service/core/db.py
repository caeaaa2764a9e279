"""Database plumbing: the declarative base, column aliases, engines and sessions.

SQLite is the embedded default and PostgreSQL the production target; the same models
serve both. On SQLite every transaction starts with `BEGIN IMMEDIATE`: nearly every
request writes an audit entry, and taking the write lock up front is what keeps many
processes from deadlocking when they later try to upgrade a read lock.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from sqlalchemy import DateTime, Engine, LargeBinary, MetaData, String, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    """Random public identifiers: not guessable, not ordered, safe to show."""
    return str(uuid.uuid4())


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both SQLite (which has no zone) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use UTC-aware values")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


uuid_pk = Annotated[str, mapped_column(String(36), primary_key=True, default=new_id)]
created_at = Annotated[datetime, mapped_column(UtcDateTime(), default=utcnow, nullable=False)]
ciphertext = Annotated[bytes | None, mapped_column(LargeBinary, nullable=True)]
blind_index = Annotated[str | None, mapped_column(String(64), nullable=True, index=True)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime()}  # noqa: RUF012


def make_engine(url: str, *, sqlite_busy_timeout_s: float = 30.0, **kwargs: Any) -> Engine:
    """An engine that never echoes parameters (they may be personal data) into errors."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            hide_parameters=True,
            connect_args={"timeout": sqlite_busy_timeout_s, "check_same_thread": False},
            **kwargs,
        )
        _configure_sqlite(engine)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, hide_parameters=True, pool_pre_ping=True, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """The one commit point for commands and workers: commit on success, else roll back."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def on_rollback(session: Session, undo: Any) -> None:
    """Run `undo()` if this session's transaction rolls back (e.g. delete a stored blob
    whose row never committed), so a failed request leaves nothing behind."""
    session.info.setdefault("undo", []).append(undo)


@event.listens_for(Session, "after_rollback")
def _run_undo(session: Session) -> None:
    for undo in session.info.pop("undo", []):
        undo()


@event.listens_for(Session, "after_commit")
def _forget_undo(session: Session) -> None:
    session.info.pop("undo", None)

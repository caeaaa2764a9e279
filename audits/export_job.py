"""Running an export: pin it to a fresh checkpoint, audit it, then stream the bundle
from a read-only connection that holds no write lock while it streams."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from audits.bundle import BundleSpec, stream_bundle
from audits.checkpoints import publish_checkpoint
from audits.export import FORMATS
from audits.log_models import AuditCheckpoint
from audits.search import AuditFilter
from audits.signing import AuditSigner
from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.db import utcnow
from kyc_service.core.errors import ValidationFailed


def prepare_export(session: Session, signer: AuditSigner, ctx: AuditContext,
                   audit_filter: AuditFilter, fmt: str,
                   consistent_with: int | None = None) -> BundleSpec:
    """Publish (or reuse) the checkpoint covering the head and record the export in the
    caller's transaction; the caller commits before streaming."""
    if fmt not in FORMATS:
        raise ValidationFailed(f"format must be one of {', '.join(FORMATS)}",
                               code="bad_export_format")
    checkpoint = publish_checkpoint(session, signer, published_by=ctx.actor_id)
    if consistent_with is None:
        consistent_with = session.scalar(
            select(AuditCheckpoint.tree_size).where(
                AuditCheckpoint.tree_size < checkpoint.tree_size)
            .order_by(AuditCheckpoint.tree_size.desc()).limit(1))
    elif not 0 <= consistent_with <= checkpoint.tree_size:
        raise ValidationFailed("consistent_with is beyond the log", code="bad_proof_range")
    record(session, ctx, AuditEvent(
        AuditAction.AUDIT_EXPORT, object_type="audit_log", object_id=str(checkpoint.tree_size),
        details={"filters": audit_filter.as_dict(), "format": fmt,
                 "tree_size": checkpoint.tree_size},
    ))
    return BundleSpec(audit_filter, fmt, checkpoint.tree_size, checkpoint.root_hash,
                      checkpoint.note, consistent_with, ctx.actor_id, utcnow())


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for long reads. SQLite: a separate engine without the service's
    `BEGIN IMMEDIATE`, so a minute-long export never blocks writers (WAL readers see a
    stable snapshot per statement, and entries are immutable anyway)."""
    if engine.dialect.name != "sqlite":
        with engine.connect() as connection:
            yield connection
        return
    reader = create_engine(engine.url, poolclass=NullPool, hide_parameters=True)
    try:
        with reader.connect() as connection:
            yield connection
    finally:
        reader.dispose()


def export_chunks(engine: Engine, spec: BundleSpec, signer: AuditSigner) -> Iterator[bytes]:
    with reading(engine) as connection:
        for chunk in stream_bundle(connection, spec, signer):
            if chunk:
                yield chunk

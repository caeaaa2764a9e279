"""The document job queue in the database: claim with a lease, complete exactly once.

A worker that dies leaves its job leased; the lease runs out and another worker takes
it. On start-up, jobs leased by dead processes of this host are released at once, so a
restarted server resumes immediately. Completing checks the lease owner, so a slow
worker whose lease was taken over cannot write a second result.
"""

from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from kyc_service.core.db import transaction, utcnow
from kyc_service.documents.models import Document, DocumentJob, DocumentStatus, JobState

HOST = socket.gethostname()


def worker_identity() -> str:
    return f"{HOST}:{os.getpid()}:{threading.get_ident()}"


def _process_alive(pid: int) -> bool:
    """True if the process exists and is not a zombie (a killed worker whose parent died
    may linger unreaped, and still answers signal 0)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in {"Z", "X"}


@dataclass(frozen=True)
class QueueSettings:
    lease: timedelta
    max_attempts: int


class JobQueue:
    def __init__(self, session_factory: sessionmaker[Session], settings: QueueSettings) -> None:
        self.session_factory = session_factory
        self.settings = settings

    @staticmethod
    def enqueue(session: Session, document_id: str) -> None:
        session.add(DocumentJob(document_id=document_id, state=JobState.QUEUED))

    def claim(self, owner: str) -> str | None:
        """Take the oldest claimable job: queued, or running with an expired lease."""
        now = utcnow()
        with transaction(self.session_factory) as session:
            job = session.scalar(
                select(DocumentJob)
                .where(or_(DocumentJob.state == JobState.QUEUED,
                           (DocumentJob.state == JobState.RUNNING)
                           & (DocumentJob.lease_until < now)))
                .order_by(DocumentJob.created_at)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            if job is None:
                return None
            job.state, job.lease_owner = JobState.RUNNING, owner
            job.lease_until = now + self.settings.lease
            job.attempts += 1
            return job.document_id

    def finish(self, session: Session, document_id: str, owner: str, state: str,
               error: str | None = None) -> bool:
        """Mark the job finished in the caller's transaction, if we still own it."""
        result = session.execute(
            update(DocumentJob)
            .where(DocumentJob.document_id == document_id, DocumentJob.lease_owner == owner,
                   DocumentJob.state == JobState.RUNNING)
            .values(state=state, lease_until=None, last_error=error)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    def release(self, document_id: str, owner: str, error: str) -> bool:
        """Give a job back after a crash of its processing; after the last allowed attempt
        the job and its document are marked failed instead. True if it will be retried."""
        with transaction(self.session_factory) as session:
            job = session.get(DocumentJob, document_id, with_for_update=True)
            if job is None or job.lease_owner != owner:
                return False
            job.lease_owner, job.lease_until, job.last_error = None, None, error
            if job.attempts < self.settings.max_attempts:
                job.state = JobState.QUEUED
                return True
            job.state = JobState.FAILED
            session.execute(update(Document).where(Document.id == document_id)
                            .values(status=DocumentStatus.FAILED, processed_at=utcnow()))
            return False

    def release_dead_owners(self) -> int:
        """Requeue jobs leased by processes of this host that no longer exist."""
        released = 0
        with transaction(self.session_factory) as session:
            jobs = session.scalars(select(DocumentJob).where(
                DocumentJob.state == JobState.RUNNING,
                DocumentJob.lease_owner.like(f"{HOST}:%")))
            for job in jobs:
                pid = int((job.lease_owner or "::").split(":")[1] or 0)
                if pid and not _process_alive(pid):
                    job.state, job.lease_owner, job.lease_until = JobState.QUEUED, None, None
                    released += 1
        return released

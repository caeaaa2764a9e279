"""Periodic jobs publish checkpoints and run KVKK destruction only when due."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from audits.log_models import AuditCheckpoint
from audits.signing import create_signing_key, signing_key_path
from kyc_service.core.locks import try_job_lock
from kyc_service.periodic import PeriodicJobs
from kyc_service.privacy.retention import last_run_at


def checkpoints(rt) -> int:
    with rt.session_factory() as session:
        return session.scalar(select(func.count()).select_from(AuditCheckpoint)) or 0


def test_a_tick_publishes_a_checkpoint_and_a_destruction_run_once(rt, make_customer):
    create_signing_key(signing_key_path(rt.settings.key_file), "kyc-test/audit-log")
    make_customer()
    jobs = PeriodicJobs(rt)
    jobs.run_once()
    assert checkpoints(rt) == 1
    with rt.session_factory() as session:
        first_run = last_run_at(session)
    assert first_run is not None
    make_customer()
    jobs.run_once()  # the log grew, but the interval has not passed; nor the run's
    assert checkpoints(rt) == 1
    with rt.session_factory() as session:
        assert last_run_at(session) == first_run


def test_a_job_another_process_is_running_is_skipped_not_run_twice(rt, backend):
    """Two servers ticking at the same moment: the second must not start the same job.

    PostgreSQL: the job's advisory lock is held by the first transaction, so the second
    skips the job. SQLite: every transaction begins IMMEDIATE, so a second writer cannot
    even start while the first runs (it waits, then finds the job no longer due).
    """
    create_signing_key(signing_key_path(rt.settings.key_file), "kyc-test/audit-log")
    first = rt.session_factory()
    try:
        first.connection()  # begins the transaction (IMMEDIATE on SQLite)
        assert try_job_lock(first, "periodic:publish_checkpoint_if_due")
        if backend == "postgresql":
            PeriodicJobs(rt).run_once()
            assert checkpoints(rt) == 0
        else:
            second = sqlite3.connect(rt.engine.url.database, timeout=0.2)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    second.execute("BEGIN IMMEDIATE")
            finally:
                second.close()
    finally:
        first.rollback()
        first.close()
    PeriodicJobs(rt).run_once()
    assert checkpoints(rt) == 1

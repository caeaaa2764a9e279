"""Periodic jobs publish checkpoints and run KVKK destruction only when due."""

from __future__ import annotations

from sqlalchemy import func, select

from audits.log_models import AuditCheckpoint
from audits.signing import create_signing_key, signing_key_path
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

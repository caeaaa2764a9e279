"""Periodic work in each server process: signed checkpoints and KVKK destruction runs.

Each job asks the database whether it is due (the last checkpoint's time, the last
destruction run's time) under a job lock (`kyc_service.core.locks`), so several processes
may tick without doing the work twice, even at the same moment. A cron entry calling
`kyc audit checkpoint` / `kyc privacy destroy-expired --if-due` does the same for
deployments that prefer it.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable

from sqlalchemy.orm import Session

from audits.checkpoints import AuditLogSettings, publish_if_due
from audits.signing import load_signer, signing_key_path
from audits.trail import AuditContext
from kyc_service.core.db import transaction
from kyc_service.core.locks import try_job_lock
from kyc_service.privacy import retention
from kyc_service.privacy.wiring import privacy_deps
from kyc_service.runtime import Runtime

log = logging.getLogger(__name__)


def publish_checkpoint_if_due(rt: Runtime, session: Session) -> None:
    signer = load_signer(signing_key_path(rt.settings.key_file))
    interval = AuditLogSettings.from_env().checkpoint_interval_minutes
    if publish_if_due(session, signer, interval) is not None:
        log.info("published a signed audit checkpoint")


def destroy_expired_if_due(rt: Runtime, session: Session) -> None:
    deps = privacy_deps(rt)
    if retention.is_due(session, deps):
        ctx = AuditContext(None, "system:scheduler", uuid.uuid4().hex)
        summary = retention.destroy_expired(session, ctx, deps)
        log.info("periodic destruction run %s finished", summary.run_id)


JOBS: tuple[Callable[[Runtime, Session], None], ...] = (
    publish_checkpoint_if_due, destroy_expired_if_due)


class PeriodicJobs:
    """One daemon thread that runs every job, each in its own transaction, every tick."""

    def __init__(self, rt: Runtime, tick_seconds: float = 60.0) -> None:
        self.rt, self.tick_seconds = rt, tick_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> None:
        for job in JOBS:
            try:
                with transaction(self.rt.session_factory) as session:
                    if try_job_lock(session, f"periodic:{job.__name__}"):
                        job(self.rt, session)
            except Exception:  # one failing job must not stop the others or the thread
                log.exception("periodic job %s failed", job.__name__)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="periodic-jobs",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)

    def _loop(self) -> None:
        while not self._stop.wait(self.tick_seconds):
            self.run_once()

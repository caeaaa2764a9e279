"""Processing queued documents: decrypt, check, store the result; and the in-process
runner that does it on worker threads.

Each job runs in two short transactions around the slow part (decoding, quality, OCR),
so SQLite's single writer is never held while images are analysed. `OMP_THREAD_LIMIT=1`
keeps Tesseract from oversubscribing a small machine; throughput comes from more workers.
"""

from __future__ import annotations

import io
import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import date

from PIL import Image, ImageOps
from sqlalchemy.orm import Session, sessionmaker

from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.crypto import FieldCipher
from kyc_service.core.db import on_rollback, transaction, utcnow
from kyc_service.core.errors import KycError
from kyc_service.core.storage import Storage
from kyc_service.core.vault import Vault
from kyc_service.customers.models import Customer
from kyc_service.documents.alerts import raise_document_alerts
from kyc_service.documents.context_checks import context_findings
from kyc_service.documents.decoding import DecodeLimits
from kyc_service.documents.jobs import JobQueue, worker_identity
from kyc_service.documents.kyc_status import refresh_kyc_status
from kyc_service.documents.models import Document, DocumentStatus, JobState
from kyc_service.documents.pipeline import CheckOutcome, Decision, check_decoded, decode
from kyc_service.documents.quality import QualityReport, QualitySettings
from kyc_service.documents.reupload import ReuploadPolicy, after_decision
from kyc_service.documents.service import document_cipher
from kyc_service.documents.verification import VerificationSettings, decide

log = logging.getLogger(__name__)
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
PREVIEW_LONG_SIDE = 1600
STATUS_FOR = {Decision.ACCEPTED: DocumentStatus.ACCEPTED, Decision.REJECTED:
              DocumentStatus.REJECTED, Decision.NEEDS_REVIEW: DocumentStatus.NEEDS_REVIEW}


@dataclass
class DocumentWorker:
    session_factory: sessionmaker[Session]
    vault: Vault
    storage: Storage
    queue: JobQueue
    limits: DecodeLimits
    reupload_policy: ReuploadPolicy
    verification: VerificationSettings
    require_address_proof: bool = True
    quality_settings: QualitySettings | None = None

    def run_once(self, owner: str | None = None) -> bool:
        """Process one job if there is one; False when the queue is empty."""
        owner = owner or worker_identity()
        document_id = self.queue.claim(owner)
        if document_id is None:
            return False
        try:
            self._process(document_id, owner)
        except Exception as exc:
            retry = self.queue.release(document_id, owner, type(exc).__name__[:64])
            log.exception("document processing crashed (retry=%s)", retry,
                          extra={"document_id": document_id})
        return True

    def run_until_idle(self) -> int:
        done = 0
        while self.run_once():
            done += 1
        return done

    def _process(self, document_id: str, owner: str) -> None:
        with transaction(self.session_factory) as session:  # (1) fetch and decrypt
            document = session.get(Document, document_id)
            customer = session.get(Customer, document.customer_id) if document else None
            if document is None or customer is None:
                self.queue.finish(session, document_id, owner, JobState.FAILED, "missing")
                return
            cipher = document_cipher(self.vault, customer, document.id)
            data = cipher.open_bytes("original", self.storage.get(document.original_key))
            kind, side = document.kind, document.side
        preview, as_of = None, date.today()
        try:  # (2) the slow part, outside any transaction
            decoded = decode(data, self.limits)
            outcome = check_decoded(decoded, kind, side, quality_settings=self.quality_settings,
                                    as_of=as_of, verification=self.verification)
            preview = self._preview(decoded.image if outcome.quality.passed
                                    else decoded.analysis_image())
        except KycError as exc:  # the file itself is unusable: a decision, not a crash
            outcome = CheckOutcome(Decision.REJECTED, QualityReport(False, ()),
                                   findings=[{"code": exc.code}])
        with transaction(self.session_factory) as session:  # (3) store the result once
            if not self.queue.finish(session, document_id, owner, JobState.DONE):
                return  # our lease was taken over; the other worker stores the result
            self._store(session, document_id, outcome, preview, cipher, as_of)

    def _store(self, session: Session, document_id: str, outcome: CheckOutcome,
               preview: bytes | None, cipher: FieldCipher, as_of: date) -> None:
        document = session.get(Document, document_id)
        customer = session.get(Customer, document.customer_id) if document else None
        assert document is not None and customer is not None
        result = {"fields": outcome.fields, "mrz": outcome.mrz}
        document.result_enc = cipher.seal("result", json.dumps(result, ensure_ascii=False))
        if preview is not None:
            document.preview_key = self.storage.put(cipher.seal_bytes("preview", preview))
            on_rollback(session, lambda key=document.preview_key: self.storage.delete(key))
        findings = json.loads(document.findings_json or "[]") + outcome.findings  # (7)
        if outcome.quality.passed:
            findings += context_findings(session, self.vault, customer, document,
                                         outcome.fields, outcome.mrz, as_of, self.verification)
        document.status = STATUS_FOR[decide(outcome.quality.passed, findings)]  # (8)
        document.quality_json = json.dumps(outcome.quality_dict(), ensure_ascii=False)
        document.findings_json = json.dumps(findings)
        document.processed_at = utcnow()
        after_decision(session, document, self.reupload_policy)
        ctx = AuditContext.system()
        record(session, ctx, AuditEvent(
            AuditAction.DOCUMENT_CHECKED, object_type="document", object_id=document.id,
            customer_ref=document.customer_id,
            details={"decision": document.status, "quality": list(outcome.quality.issues),
                     "findings": [f["code"] for f in findings]}))
        raise_document_alerts(session, ctx, document, findings)  # (9) for the AML side
        refresh_kyc_status(session, ctx, customer, self.require_address_proof)  # (10)

    @staticmethod
    def _preview(image: Image.Image) -> bytes:
        """A re-encoded, upright, EXIF-free copy for review screens."""
        if image.format == "JPEG":  # not yet decoded: decode only at the size we keep
            image.draft("RGB", (PREVIEW_LONG_SIDE, PREVIEW_LONG_SIDE))
        copy = ImageOps.exif_transpose(image).convert("RGB")
        copy.thumbnail((PREVIEW_LONG_SIDE, PREVIEW_LONG_SIDE))
        buffer = io.BytesIO()
        copy.save(buffer, format="JPEG", quality=85)
        return buffer.getvalue()


class InProcessRunner:
    """The default `TaskRunner`: worker threads in this process, polling the database
    queue and woken early by `submit`. A distributed queue can replace it by offering
    the same `start`/`submit`/`stop` and calling `DocumentWorker.run_once`."""

    def __init__(self, worker: DocumentWorker, threads: int, idle_wait: float = 2.0) -> None:
        self.worker = worker
        self.threads = threads
        self.idle_wait = idle_wait
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._pool: list[threading.Thread] = []

    def start(self) -> None:
        if self._pool or self.threads <= 0:
            return
        released = self.worker.queue.release_dead_owners()
        if released:
            log.info("resuming %d documents left by a stopped process", released)
        for index in range(self.threads):
            thread = threading.Thread(target=self._loop, name=f"doc-worker-{index}", daemon=True)
            thread.start()
            self._pool.append(thread)

    def submit(self, document_id: str) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._pool:
            thread.join(timeout)
        self._pool.clear()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.worker.run_once()
            except Exception:
                log.exception("document worker loop failed")
                busy = False
            if not busy:
                self._wake.wait(self.idle_wait)
                self._wake.clear()

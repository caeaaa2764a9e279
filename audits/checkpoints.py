"""Signed checkpoints in the C2SP checkpoint / signed-note text format.

    <origin>\\n<tree size>\\n<base64 root hash>\\ntime <UTC time>\\n
    \\n
    — <key name> <base64(4-byte key hash || Ed25519 signature)>\\n

A checkpoint commits the service to the first `tree size` entries; an auditor who keeps
one can later demand a consistency proof, so truncation or rewriting cannot go unseen.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.canonical import format_time
from audits.log_models import AuditCheckpoint
from audits.merkle import consistency_proof, inclusion_proof, tree_root
from audits.signing import AuditSigner, note_key_hash, public_raw
from audits.tiles import TileStore, extend_tree, head_size
from kyc_service.core.db import utcnow
from kyc_service.core.errors import IntegrityFailure, NotFound, ValidationFailed

SIGNATURE_DASH = "\u2014"


@dataclass(frozen=True)
class AuditLogSettings:
    """The log's public name and how often the scheduler publishes a checkpoint."""

    origin: str = "kyc-service.local/audit-log"
    checkpoint_interval_minutes: int = 60

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AuditLogSettings:
        environ = os.environ if environ is None else environ
        return cls(
            origin=environ.get("KYC_AUDIT_LOG_ORIGIN") or cls.origin,
            checkpoint_interval_minutes=int(environ.get("KYC_AUDIT_CHECKPOINT_MINUTES") or 60),
        )


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    tree_size: int
    root_hash: bytes
    issued_at: str | None = None

    def body(self) -> str:
        lines = [self.origin, str(self.tree_size), base64.b64encode(self.root_hash).decode()]
        if self.issued_at:
            lines.append(f"time {self.issued_at}")
        return "\n".join(lines) + "\n"


class CheckpointInvalid(IntegrityFailure):
    code = "checkpoint_invalid"
    title = "The checkpoint is malformed or its signature does not verify."


def sign_checkpoint(checkpoint: Checkpoint, signer: AuditSigner) -> str:
    body = checkpoint.body()
    signature = signer.note_key_hash() + signer.sign(body.encode())
    return f"{body}\n{SIGNATURE_DASH} {signer.name} {base64.b64encode(signature).decode()}\n"


def parse_checkpoint(note: str) -> Checkpoint:
    """The body of a note without checking signatures (use `verify_checkpoint`)."""
    body, separator, _ = note.partition("\n\n")
    lines = body.split("\n")
    if not separator or len(lines) < 3:
        raise CheckpointInvalid("A checkpoint needs an origin, a size and a root hash.")
    origin, size_text, root_text = lines[:3]
    if not size_text.isdigit() or (size_text.startswith("0") and size_text != "0"):
        raise CheckpointInvalid("The tree size is not a decimal number.")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error:
        raise CheckpointInvalid("The root hash is not base64.") from None
    if len(root) != 32:
        raise CheckpointInvalid("The root hash is not 32 bytes.")
    issued = next((line[5:] for line in lines[3:] if line.startswith("time ")), None)
    return Checkpoint(origin, int(size_text), root, issued)


def verify_checkpoint(note: str, public_key: Ed25519PublicKey, name: str | None = None
                      ) -> Checkpoint:
    """Parse a note and require a valid signature by `public_key` (under `name`)."""
    checkpoint = parse_checkpoint(note)
    body = note.partition("\n\n")[0] + "\n"
    raw = public_raw(public_key)
    for line in note.partition("\n\n")[2].splitlines():
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != SIGNATURE_DASH:
            continue
        signer_name = parts[1]
        if name is not None and signer_name != name:
            continue
        try:
            blob = base64.b64decode(parts[2], validate=True)
        except binascii.Error:
            continue
        if blob[:4] != note_key_hash(signer_name, raw):
            continue
        try:
            public_key.verify(blob[4:], body.encode())
        except InvalidSignature:
            raise CheckpointInvalid("The checkpoint signature does not verify.") from None
        return checkpoint
    raise CheckpointInvalid("The checkpoint carries no signature by this key.")


def latest_checkpoint(session: Session) -> AuditCheckpoint | None:
    return session.scalar(select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc()).limit(1))


def publish_checkpoint(session: Session, signer: AuditSigner, published_by: str | None = None,
                       force: bool = False) -> AuditCheckpoint:
    """Extend the stored tree to the chain head and sign it; reuses the latest checkpoint
    when nothing was appended since (unless `force`). The caller commits."""
    connection = session.connection()
    size = extend_tree(connection)
    latest = latest_checkpoint(session)
    if latest is not None and latest.tree_size == size and not force:
        return latest
    root = tree_root(TileStore(connection), size)
    issued = utcnow()
    note = sign_checkpoint(Checkpoint(signer.name, size, root, format_time(issued)), signer)
    row = AuditCheckpoint(tree_size=size, root_hash=root.hex(), issued_at=issued,
                          key_id=signer.key_id, note=note, published_by=published_by)
    session.add(row)
    session.flush()
    return row


def publish_if_due(session: Session, signer: AuditSigner, interval_minutes: int,
                   now: datetime | None = None) -> AuditCheckpoint | None:
    """The periodic job: publish when the log grew and the interval has passed."""
    latest = latest_checkpoint(session)
    now = now or utcnow()
    if latest is not None and (now - latest.issued_at).total_seconds() < interval_minutes * 60:
        return None
    if latest is not None and latest.tree_size == head_size(session.connection()):
        return None
    return publish_checkpoint(session, signer, published_by=None)


def _stored_tree(session: Session, size: int) -> TileStore:
    connection = session.connection()
    head = head_size(connection)
    if size > head:
        raise NotFound(f"The log has only {head} entries.", code="tree_size_too_large")
    extend_tree(connection, max(size, TileStore(connection).size()))
    return TileStore(connection)


def inclusion(session: Session, seq: int, tree_size: int) -> dict[str, object]:
    """Inclusion proof for entry `seq` (1-based) in the tree of `tree_size` entries."""
    if not 1 <= seq <= tree_size:
        raise ValidationFailed("seq must be between 1 and tree_size.", code="bad_proof_range")
    store = _stored_tree(session, tree_size)
    leaf = next(iter(store.leaf_hashes(seq - 1, seq)))
    return {"seq": seq, "leaf_index": seq - 1, "tree_size": tree_size, "leaf_hash": leaf.hex(),
            "root_hash": tree_root(store, tree_size).hex(),
            "proof": [node.hex() for node in inclusion_proof(store, seq - 1, tree_size)]}


def consistency(session: Session, first: int, second: int) -> dict[str, object]:
    if not 0 <= first <= second:
        raise ValidationFailed("first must be between 0 and second.", code="bad_proof_range")
    store = _stored_tree(session, second)
    return {"first": first, "second": second,
            "first_root": tree_root(store, first).hex(),
            "second_root": tree_root(store, second).hex(),
            "proof": [node.hex() for node in consistency_proof(store, first, second)]}

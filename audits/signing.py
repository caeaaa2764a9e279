"""The audit signing key: Ed25519, kept apart from the data keys in its own 0600 file.

Checkpoints and export manifests are signed with it; auditors hold only the public key.
The file keeps retired public keys so that old checkpoints still verify after rotation.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kyc_service.core.errors import ConfigurationError
from kyc_service.core.keyfile import write_private_json

SIGNING_FILE_NAME = "audit-signing.json"
ED25519_SIGNATURE_TYPE = b"\x01"  # C2SP signed-note algorithm byte for Ed25519


def signing_key_path(key_file: Path) -> Path:
    """The signing key lives next to the keyring, in a file of its own."""
    return Path(key_file).parent / SIGNING_FILE_NAME


def note_key_hash(name: str, public_raw: bytes) -> bytes:
    """The 4-byte key id of a C2SP signed note: SHA-256(name || 0x0A || 0x01 || key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + ED25519_SIGNATURE_TYPE + public_raw).digest()[:4]


def public_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public_pem(data: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ConfigurationError("The public key is not an Ed25519 key.", code="bad_public_key")
    return key


@dataclass(frozen=True)
class AuditSigner:
    """The active signing key with the name (log origin) it signs notes under."""

    key_id: str
    name: str
    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)

    def note_key_hash(self) -> bytes:
        return note_key_hash(self.name, public_raw(self.public_key))


def _new_entry(name: str) -> tuple[str, dict[str, Any]]:
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    key_id = f"sig-{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(4)}"
    return key_id, {
        "name": name,
        "private_key": base64.b64encode(raw).decode(),
        "public_key": base64.b64encode(public_raw(private.public_key())).decode(),
        "created_at": datetime.now(UTC).isoformat(),
    }


def create_signing_key(path: Path, name: str) -> bool:
    """Create the signing key file (0600); False if it exists already."""
    path = Path(path)
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    key_id, entry = _new_entry(name)
    write_private_json(path, {"format": 1, "active": key_id, "keys": {key_id: entry}})
    return True


def rotate_signing_key(path: Path, name: str) -> str:
    """Add a new active signing key; older ones stay for verifying old checkpoints."""
    document = _read(Path(path))
    key_id, entry = _new_entry(name)
    for old in document["keys"].values():
        old.setdefault("retired_at", datetime.now(UTC).isoformat())
        old.pop("private_key", None)  # a retired key never signs again
    document["keys"][key_id] = entry
    document["active"] = key_id
    write_private_json(Path(path), document)
    return key_id


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigurationError(
            f"No audit signing key at {path}: run `kyc init` or `kyc audit keygen`.",
            code="no_signing_key")
    if os.name == "posix" and path.stat().st_mode & 0o077:
        raise ConfigurationError(f"The signing key file {path} is readable by others: chmod 600.")
    try:
        document: dict[str, Any] = json.loads(path.read_text("utf-8"))
        if "private_key" not in document["keys"][document["active"]]:
            raise KeyError("the active key has no private part")
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigurationError(f"The signing key file {path} is not valid.") from exc
    return document


def load_signer(path: Path) -> AuditSigner:
    document = _read(Path(path))
    entry = document["keys"][document["active"]]
    private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(entry["private_key"]))
    return AuditSigner(document["active"], entry["name"], private)


def load_public_keys(path: Path) -> dict[str, Ed25519PublicKey]:
    """Every public key the file knows, active and retired, by key id."""
    document = _read(Path(path))
    return {key_id: Ed25519PublicKey.from_public_bytes(base64.b64decode(entry["public_key"]))
            for key_id, entry in document["keys"].items()}

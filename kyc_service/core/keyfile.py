"""The key file: a `KeyProvider` backend that keeps the keyring in one 0600 JSON file.

A KMS or Vault provider can replace it later behind the same `load()` interface.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from kyc_service.core.crypto import Keyring, random_key
from kyc_service.core.errors import ConfigurationError


class KeyProvider(Protocol):
    def load(self) -> Keyring: ...


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def new_key_id(prefix: str) -> str:
    return f"{prefix}-{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(4)}"


class FileKeyProvider:
    """Reads the keyring from a JSON file; refuses files readable by others."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._cached: Keyring | None = None

    def load(self) -> Keyring:
        if self._cached is None:
            self._cached = self._read()
        return self._cached

    def _read(self) -> Keyring:
        if not self.path.is_file():
            raise ConfigurationError(
                f"No master key file at {self.path}: run `kyc init` (or set KYC_KEY_FILE).",
                code="not_initialised",
            )
        if os.name == "posix" and self.path.stat().st_mode & 0o077:
            raise ConfigurationError(
                f"The key file {self.path} is readable by other users: chmod 600 it."
            )
        try:
            raw = json.loads(self.path.read_text("utf-8"))
            return Keyring(
                master_keys={k: base64.b64decode(v["key"]) for k, v in raw["master_keys"].items()},
                active_master_key_id=raw["active_master_key"],
                index_key=base64.b64decode(raw["index_key"]["key"]),
                index_key_id=raw["index_key"]["id"],
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigurationError(f"The key file {self.path} is not a valid keyring.") from exc


def create_key_file(path: Path) -> bool:
    """Create a fresh keyring at `path` with 0600 permissions; False if one exists already."""
    path = Path(path)
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    master_id = new_key_id("kek")
    now = datetime.now(UTC).isoformat()
    document = {
        "format": 1,
        "active_master_key": master_id,
        "master_keys": {master_id: {"key": _b64(random_key()), "created_at": now}},
        "index_key": {"id": new_key_id("idx"), "key": _b64(random_key()), "created_at": now},
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2)
    return True


def write_private_json(path: Path, document: dict[str, Any]) -> None:
    """Replace a secret JSON file atomically: a sibling temp file (0600), fsync, rename
    over, fsync the directory. Readers see the old file or the new, never half."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)

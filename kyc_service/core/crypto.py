"""Envelope encryption and blind indexes.

Each data owner (a customer, or the staff directory) has a random 256-bit data key (DEK),
stored only wrapped by a master key (KEK) from the keyring. Fields are AES-256-GCM with a
fresh 96-bit nonce; the associated data binds a ciphertext to its table, column and row,
so a ciphertext copied to another row or column fails to decrypt instead of returning
another person's data. Keys are random and stored, never derived, so deleting a DEK
destroys (crypto-shreds) everything it protected.

Blind indexes are keyed HMAC-SHA256 digests over normalised values, with their own key,
for exact lookups and duplicate detection without decrypting.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kyc_service.core.errors import ConfigurationError, IntegrityFailure

FORMAT_VERSION = 1
_NONCE_BYTES = 12
_KEY_BYTES = 32
_DEK_ID_BYTES = 16


def random_key() -> bytes:
    return os.urandom(_KEY_BYTES)


@dataclass(frozen=True)
class Keyring:
    """Master keys by id (one active for new wraps) and the blind-index key."""

    master_keys: dict[str, bytes]
    active_master_key_id: str
    index_key: bytes
    index_key_id: str

    def __post_init__(self) -> None:
        if self.active_master_key_id not in self.master_keys:
            raise ConfigurationError("the active master key is not in the keyring")
        for key_id, key in self.master_keys.items():
            if len(key) != _KEY_BYTES:
                raise ConfigurationError(f"master key {key_id} is not 256 bits")
        if len(self.index_key) != _KEY_BYTES:
            raise ConfigurationError("the blind-index key is not 256 bits")

    def master_key(self, key_id: str) -> bytes:
        try:
            return self.master_keys[key_id]
        except KeyError:
            raise IntegrityFailure(
                f"master key {key_id!r} is not in the keyring", code="key_unavailable"
            ) from None

    def wrapping_key_id(self) -> str:
        """The master key that wraps new data keys (a refreshing keyring may move it)."""
        return self.active_master_key_id


def wrap_data_key(keyring: Keyring, dek_id: str, dek: bytes) -> tuple[str, bytes]:
    """Wrap a DEK with the active master key; returns (master key id, wrapped bytes)."""
    kek_id = keyring.wrapping_key_id()
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(keyring.master_key(kek_id)).encrypt(nonce, dek, _wrap_aad(dek_id, kek_id))
    return kek_id, bytes([FORMAT_VERSION]) + nonce + sealed


def unwrap_data_key(keyring: Keyring, dek_id: str, kek_id: str, wrapped: bytes) -> bytes:
    if not wrapped or wrapped[0] != FORMAT_VERSION:
        raise IntegrityFailure(f"data key {dek_id} has an unknown format")
    nonce, sealed = wrapped[1 : 1 + _NONCE_BYTES], wrapped[1 + _NONCE_BYTES :]
    try:
        return AESGCM(keyring.master_key(kek_id)).decrypt(
            nonce, sealed, _wrap_aad(dek_id, kek_id)
        )
    except InvalidTag:
        raise IntegrityFailure(f"data key {dek_id} failed to unwrap") from None


def _wrap_aad(dek_id: str, kek_id: str) -> bytes:
    return f"kyc/dek/v{FORMAT_VERSION}|{dek_id}|{kek_id}".encode()


class FieldCipher:
    """Seals and opens the encrypted columns of one row with its owner's data key.

    Ciphertext layout: version (1 byte) | data key id (16 bytes) | nonce (12) | AES-GCM
    output. The header is part of the associated data, as are table, column and row id.
    """

    def __init__(self, dek: bytes, dek_id: str, table: str, row_id: str) -> None:
        self._aead = AESGCM(dek)
        self._dek_id = uuid.UUID(dek_id).bytes
        self._table = table
        self._row_id = row_id

    def _aad(self, column: str, header: bytes) -> bytes:
        return header + f"|{self._table}|{column}|{self._row_id}".encode()

    def seal_bytes(self, column: str, plaintext: bytes) -> bytes:
        header = bytes([FORMAT_VERSION]) + self._dek_id
        nonce = os.urandom(_NONCE_BYTES)
        return header + nonce + self._aead.encrypt(nonce, plaintext, self._aad(column, header))

    def open_bytes(self, column: str, blob: bytes) -> bytes:
        header_len = 1 + _DEK_ID_BYTES
        header = blob[:header_len]
        if len(blob) < header_len + _NONCE_BYTES + 16 or header[0] != FORMAT_VERSION:
            raise IntegrityFailure(f"{self._table}.{column} of {self._row_id} is malformed")
        if header[1:] != self._dek_id:
            raise IntegrityFailure(
                f"{self._table}.{column} of {self._row_id} was sealed with another data key"
            )
        nonce = blob[header_len : header_len + _NONCE_BYTES]
        try:
            return self._aead.decrypt(
                nonce, blob[header_len + _NONCE_BYTES :], self._aad(column, header)
            )
        except InvalidTag:
            raise IntegrityFailure(
                f"{self._table}.{column} of {self._row_id} failed authentication"
            ) from None

    def seal(self, column: str, value: str | None) -> bytes | None:
        return None if value is None else self.seal_bytes(column, value.encode("utf-8"))

    def open(self, column: str, blob: bytes | None) -> str | None:
        return None if blob is None else self.open_bytes(column, blob).decode("utf-8")


class BlindIndexer:
    """Keyed digests of normalised values; the kind separates domains (email vs phone)."""

    def __init__(self, index_key: bytes) -> None:
        self._key = index_key

    def digest(self, kind: str, normalised_value: str) -> str:
        message = kind.encode() + b"\x00" + normalised_value.encode("utf-8")
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file read in 1 MiB chunks (list files and backups can be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()

"""Envelope encryption: ciphertexts are bound to their row and column and to their key."""

from __future__ import annotations

import os
import stat

import pytest

from kyc_service.core.crypto import (
    BlindIndexer,
    FieldCipher,
    Keyring,
    random_key,
    unwrap_data_key,
    wrap_data_key,
)
from kyc_service.core.db import new_id
from kyc_service.core.errors import ConfigurationError, IntegrityFailure
from kyc_service.core.keyfile import FileKeyProvider, create_key_file


def keyring() -> Keyring:
    return Keyring({"kek-1": random_key()}, "kek-1", random_key(), "idx-1")


def test_field_round_trip_and_fresh_nonces():
    dek, dek_id, row = random_key(), new_id(), new_id()
    cipher = FieldCipher(dek, dek_id, "customers", row)
    first, second = cipher.seal("surname", "Şahin"), cipher.seal("surname", "Şahin")
    assert first != second
    assert cipher.open("surname", first) == cipher.open("surname", second) == "Şahin"
    assert first[0] == 1  # format version


@pytest.mark.parametrize("where", ["other row", "other column", "other table", "other key"])
def test_ciphertext_is_bound_to_row_column_table_and_key(where):
    dek, dek_id, row = random_key(), new_id(), new_id()
    blob = FieldCipher(dek, dek_id, "customers", row).seal("national_id", "10000000146")
    elsewhere = {
        "other row": FieldCipher(dek, dek_id, "customers", new_id()),
        "other column": FieldCipher(dek, dek_id, "customers", row),
        "other table": FieldCipher(dek, dek_id, "users", row),
        "other key": FieldCipher(random_key(), new_id(), "customers", row),
    }[where]
    column = "email" if where == "other column" else "national_id"
    with pytest.raises(IntegrityFailure):
        elsewhere.open(column, blob)


def test_flipped_bit_fails_authentication():
    cipher = FieldCipher(random_key(), new_id(), "customers", "row-1")
    blob = bytearray(cipher.seal("surname", "Kaya"))
    blob[-1] ^= 1
    with pytest.raises(IntegrityFailure):
        cipher.open("surname", bytes(blob))


def test_data_key_wrapping_and_rotation_keeps_data_readable():
    ring = keyring()
    dek, dek_id = random_key(), new_id()
    kek_id, wrapped = wrap_data_key(ring, dek_id, dek)
    assert unwrap_data_key(ring, dek_id, kek_id, wrapped) == dek
    with pytest.raises(IntegrityFailure):
        unwrap_data_key(ring, new_id(), kek_id, wrapped)  # wrapped key moved to another id
    rotated = Keyring({**ring.master_keys, "kek-2": random_key()}, "kek-2", ring.index_key,
                      ring.index_key_id)
    new_kek, rewrapped = wrap_data_key(rotated, dek_id, dek)
    assert new_kek == "kek-2"
    assert unwrap_data_key(rotated, dek_id, new_kek, rewrapped) == dek


def test_blind_index_is_keyed_and_domain_separated():
    indexer = BlindIndexer(random_key())
    assert indexer.digest("email", "a@b.c") == indexer.digest("email", "a@b.c")
    assert indexer.digest("email", "a@b.c") != indexer.digest("phone", "a@b.c")
    assert indexer.digest("email", "a@b.c") != BlindIndexer(random_key()).digest("email", "a@b.c")


def test_key_file_is_private_and_refused_when_readable_by_others(tmp_path):
    path = tmp_path / "keys" / "keyring.json"
    assert create_key_file(path) is True
    assert create_key_file(path) is False  # never overwritten
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    ring = FileKeyProvider(path).load()
    assert len(ring.master_keys[ring.active_master_key_id]) == 32
    os.chmod(path, 0o644)
    with pytest.raises(ConfigurationError, match="chmod 600"):
        FileKeyProvider(path).load()


def test_missing_key_file_says_to_run_init(tmp_path):
    with pytest.raises(ConfigurationError, match="kyc init"):
        FileKeyProvider(tmp_path / "none.json").load()

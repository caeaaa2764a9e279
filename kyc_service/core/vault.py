"""The crypto services domain code needs, built once from the keyring."""

from __future__ import annotations

from kyc_service.core.crypto import BlindIndexer, Keyring
from kyc_service.core.datakeys import DataKeys


class Vault:
    """Data keys for encryption and the blind indexer for lookups, from one keyring."""

    def __init__(self, keyring: Keyring) -> None:
        self.keyring = keyring
        self.data_keys = DataKeys(keyring)
        self._indexer = BlindIndexer(keyring.index_key)

    def blind_index(self, kind: str, normalised_value: str) -> str:
        return self._indexer.digest(kind, normalised_value)

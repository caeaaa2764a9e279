"""Settings from the environment; production refuses development secrets and missing keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from kyc_service import create_app
from kyc_service.config import DEVELOPMENT_SECRET, load_settings
from kyc_service.core.errors import ConfigurationError


def test_embedded_defaults_need_nothing_installed():
    settings = load_settings({})
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("var/kyc.sqlite3")
    assert settings.key_file == Path("var/keys/keyring.json")
    assert settings.storage_dir == Path("var/documents")


def test_environment_variables_override_and_are_typed(tmp_path):
    settings = load_settings({"KYC_DATA_DIR": str(tmp_path), "KYC_MAX_JSON_BYTES": "2048",
                              "KYC_DATABASE_URL": "postgresql://kyc@db/kyc"})
    assert settings.max_json_bytes == 2048
    assert settings.key_file == tmp_path / "keys" / "keyring.json"
    assert settings.database_url == "postgresql://kyc@db/kyc"
    with pytest.raises(ConfigurationError, match="KYC_MAX_JSON_BYTES"):
        load_settings({"KYC_MAX_JSON_BYTES": "lots"})
    with pytest.raises(ConfigurationError, match="KYC_ENV"):
        load_settings({"KYC_ENV": "staging"})


def test_production_refuses_development_secret(tmp_path, key_file):
    settings = load_settings({"KYC_ENV": "production", "KYC_KEY_FILE": str(key_file),
                              "KYC_DATA_DIR": str(tmp_path)})
    assert settings.secret_key == DEVELOPMENT_SECRET
    with pytest.raises(ConfigurationError, match="KYC_SECRET_KEY"):
        create_app(settings)


def test_production_refuses_missing_key_file(tmp_path):
    settings = load_settings({"KYC_ENV": "production", "KYC_SECRET_KEY": "s" * 48,
                              "KYC_DATA_DIR": str(tmp_path)})
    with pytest.raises(ConfigurationError, match="kyc init"):
        create_app(settings)


def test_production_starts_when_configured(tmp_path, key_file):
    settings = load_settings({"KYC_ENV": "production", "KYC_SECRET_KEY": "s" * 48,
                              "KYC_KEY_FILE": str(key_file), "KYC_DATA_DIR": str(tmp_path)})
    assert create_app(settings).config["SECRET_KEY"] == "s" * 48

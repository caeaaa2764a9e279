"""Every table with personal data has a provider; the inventory comes from the providers."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import Column, LargeBinary, MetaData, String, Table

from audits.privacy.declarations import LegalBasis, Retention, Sensitivity, Subjects
from audits.privacy.declarations import TableDeclaration as T
from audits.privacy.records import to_csv
from audits.privacy.registry import MissingProvider, ProviderRegistry
from kyc_service.core.errors import ConfigurationError
from kyc_service.privacy.records import records_of_processing
from kyc_service.privacy.settings import PrivacySettings
from kyc_service.privacy.wiring import PrivacyDeps, default_registry
from kyc_service.schema import all_metadata


class Declares:
    name = "test"

    def __init__(self, *declarations: T) -> None:
        self.declarations = declarations


def decl(table: str, sensitivity: Sensitivity = Sensitivity.PERSONAL) -> T:
    return T(table, sensitivity, Subjects.CUSTOMERS, ("x",), ("y",),
             (LegalBasis.CONTRACT,), Retention.UNTIL_ERASURE)


def test_every_model_with_personal_columns_has_a_provider():
    registry = default_registry()
    assert registry.uncovered(all_metadata()) == {}
    registry.check(all_metadata())
    for table in ("customers", "users", "documents", "reupload_requests", "aml_transactions",
                  "screening_hits", "alerts", "audit_entries", "privacy_subjects"):
        assert registry.declaration(table) is not None, table


def test_a_new_table_with_encrypted_or_indexed_columns_is_not_forgotten():
    metadata = MetaData()
    Table("loyalty_notes", metadata, Column("id", String, primary_key=True),
          Column("note_enc", LargeBinary))
    Table("devices", metadata, Column("id", String, primary_key=True),
          Column("fingerprint_bidx", String))
    Table("hobbies", metadata, Column("id", String, primary_key=True),
          Column("favourite", String, info={"personal": True}))
    Table("currencies", metadata, Column("code", String, primary_key=True))
    registry = ProviderRegistry([Declares(decl("devices", Sensitivity.NOT_PERSONAL))])
    assert registry.uncovered(metadata) == {"loyalty_notes": ["note_enc"],
                                            "devices": ["fingerprint_bidx"],
                                            "hobbies": ["favourite"]}
    with pytest.raises(MissingProvider, match="loyalty_notes"):
        registry.check(metadata)
    registry.register(Declares(decl("loyalty_notes"), decl("hobbies")))
    assert registry.uncovered(metadata) == {"devices": ["fingerprint_bidx"]}


def test_a_table_cannot_be_declared_twice():
    with pytest.raises(ValueError, match="customers"):
        ProviderRegistry([Declares(decl("customers")), Declares(decl("customers"))])


def deps(settings: PrivacySettings) -> PrivacyDeps:
    return PrivacyDeps(None, None, None, settings, default_registry())  # type: ignore[arg-type]


def test_records_of_processing_follow_declarations_and_settings():
    document = records_of_processing(deps(PrivacySettings(aml_retention_years_tr=10)))
    tables = {row["table"] for row in document["activities"]}
    declared = {d.table for d in default_registry().declarations()
                if d.sensitivity is not Sensitivity.NOT_PERSONAL}
    assert tables == declared and "customers" in tables and "privacy_destructions" not in tables
    customers = next(r for r in document["activities"] if r["table"] == "customers")
    assert customers["retention_period"].startswith("10 years")
    assert any("6(1)(c)" in b for b in customers["legal_bases"])
    assert customers["security_measures"] and customers["recipients"]
    assert {"customers", "staff", "listed_persons"} == set(document["data_subject_groups"])
    json.dumps(document)
    rows = list(csv.DictReader(io.StringIO(to_csv(document))))
    assert len(rows) == len(document["activities"])
    assert {r["table"] for r in rows} == tables


@pytest.mark.parametrize("days", [0, 184, 365])
def test_destruction_interval_is_at_most_six_months(days):
    with pytest.raises(ConfigurationError):
        PrivacySettings(destruction_interval_days=days)


def test_settings_from_environment_and_retention_dates():
    settings = PrivacySettings.from_config({"privacy_response_days": "15"},
                                           {"KYC_PRIVACY_AML_RETENTION_YEARS_EU": "6"})
    assert (settings.response_days, settings.aml_retention_years_eu) == (15, 6)
    leap = datetime(2024, 2, 29, tzinfo=UTC)
    assert settings.retain_until("TR", leap) == datetime(2032, 2, 29, tzinfo=UTC)
    assert settings.retain_until("EU", leap) == datetime(2030, 2, 28, tzinfo=UTC)

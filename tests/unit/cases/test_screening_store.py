"""Screening as a service, under the HTTP layer: list versions, the per-process index,
re-screening everyone, and false positives that, once a manager approved them, stay
cleared until something changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from audits.models import AuditEntry
from audits.trail import AuditContext
from cases.alerts import Alert
from cases.casework import approvals
from cases.casework.records import CaseText
from cases.casework.settings import CaseSettings
from cases.screening import ListMalformed, parse_un_xml
from cases.screening_store.cache import current_index
from cases.screening_store.codec import decode_entries, encode_entries
from cases.screening_store.commands import import_list_file
from cases.screening_store.lists import list_versions
from cases.screening_store.models import FalsePositiveDecision, ScreeningHit
from cases.screening_store.reviews import customer_hits, review_hit
from cases.screening_store.service import rescreen_everyone
from cases.screening_store.settings import ScreeningServiceSettings, load_screening_settings
from kyc_service.cli_screening import customer_people
from kyc_service.core.db import make_engine, make_session_factory, transaction
from kyc_service.core.errors import ConfigurationError, Conflict, IntegrityFailure
from kyc_service.runtime import Runtime
from tests.support.factories import customer_payload
from tests.unit.cases.screening.list_writers import UnPerson, un_xml

CTX = AuditContext("officer-1", "compliance_officer")
SETTINGS = ScreeningServiceSettings(rescreen_batch_size=3, keep_inactive_versions=1)
KARA = UnPerson("7001", ["Hüseyin", "Zorlutuna"], dates=[{"TYPE_OF_DATE": "EXACT",
                                                          "DATE": "1961-04-12"}],
                nationalities=["Türkiye"])
OTHER = UnPerson("7002", ["Usama", "Muhammed", "Awad", "BIN LADIN"])


def write_un(tmp_path: Path, people: Sequence[UnPerson], name: str = "un.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(un_xml(people))
    return path


@pytest.fixture
def import_un(rt: Runtime, tmp_path: Path) -> Callable[..., Any]:
    def run(*people: UnPerson, name: str = "un.xml", settings=SETTINGS) -> Any:
        return import_list_file(rt.session_factory, CTX, write_un(tmp_path, people, name),
                                "un-xml", "UN", settings)
    return run


@pytest.fixture
def add_customer(rt: Runtime) -> Callable[..., str]:
    counter = iter(range(1, 10_000))

    def add(**overrides: Any) -> str:
        data = customer_payload(next(counter), **overrides)
        with transaction(rt.session_factory) as session:
            return rt.customers.create(session, AuditContext.system(), data).id
    return add


def rescreen(rt: Runtime) -> Any:
    return rescreen_everyone(rt.session_factory, AuditContext.system(), rt.vault,
                             customer_people(rt.vault), SETTINGS.rescreen_batch_size)


def hits_of(rt: Runtime, customer_id: str) -> list[ScreeningHit]:
    with rt.session_factory() as session:
        return list(session.scalars(select(ScreeningHit)
                                    .where(ScreeningHit.customer_id == customer_id)
                                    .order_by(ScreeningHit.created_at)))


def review(rt: Runtime, hit_id: str, decision: str = "false_positive") -> None:
    with transaction(rt.session_factory) as session:
        review_hit(session, CTX, rt.vault, hit_id, decision, "Different person: other father.")


def whitelist(rt: Runtime, hit_id: str) -> None:
    """The four-eyes step: the reviewer proposes, a manager who is neither approves."""
    manager = AuditContext("manager-1", "compliance_manager")
    with transaction(rt.session_factory) as session:
        proposal = approvals.propose_whitelist(session, CTX, CaseText(rt.vault), hit_id,
                                               "Different father, other city.")
        approvals.approve(session, manager, CaseText(rt.vault), CaseSettings(), proposal.id,
                          {"compliance_manager"})


def test_entries_survive_the_blob_and_a_changed_blob_is_refused(tmp_path):
    parsed = parse_un_xml(write_un(tmp_path, [KARA, OTHER]), list_name="UN")
    blob = encode_entries(parsed)

    assert decode_entries("UN", parsed.version, blob) == parsed
    with pytest.raises(IntegrityFailure) as error:
        decode_entries("UN", "0" * 64, blob)
    assert error.value.code == "screening_list_tampered"
    with pytest.raises(IntegrityFailure):
        decode_entries("UN", parsed.version, blob[:-5])


def test_import_versions_the_list_and_same_content_changes_nothing(rt, import_un):
    first = import_un(KARA)
    again = import_un(KARA, name="copy.xml")
    second = import_un(KARA, OTHER)
    third = import_un(OTHER)

    assert first.changed and not again.changed and again.version == first.version
    assert second.changed and second.previous_version == first.version
    with rt.session_factory() as session:
        versions = list_versions(session, "UN")
        assert [v.version for v in versions if v.active] == [third.version]
        assert [v.entry_count for v in versions] == [1, 2, 1]
        blobs = dict(session.execute(text(
            "SELECT version, entries_blob IS NOT NULL FROM screening_lists")).all())
        assert blobs == {third.version: 1, second.version: 1, first.version: 0}
        imports = list(session.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "screening:list:import").order_by(AuditEntry.seq)))
    assert ['"result":"activated"' in d for d in imports] == [True, False, True, True]


def test_malformed_file_is_rejected_with_its_element_and_the_old_list_stays(
    rt, import_un, tmp_path
):
    good = import_un(KARA)
    broken = tmp_path / "broken.xml"
    broken.write_bytes(un_xml([KARA, UnPerson("", ["No", "Identifier"])]))

    with pytest.raises(ListMalformed) as error:
        import_list_file(rt.session_factory, CTX, broken, "un-xml", "UN", SETTINGS)

    assert "<INDIVIDUAL>" in error.value.location and "line" in error.value.location
    with rt.session_factory() as session:
        assert [(v.version, v.active) for v in list_versions(session, "UN")] == [
            (good.version, True)]
        assert current_index(session).screen("Huseyin Zorlutuna")[0].entry_id == "7001"
        rejected = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "screening:list:import", AuditEntry.outcome == "failure")).one()
    assert "broken.xml" in rejected.details and "<INDIVIDUAL>" in rejected.details


def test_the_index_is_rebuilt_from_the_database_after_a_restart(rt, import_un, settings):
    import_un(KARA, OTHER)
    restarted = make_engine(settings.database_url)  # a new process has a new engine
    try:
        with make_session_factory(restarted)() as session:
            loaded = current_index(session)
            (hit,) = loaded.screen("ZORLUTUNA Hüseyin", "1961", "TR")
    finally:
        restarted.dispose()
    assert hit.entry_id == "7001" and "birth year agrees" in hit.why


def test_import_then_rescreen_raises_hits_for_matching_customers_only(rt, import_un,
                                                                      add_customer):
    match = add_customer(given_names="Hüseyin", surname="Zorlutuna", birth_date="1961-04-12")
    bystanders = [add_customer() for _ in range(6)]
    import_un(KARA, OTHER)

    report = rescreen(rt)

    assert report.customers == 7 and report.hits_raised == 1
    (hit,) = hits_of(rt, match)
    assert (hit.list_name, hit.entry_id, hit.status) == ("UN", "7001", "open")
    assert hit.score >= 90
    assert all(hits_of(rt, b) == [] for b in bystanders)
    assert rescreen(rt).hits_raised == 0  # idempotent
    with rt.session_factory() as session:
        batches = session.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "screening:customers:rescreen")).all()
        assert all(v.rescreened_at is not None for v in list_versions(session, "UN"))
    assert len(batches) == 6 and match in "".join(batches)  # 7 customers in batches of 3


def test_customer_created_after_the_import_is_screened_at_once(rt, import_un, add_customer):
    import_un(KARA)
    customer = add_customer(given_names="Huseyin", surname="Zorlutuna", birth_date="1961-04-12")
    namesake = add_customer(given_names="Huseyin", surname="Zorlutuna", birth_date="1990-01-01")
    assert [h.entry_id for h in hits_of(rt, customer)] == ["7001"]
    assert hits_of(rt, namesake) == []  # the birth date conflicts with the listed one


def test_whitelisted_false_positive_stays_cleared_until_the_entry_or_the_customer_changes(
    rt, import_un, add_customer
):
    customer = add_customer(given_names="Hüseyin", surname="Zorlutuna", birth_date="1961-04-12")
    import_un(KARA)
    rescreen(rt)
    (first,) = hits_of(rt, customer)
    review(rt, first.id)
    unapproved = rescreen(rt)
    assert (unapproved.suppressed, unapproved.pending_approval) == (0, 1)
    whitelist(rt, first.id)

    assert rescreen(rt).suppressed == 1
    assert len(hits_of(rt, customer)) == 1

    changed_entry = UnPerson("7001", ["Hüseyin", "Zorlutuna"], aliases=[("Huseyn Zorlutuna",
                                                                          "Good")],
                             dates=KARA.dates, nationalities=KARA.nationalities)
    import_un(changed_entry)
    rescreen(rt)
    after_list_change = hits_of(rt, customer)
    assert [h.status for h in after_list_change] == ["false_positive", "open"]

    review(rt, after_list_change[1].id)
    with transaction(rt.session_factory) as session:
        record = rt.customers.get(session, customer)
        rt.customers.update(session, AuditContext.system(), record, {"birth_date": "1961-04-13"})
    assert [h.status for h in hits_of(rt, customer)] == ["false_positive", "false_positive",
                                                         "open"]
    with rt.session_factory() as session:
        decisions = session.scalars(select(FalsePositiveDecision)
                                    .order_by(FalsePositiveDecision.proposed_at)).all()
    assert [(d.proposed_by, d.approved_by) for d in decisions] == [
        ("officer-1", "manager-1"), ("officer-1", None)]


def test_hits_become_one_screening_alert_per_customer_without_the_name(
    rt, import_un, add_customer
):
    customer = add_customer(given_names="Hüseyin", surname="Zorlutuna", birth_date="1961-04-12")
    import_un(KARA)  # the hook saw no list yet
    assert rescreen(rt).hits_raised == 1
    changed_entry = UnPerson("7001", ["Hüseyin", "Zorlutuna"], aliases=[("Huseyn Zorlutuna",
                                                                          "Good")],
                             dates=KARA.dates, nationalities=KARA.nationalities)
    import_un(changed_entry)
    assert rescreen(rt).hits_raised == 1  # the open hit is refreshed, the alert extended
    (hit,) = hits_of(rt, customer)
    with rt.session_factory() as session:
        (alert,) = session.scalars(select(Alert)).all()
    assert (alert.customer_id, alert.source, alert.code) == (customer, "screening",
                                                             "screening_sanctions")
    assert alert.hit_count == 2 and alert.status == "open" and alert.score >= 90
    assert alert.evidence_json.count(hit.id) == 2
    assert "huseyin" not in alert.evidence_json.lower()


def test_a_reviewed_hit_cannot_be_reviewed_again(rt, import_un, add_customer):
    import_un(KARA)
    customer = add_customer(given_names="Hüseyin", surname="Zorlutuna", birth_date="1961-04-12")
    (hit,) = hits_of(rt, customer)
    review(rt, hit.id, "confirmed")
    with pytest.raises(Conflict) as error:
        review(rt, hit.id)
    assert error.value.code == "hit_already_reviewed"


def test_explanations_and_reasons_are_encrypted_and_reads_are_audited(
    rt, import_un, add_customer, settings
):
    import_un(KARA)
    customer = add_customer(given_names="Hüseyin", surname="Zorlutuna", birth_date="1961-04-12")
    (hit,) = hits_of(rt, customer)
    review(rt, hit.id)
    with transaction(rt.session_factory) as session:
        (view,) = customer_hits(session, CTX, rt.vault, customer, "sanctions_screening")
        reads = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "screening:hit:read")).all()

    assert "huseyin=huseyin" in view["why"]
    assert view["review_reason"] == "Different person: other father."
    assert [(r.customer_ref, r.purpose) for r in reads] == [(customer, "sanctions_screening")]
    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            raw = connection.execute(text(
                "SELECT why_enc, review_reason_enc, match_key_bidx FROM screening_hits")).one()
    finally:
        engine.dispose()
    assert b"huseyin" not in raw[0] and b"father" not in raw[1]
    assert "UN/7001" not in raw[2] and len(raw[2]) == 64


def test_settings_come_from_the_environment():
    loaded = load_screening_settings({"KYC_SCREENING_RESCREEN_BATCH_SIZE": "250"})
    assert loaded.rescreen_batch_size == 250
    with pytest.raises(ConfigurationError):
        load_screening_settings({"KYC_SCREENING_RESCREEN_BATCH_SIZE": "many"})

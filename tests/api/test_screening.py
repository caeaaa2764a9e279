"""Screening through the API as officers use it, and as agents must never see it."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import select

from audits.models import AuditEntry
from audits.trail import AuditContext
from cases.alerts.models import Alert
from cases.casework.models import Case, CaseAlert
from cases.screening_store.commands import import_list_file
from cases.screening_store.settings import ScreeningServiceSettings
from tests.unit.cases.screening.list_writers import UnPerson, csv_list, un_xml

SANCTIONED = [
    UnPerson("8001", ["ŞENOL", "GÜNEŞ"], dates=[{"TYPE_OF_DATE": "EXACT", "DATE": "1952-06-01"}],
             nationalities=["Türkiye"]),
    UnPerson("8002", ["Usama", "Muhammed", "Awad", "BIN LADIN"],
             dates=[{"TYPE_OF_DATE": "EXACT", "DATE": "1957-03-10"}],
             nationalities=["Saudi Arabia"]),
    UnPerson("8003", ["Hüseyin", "Zorlutuna"]),
    UnPerson("8004", ["İsmail", "Çağrı", "Kahramanoğlu"]),
]
TR_GIVEN = ["Mehmet", "Ahmet", "Ali", "Mustafa", "Hasan", "Hüseyin", "İbrahim", "Emine", "Fatma"]
TR_SURNAMES = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın"]


def common_name_pep_list() -> bytes:
    """Hundreds of PEPs with common Turkish names, none exactly "Mehmet Yılmaz"."""
    rows = []
    for number, (first, middle, last) in enumerate(
        itertools.product(TR_GIVEN, [*TR_GIVEN, ""], TR_SURNAMES)
    ):
        if first != middle and (first, middle, last) != ("Mehmet", "", "Yılmaz"):
            name = " ".join(part for part in (first, middle, last) if part)
            rows.append((f"P{number}", name, "", str(1950 + number % 40), "TUR", "pep"))
    return csv_list(rows)


@pytest.fixture
def lists(rt, tmp_path: Path) -> None:
    ctx, settings = AuditContext("setup", "system"), ScreeningServiceSettings()
    un_path, pep_path = tmp_path / "un.xml", tmp_path / "pep.csv"
    un_path.write_bytes(un_xml(SANCTIONED))
    pep_path.write_bytes(common_name_pep_list())
    import_list_file(rt.session_factory, ctx, un_path, "un-xml", "UN", settings)
    import_list_file(rt.session_factory, ctx, pep_path, "csv", "PEP-TR", settings)


def check(client, auth, **body):
    return client.post("/api/v1/screening/check", json=body, headers=auth("compliance_officer"))


@pytest.mark.parametrize(("name", "entry_id"), [
    ("Senol Gunes", "8001"),                      # Turkish letters written in ASCII
    ("şenol güneş", "8001"),                      # lower case with Turkish letters
    ("GÜNEŞ, Şenol", "8001"),                     # reordered
    ("Usama Bin Ladin", "8002"),                  # missing middle names
    ("Usama Muhammed Awad Bin Ladn", "8002"),     # one letter missing
    ("Huseyin Zorlutana", "8003"),                # one letter wrong
    ("ISMAIL CAGRI KAHRAMANOGLU", "8004"),        # dotted capital I, ASCII fold
    ("Kahramanoğlu İsmail", "8004"),              # reordered and a middle name missing
])
def test_variants_of_listed_names_match_with_an_explanation(client, auth, lists, name,
                                                            entry_id):
    response = check(client, auth, name=name)

    assert response.status_code == 200, response.json
    hits = response.json["hits"]
    assert hits and hits[0]["entry_id"] == entry_id and hits[0]["list"] == "UN"
    assert hits[0]["score"] >= 80 and hits[0]["why"].startswith(("tokens", "transliterated"))
    assert set(response.json["lists"]) == {"UN", "PEP-TR"}


@pytest.mark.parametrize("name", ["Mehmet Yılmaz", "Ali", "Mehmet", "Ayşe Kaya", "Ali Veli",
                                  "Zeynep Kaya"])
def test_short_common_names_do_not_flood(client, auth, lists, name):
    response = check(client, auth, name=name)
    assert response.status_code == 200
    assert response.json["hits"] == []


def test_birth_date_and_nationality_qualify_the_score(client, auth, lists):
    plain = check(client, auth, name="Senol Gunes").json["hits"][0]
    agreeing = check(client, auth, name="Senol Gunes", birth_date="1952",
                     nationality="Türkiye").json["hits"][0]
    conflicting = check(client, auth, name="Senol Gunes", birth_date="1990-01-01",
                        nationality="DE").json["hits"]

    assert agreeing["score"] >= plain["score"]
    assert "birth year agrees" in agreeing["why"]
    assert conflicting == []
    common_with_birth_date = check(client, auth, name="Mehmet Ali Yılmaz", birth_date="1950")
    assert common_with_birth_date.json["hits"]


def test_invalid_qualifiers_are_422(client, auth, lists):
    bad_date = check(client, auth, name="Senol Gunes", birth_date="31.02.1952")
    bad_country = check(client, auth, name="Senol Gunes", nationality="Atlantis")
    assert (bad_date.status_code, bad_country.status_code) == (422, 422)
    assert "birth_date" in bad_date.json["errors"]
    assert "nationality" in bad_country.json["errors"]


def test_only_compliance_roles_may_check(client, auth, lists):
    for role in ("agent", "integration", "auditor"):
        response = client.post("/api/v1/screening/check", json={"name": "Senol Gunes"},
                               headers=auth(role))
        assert response.status_code == 403, role


def test_checks_are_audited_without_the_name(client, auth, lists, rt):
    check(client, auth, name="Senol Gunes", birth_date="1952")
    with rt.session_factory() as session:
        (entry,) = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "screening:name:check")).all()
    assert '"hits":1' in entry.details and "gunes" not in entry.details.lower()
    assert entry.purpose == "sanctions_screening"


def test_new_customer_is_screened_and_agents_never_learn_of_it(client, auth, lists,
                                                               make_customer):
    customer = make_customer(given_names="Şenol", surname="Güneş", birth_date="1952-06-01",
                             nationality="TUR")
    assert "screening" not in str(customer).lower() and "hit" not in customer

    hits = client.get(f"/api/v1/customers/{customer['id']}/screening-hits",
                      headers=auth("compliance_officer"))
    assert hits.status_code == 200
    (hit,) = hits.json["items"]
    assert (hit["list"], hit["entry_id"], hit["status"]) == ("UN", "8001", "open")
    assert "birth date 1952-06-01 agrees" in hit["why"]

    for role in ("agent", "integration", "auditor"):
        response = client.get(f"/api/v1/customers/{customer['id']}/screening-hits",
                              headers=auth(role))
        assert response.status_code == 404, role
        assert "8001" not in response.get_data(as_text=True)
        review = client.post(f"/api/v1/screening-hits/{hit['id']}/review", headers=auth(role),
                             json={"decision": "false_positive", "reason": "x"})
        assert review.status_code == 404, role
    as_agent = client.get(f"/api/v1/customers/{customer['id']}", headers=auth("agent"))
    assert as_agent.status_code == 200 and "8001" not in as_agent.get_data(as_text=True)


def test_review_records_who_when_and_why_once(client, auth, lists, make_customer, rt):
    customer = make_customer(given_names="Hüseyin", surname="Zorlutuna")
    (hit,) = client.get(f"/api/v1/customers/{customer['id']}/screening-hits",
                        headers=auth("compliance_officer")).json["items"]
    url = f"/api/v1/screening-hits/{hit['id']}/review"

    bad = client.post(url, json={"decision": "maybe", "reason": "x"},
                      headers=auth("compliance_officer"))
    reviewed = client.post(url, json={"decision": "false_positive",
                                      "reason": "Born in another city, different father."},
                           headers=auth("compliance_manager"))
    again = client.post(url, json={"decision": "confirmed", "reason": "no"},
                        headers=auth("compliance_officer"))
    missing = client.post("/api/v1/screening-hits/00000000-0000-0000-0000-000000000000/review",
                          json={"decision": "confirmed", "reason": "x"},
                          headers=auth("compliance_officer"))

    assert bad.status_code == 422
    assert reviewed.status_code == 200, reviewed.json
    body = reviewed.json
    assert body["status"] == "false_positive" and body["reviewed_by"] and body["reviewed_at"]
    assert body["review_reason"] == "Born in another city, different father."
    assert (again.status_code, again.json["code"]) == (409, "hit_already_reviewed")
    assert (missing.status_code, missing.json["code"]) == (404, "screening_hit_not_found")
    with rt.session_factory() as session:
        (entry,) = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "screening:hit:review")).all()
    assert entry.customer_ref == customer["id"] and "father" not in entry.details


def screening_alerts(client, headers, customer_id):
    response = client.get(f"/api/v1/alerts?customer_id={customer_id}&source=screening",
                          headers=headers)
    return sorted(a["status"] for a in response.json["items"])


def test_false_positive_is_whitelisted_only_once_a_second_person_approves(
        client, auth, lists, make_customer, make_token):
    customer = make_customer(given_names="Hüseyin", surname="Zorlutuna", email="h@example.com")
    hits_url = f"/api/v1/customers/{customer['id']}/screening-hits"
    officer = auth("compliance_officer")
    reviewer = {"Authorization": f"Bearer {make_token('compliance_officer', 'compliance_manager')}"}
    (hit,) = client.get(hits_url, headers=officer).json["items"]
    reviewed = client.post(f"/api/v1/screening-hits/{hit['id']}/review", headers=reviewer,
                           json={"decision": "false_positive", "reason": "Different person."})
    assert (reviewed.json["status"], reviewed.json["whitelist_status"]) == (
        "false_positive", "pending")
    (alert,) = client.get(f"/api/v1/alerts?customer_id={customer['id']}",
                          headers=officer).json["items"]
    client.post(f"/api/v1/alerts/{alert['id']}/close", json={"resolution": "false_positive"},
                headers=officer)

    patch = f"/api/v1/customers/{customer['id']}"
    client.patch(patch, json={"surname": "ZORLUTUNA"}, headers=auth("integration"))
    # Same normalised data, but one pair of eyes only: the match is raised again.
    assert screening_alerts(client, officer, customer["id"]) == ["closed", "open"]
    proposal = client.post("/api/v1/proposals/whitelist", headers=officer, json={
        "hit_id": hit["id"], "rationale": "Born elsewhere, other father."}).json
    approve = f"/api/v1/proposals/{proposal['id']}/approve"
    by_officer = client.post(approve, json={}, headers=officer)
    by_reviewer = client.post(approve, json={}, headers=reviewer)
    assert by_officer.status_code == 404  # officers never decide proposals
    assert (by_reviewer.status_code, by_reviewer.json["code"]) == (403,
                                                                    "four_eyes_reviewer")
    assert client.post(approve, json={}, headers=auth("compliance_manager")).status_code == 200
    (listed,) = client.get(hits_url, headers=officer).json["items"]
    assert (listed["status"], listed["whitelist_status"]) == ("false_positive", "approved")

    for alert in client.get(f"/api/v1/alerts?customer_id={customer['id']}&status=open",
                            headers=officer).json["items"]:
        client.post(f"/api/v1/alerts/{alert['id']}/close",
                    json={"resolution": "false_positive"}, headers=officer)
    client.patch(patch, json={"surname": "Zorlutuna"}, headers=auth("integration"))
    assert screening_alerts(client, officer, customer["id"]) == ["closed", "closed"]
    client.patch(patch, json={"birth_date": "1970-05-05"}, headers=auth("integration"))
    statuses = [h["status"] for h in client.get(hits_url, headers=officer).json["items"]]
    assert statuses == ["open", "false_positive"]  # the customer changed: raised again


def test_update_without_screened_fields_does_not_screen(client, auth, make_customer, rt,
                                                        tmp_path):
    customer = make_customer(given_names="Hüseyin", surname="Zorlutuna")
    path = tmp_path / "un.xml"
    path.write_bytes(un_xml(SANCTIONED))
    import_list_file(rt.session_factory, AuditContext("setup", "system"), path, "un-xml", "UN",
                     ScreeningServiceSettings())
    hits_url = f"/api/v1/customers/{customer['id']}/screening-hits"
    officer = auth("compliance_officer")

    client.patch(f"/api/v1/customers/{customer['id']}", json={"phone": "+905321112233"},
                 headers=auth("integration"))
    assert client.get(hits_url, headers=officer).json["items"] == []
    client.patch(f"/api/v1/customers/{customer['id']}", json={"given_names": "Huseyin"},
                 headers=auth("integration"))
    assert len(client.get(hits_url, headers=officer).json["items"]) == 1


def test_list_versions_are_visible_to_compliance_and_auditors(client, auth, lists):
    response = client.get("/api/v1/screening/lists", headers=auth("auditor"))
    assert response.status_code == 200
    assert sorted((v["name"], v["active"], v["format"]) for v in response.json["items"]) == [
        ("PEP-TR", True, "csv"), ("UN", True, "un-xml")]
    assert client.get("/api/v1/screening/lists", headers=auth("agent")).status_code == 403


def test_a_confirmed_match_escalates_the_customers_case(client, auth, lists, make_customer,
                                                        rt):
    customer = make_customer(given_names="Hüseyin", surname="Zorlutuna")
    (hit,) = client.get(f"/api/v1/customers/{customer['id']}/screening-hits",
                        headers=auth("compliance_officer")).json["items"]
    with rt.session_factory() as session:
        case = session.scalars(select(Case).where(Case.customer_id == customer["id"])).one()
        before = (case.priority, case.risk_score)
    assert before[1] < 100  # a fuzzy name match alone is not the top of the queue

    confirmed = client.post(f"/api/v1/screening-hits/{hit['id']}/review",
                            json={"decision": "confirmed", "reason": "Same person: passport."},
                            headers=auth("compliance_officer"))
    assert confirmed.status_code == 200, confirmed.json

    with rt.session_factory() as session:
        escalated = session.get(Case, case.id)
        codes = set(session.scalars(select(Alert.code).join(
            CaseAlert, CaseAlert.alert_id == Alert.id).where(CaseAlert.case_id == case.id)))
    assert (escalated.priority, escalated.risk_score) == ("critical", 100)
    assert "screening_sanctions_confirmed" in codes

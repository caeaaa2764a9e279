"""Every finding code, positive and negative, on plain values; and the decision table."""

from __future__ import annotations

from datetime import date

import pytest

from kyc_service.documents.kyc_status import derive_status
from kyc_service.documents.mrz import parse_mrz
from kyc_service.documents.verification import (
    VerificationSettings,
    address_findings,
    decide,
    document_findings,
    front_back_findings,
    names_agree,
    profile_findings,
)

SETTINGS = VerificationSettings()
AS_OF = date(2026, 11, 25)
VALID_ID = "10000000146"


def codes(findings):
    return {f["code"] for f in findings}


def mrz_of(lines):
    return parse_mrz(lines, today=AS_OF).to_dict()


SPECIMEN_TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]


@pytest.mark.parametrize("fields, expected", [
    ({"national_id": VALID_ID, "expiry_date": "2030-01-01", "birth_date": "1990-01-01"},
     set()),
    ({"national_id": "10000000147"}, {"national_id_invalid"}),
    ({"expiry_date": "2026-11-24"}, {"expired"}),
    ({"expiry_date": "2026-11-25"}, set()),  # valid through its last day
    ({"birth_date": "2008-11-26"}, {"underage"}),  # 18 tomorrow
    ({"birth_date": "2008-11-25"}, set()),  # 18 today
])
def test_document_intrinsic_findings(fields, expected):
    assert codes(document_findings("id_card", fields, None, False, AS_OF, SETTINGS)) == expected


def test_minimum_age_is_a_setting():
    fields = {"birth_date": "2005-06-01"}  # 21
    assert codes(document_findings("passport", fields, None, False, AS_OF,
                                   VerificationSettings(minimum_age=21))) == set()
    assert "underage" in codes(document_findings("passport", fields, None, False, AS_OF,
                                                 VerificationSettings(minimum_age=22)))


def test_mrz_unreadable_and_check_failed():
    assert codes(document_findings("id_card", {}, None, True, AS_OF, SETTINGS)) == {
        "mrz_unreadable"}
    corrupted = [SPECIMEN_TD3[0], SPECIMEN_TD3[1][:27] + "3" + SPECIMEN_TD3[1][28:]]
    mrz = mrz_of(corrupted)
    found = codes(document_findings("passport", {}, mrz, True, date(2010, 1, 1), SETTINGS))
    assert "mrz_check_failed" in found
    clean = codes(document_findings("passport", {}, mrz_of(SPECIMEN_TD3), True,
                                    date(2010, 1, 1), SETTINGS))
    assert "mrz_check_failed" not in clean and "mrz_unreadable" not in clean


def test_viz_mrz_mismatch_on_passports():
    mrz = mrz_of(SPECIMEN_TD3)
    same = {"surname": "ERIKSSON", "given_names": "ANNA MARIA", "birth_date": "1974-08-12",
            "passport_number": "L898902C3"}
    assert "viz_mrz_mismatch" not in codes(
        document_findings("passport", same, mrz, True, date(2010, 1, 1), SETTINGS))
    changed = {**same, "birth_date": "1974-08-21", "surname": "ERICSON"}
    found = document_findings("passport", changed, mrz, True, date(2010, 1, 1), SETTINGS)
    mismatch = next(f for f in found if f["code"] == "viz_mrz_mismatch")
    assert set(mismatch["fields"]) == {"birth_date", "surname"}


def test_front_back_mismatch_tolerates_transliteration_and_truncation():
    back = {"surname": "CAGLAYANGIL", "given_names": "MUSTAFA IHSAN SEREFETT",
            "birth_date": "1985-03-02", "national_id": VALID_ID, "document_number": "A12B34567"}
    front = {"surname": "ÇAĞLAYANGİL", "given_names": "Mustafa İhsan Şerefettin",
             "birth_date": "1985-03-02", "national_id": VALID_ID,
             "document_number": "A12B34567"}
    assert front_back_findings(front, back, SETTINGS) == []
    other = {**front, "national_id": "12345678028"}
    assert front_back_findings(other, back, SETTINGS)[0]["fields"] == ["national_id"]


@pytest.mark.parametrize("document, profile, expected", [
    ({"given_names": "İSMAİL", "surname": "ŞAHİN", "birth_date": "1990-04-12"},
     {"given_names": "İsmail", "surname": "Şahin", "birth_date": "1990-04-12"}, set()),
    ({"given_names": "ISMAIL", "surname": "SAHIN", "birth_date": "1990-04-12"},  # MRZ form
     {"given_names": "İsmail", "surname": "Şahin", "birth_date": "1990-04-12"}, set()),
    ({"given_names": "AYŞE NUR", "surname": "YILMAZ", "birth_date": "1990-04-12"},
     {"given_names": "Ayşe", "surname": "Yılmaz", "birth_date": "1990-04-12"}, set()),
    ({"given_names": "AYŞE", "surname": "YILMAZ", "birth_date": "1990-04-12"},
     {"given_names": "Fatma", "surname": "Yılmaz", "birth_date": "1990-04-12"},
     {"name_mismatch"}),
    ({"given_names": "AYŞE", "surname": "YILMAZ", "birth_date": "1990-04-21"},
     {"given_names": "Ayşe", "surname": "Yılmaz", "birth_date": "1990-04-12"},
     {"birth_date_mismatch"}),
])
def test_profile_findings(document, profile, expected):
    assert codes(profile_findings(document, profile, SETTINGS)) == expected


def test_address_proof_recency_and_holder_name():
    profile = {"given_names": "Gülşen", "surname": "Öztürk"}
    fresh = {"full_name": "GÜLŞEN ÖZTÜRK", "issue_date": "2026-09-01"}
    assert address_findings(fresh, profile, AS_OF, SETTINGS) == []
    stale = {**fresh, "issue_date": "2026-08-26"}  # 91 days
    assert codes(address_findings(stale, profile, AS_OF, SETTINGS)) == {"stale_address_proof"}
    boundary = {**fresh, "issue_date": "2026-08-27"}  # 90 days
    assert address_findings(boundary, profile, AS_OF, SETTINGS) == []
    other = {**fresh, "full_name": "Hasan Kaya"}
    assert codes(address_findings(other, profile, AS_OF, SETTINGS)) == {
        "address_name_mismatch"}


def test_names_agree_is_not_fooled_by_short_overlaps():
    assert names_agree("Ali Veli", "Veli Ali", 88)
    assert not names_agree("Mehmet Kaya", "Ahmet Kaya", 88)


@pytest.mark.parametrize("quality, found, decision", [
    (True, [], "accepted"),
    (False, [], "rejected"),
    (True, [{"code": "expired"}], "rejected"),
    (True, [{"code": "name_mismatch"}], "needs_review"),
    (True, [{"code": "document_reused"}, {"code": "expired"}], "rejected"),
    (True, [{"code": "something_new"}], "needs_review"),  # unknown codes fail closed
])
def test_decision_table(quality, found, decision):
    assert decide(quality, found) == decision


@pytest.mark.parametrize("latest, status", [
    ({}, "unverified"),
    ({("id_card", "front"): "processing"}, "pending"),
    ({("id_card", "front"): "accepted", ("id_card", "back"): "accepted",
      ("address_proof", "page"): "accepted"}, "verified"),
    ({("passport", "data_page"): "accepted", ("address_proof", "page"): "accepted"},
     "verified"),
    ({("id_card", "front"): "accepted", ("address_proof", "page"): "accepted"}, "unverified"),
    ({("id_card", "front"): "rejected", ("passport", "data_page"): "accepted",
      ("address_proof", "page"): "accepted"}, "verified"),
    ({("passport", "data_page"): "rejected"}, "rejected"),
    ({("passport", "data_page"): "needs_review"}, "needs_review"),
])
def test_kyc_status(latest, status):
    assert derive_status(latest)[0] == status

"""`kyc screening ...` as a compliance administrator runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from audits.trail import AuditContext
from cases.screening_store.models import ScreeningHit
from kyc_service.cli import cli
from kyc_service.core.db import transaction
from tests.support.factories import customer_payload
from tests.unit.cases.screening.list_writers import UnPerson, un_xml

LISTED = [
    UnPerson("9001", ["Şenol", "Güneş"], dates=[{"TYPE_OF_DATE": "EXACT", "DATE": "1952-06-01"}],
             nationalities=["Türkiye"]),
    UnPerson("9002", ["Hüseyin", "Zorlutuna"]),
]


def invoke(app, *args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app),
                              input=stdin)


@pytest.fixture
def un_file(tmp_path: Path) -> Path:
    path = tmp_path / "un.xml"
    path.write_bytes(un_xml(LISTED))
    return path


def test_import_rescreens_everyone_with_progress(app, rt, un_file):
    with transaction(rt.session_factory) as session:
        for number in range(1, 5):
            overrides = {"given_names": "Hüseyin", "surname": "Zorlutuna"} if number == 3 else {}
            rt.customers.create(session, AuditContext.system(),
                                customer_payload(number, **overrides))

    result = invoke(app, "screening", "import", str(un_file), "--format", "un-xml",
                    "--list", "UN")

    assert result.exit_code == 0, result.output
    assert "UN: imported 2 entries as version" in result.stdout
    assert "4 customers screened, 1 new hits" in result.stderr
    assert "Re-screened 4 customers" in result.stdout and "1 new hits" in result.stdout
    with rt.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(ScreeningHit)) == 1
    again = invoke(app, "screening", "import", str(un_file), "--format", "un-xml",
                   "--list", "UN")
    assert "is already in force; nothing changed" in again.stdout
    assert "Re-screen" not in again.output
    listed = invoke(app, "screening", "lists")
    assert listed.stdout.startswith("* UN") and "un-xml" in listed.stdout


def test_malformed_file_names_the_element_and_keeps_the_version_in_force(app, un_file,
                                                                         tmp_path):
    assert invoke(app, "screening", "import", str(un_file), "--format", "un-xml",
                  "--list", "UN").exit_code == 0
    broken = tmp_path / "broken.xml"
    broken.write_text(un_file.read_text().replace("<DATAID>9002</DATAID>", "<DATAID/>"))
    truncated = tmp_path / "truncated.xml"
    truncated.write_text(un_file.read_text()[:400])

    for path, location in ((broken, "<INDIVIDUAL>"), (truncated, "line ")):
        result = invoke(app, "screening", "import", str(path), "--format", "un-xml",
                        "--list", "UN")
        assert result.exit_code == 1
        assert "list_malformed" in result.output and location in result.output
        assert "Nothing was imported; UN stays at version" in result.output
    check = invoke(app, "screening", "check", "--input", "-", "--format", "json",
                   stdin="full_name,birth_date,nationality\nHuseyin Zorlutuna,,\n")
    assert json.loads(check.stdout)["hits"][0]["entry_id"] == "9002"


def test_batch_check_prints_one_json_object_per_line(app, un_file, tmp_path):
    invoke(app, "screening", "import", str(un_file), "--format", "un-xml", "--list", "UN")
    people = tmp_path / "people.csv"
    people.write_text(
        "full_name,birth_date,nationality\n"
        "Senol Gunes,1952,Türkiye\n"
        "GÜNEŞ Şenol,1952-06-01,TR\n"
        "Ayşe Kaya,1990-01-01,TUR\n"
        "Şenol Güneş,1990,DE\n", encoding="utf-8")

    result = invoke(app, "screening", "check", "--input", str(people), "--format", "json")

    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["line"] for row in rows] == [2, 3, 4, 5]
    first, reordered, unrelated, conflicting = rows
    assert [hit["entry_id"] for hit in first["hits"]] == ["9001"]
    assert set(first["hits"][0]) == {"list", "entry_id", "name", "score", "why"}
    assert first["hits"][0]["list"] == "UN" and "birth year agrees" in first["hits"][0]["why"]
    assert reordered["hits"][0]["score"] >= first["hits"][0]["score"]
    assert unrelated["hits"] == [] and conflicting["hits"] == []


def test_bad_rows_are_reported_by_line_and_the_rest_still_run(app, un_file, tmp_path):
    invoke(app, "screening", "import", str(un_file), "--format", "un-xml", "--list", "UN")
    people = tmp_path / "people.csv"
    people.write_text("full_name,birth_date,nationality\n"
                      "Senol Gunes,,\n"
                      "Hüseyin Zorlutuna,31.02.1961,TR\n"
                      "\n"
                      "Hüseyin Zorlutuna,,Atlantis\n"
                      ",1970,TR\n"
                      "Huseyin Zorlutuna,1961\n", encoding="utf-8")

    result = invoke(app, "screening", "check", "--input", str(people), "--format", "json")

    assert result.exit_code == 1
    rows = {row["line"]: row for row in map(json.loads, result.stdout.splitlines())}
    assert rows[2]["hits"][0]["entry_id"] == "9001"
    assert "bad birth_date" in rows[3]["error"]
    assert "Atlantis" in rows[5]["error"] and "empty" in rows[6]["error"]
    assert "expected 3 fields" in rows[7]["error"]
    assert f"{people}: line 3: bad birth_date" in result.stderr


def test_wrong_header_is_a_clear_error(app, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,dob\nSenol Gunes,1952\n", encoding="utf-8")
    result = invoke(app, "screening", "check", "--input", str(people))
    assert result.exit_code == 1
    assert "line 1: header must be full_name,birth_date,nationality" in result.output
    assert "no screening list is imported" not in result.stdout

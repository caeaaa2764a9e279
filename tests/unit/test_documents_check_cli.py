"""`kyc documents check` runs the pipeline offline and reports one JSON line per file."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kyc_service.cli_documents import documents_group
from tests.support.identity_docs import identity, photo_of
from tests.support.uploads import photo


def run(*args: str):
    return CliRunner().invoke(documents_group, ["check", *args])


def test_good_and_bad_photos_with_exit_status(tmp_path):
    good = tmp_path / "good.jpg"
    good.write_bytes(photo_of(identity(44), "passport", "data_page"))
    glare = tmp_path / "glare.jpg"
    glare.write_bytes(photo("passport", "data_page", "glare", 2))
    result = run(str(good), "--kind", "passport", "--side", "data_page")
    assert result.exit_code == 0, result.output
    line = json.loads(result.output)
    assert set(line) == {"file", "kind", "side", "decision", "quality", "fields", "mrz",
                         "findings", "elapsed_ms"}
    assert line["decision"] == "accepted" and line["quality"]["passed"] is True
    result = run(str(good), str(glare), "--kind", "passport", "--side", "data_page",
                 "--as-of", "2026-01-31")
    assert result.exit_code == 1
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert [x["decision"] for x in lines] == ["accepted", "rejected"]
    issue = lines[1]["quality"]["issues"][0]
    assert issue["code"] == "glare" and set(issue["guidance"]) == {"tr", "en"}


def test_unreadable_file_is_a_rejection_with_a_reason(tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image at all")
    result = run(str(broken), "--kind", "id_card", "--side", "front")
    assert result.exit_code == 1
    assert json.loads(result.output)["findings"][0]["code"] == "unsupported_file_type"


def test_usage_errors_exit_2(tmp_path):
    good = tmp_path / "good.jpg"
    good.write_bytes(b"x")
    assert run(str(good), "--kind", "id_card", "--side", "data_page").exit_code == 2
    assert run(str(good), "--kind", "visa", "--side", "front").exit_code == 2
    assert run(str(tmp_path / "missing.jpg"), "--kind", "id_card",
               "--side", "front").exit_code == 2
    assert run(str(good), "--kind", "id_card", "--side", "front",
               "--as-of", "31.01.2026").exit_code == 2

"""`kyc audit keygen/checkpoint/export/verify-bundle/verify-log` end to end."""

from __future__ import annotations

import zipfile

from click.testing import CliRunner
from flask.cli import ScriptInfo

from audits.signing import signing_key_path
from audits.tags import AuditAction
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.cli import cli
from kyc_service.core.db import transaction
from tests.support.db import without_audit_guards


def kyc(app, *args: str):
    return CliRunner().invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))


def append(rt, count: int) -> None:
    with transaction(rt.session_factory) as session:
        for index in range(count):
            record(session, AuditContext.system(), AuditEvent(
                AuditAction.CUSTOMER_PII_READ, object_type="customer", object_id=f"c-{index}",
                customer_ref=f"c-{index % 3}", details={"n": index}))


def test_export_and_offline_verification_through_the_cli(app, rt, tmp_path):
    assert kyc(app, "audit", "keygen").exit_code == 0
    assert signing_key_path(rt.settings.key_file).stat().st_mode & 0o777 == 0o600
    key = tmp_path / "key.pem"
    key.write_text(kyc(app, "audit", "public-key").output)
    append(rt, 20)
    kept = tmp_path / "kept.txt"
    kept.write_text(kyc(app, "audit", "checkpoint").output)
    append(rt, 5)
    bundle = tmp_path / "export.zip"
    result = kyc(app, "audit", "export", "--output", str(bundle), "--format", "csv",
                 "--customer-ref", "c-1")
    assert result.exit_code == 0, result.output
    result = kyc(app, "audit", "verify-bundle", str(bundle), "--public-key", str(key),
                 "--checkpoint", str(kept))
    assert result.exit_code == 0, result.output
    assert "OK: 9 entries" in result.output and "consistency with your checkpoint" in result.output

    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "entries.csv":
                data = data.replace(b"c-1,", b"c-2,", 1)
            target.writestr(item.filename, data)
    result = kyc(app, "audit", "verify-bundle", str(tampered), "--public-key", str(key))
    assert result.exit_code == 1 and "FAILED (files)" in result.output


def test_verify_log_against_a_kept_checkpoint_names_the_bad_entry(app, rt, tmp_path):
    kyc(app, "audit", "keygen")
    append(rt, 12)
    kept = tmp_path / "kept.txt"
    kept.write_text(kyc(app, "audit", "checkpoint").output)
    append(rt, 3)
    result = kyc(app, "audit", "verify-log", "--checkpoint", str(kept))
    assert result.exit_code == 0 and "checkpoint of 12 entries" in result.output
    without_audit_guards(rt.engine, "UPDATE audit_entries SET outcome = 'denied' WHERE seq = 4")
    result = kyc(app, "audit", "verify-log", "--checkpoint", str(kept))
    assert result.exit_code == 1 and "BROKEN at entry 4" in result.output

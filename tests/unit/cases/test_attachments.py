"""Evidence files on cases: sniffed by content, sealed in the blob store, all or nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from sqlalchemy import select

from audits.models import AuditEntry
from audits.trail import AuditContext
from cases.casework import intake
from cases.casework.attachment_models import CaseAttachment
from cases.casework.attachment_types import sniff_attachment
from cases.casework.attachments import (
    CaseAttachments,
    Upload,
    attachment_views,
    clean_file_name,
    download_name,
)
from cases.casework.models import Case, CaseEvent
from cases.casework.records import CaseText
from cases.casework.settings import CaseSettings
from kyc_service.core.db import transaction
from kyc_service.core.errors import (
    ConfigurationError,
    Conflict,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
)
from tests.support.cases import case_from_alert


def pdf_bytes() -> bytes:
    document = pypdfium2.PdfDocument.new()
    document.new_page(200, 300)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 20, 20)).save(buffer, format=fmt)
    return buffer.getvalue()


ACCEPTED = [
    (pdf_bytes(), "application/pdf"),
    (image_bytes("PNG"), "image/png"),
    (image_bytes("JPEG"), "image/jpeg"),
    (b"Called the bank; they confirm the transfer.\n", "text/plain; charset=utf-8"),
    ("tarih;tutar;açıklama\n01.02.2026;15000;EFT\n".encode(), "text/csv; charset=utf-8"),
    ("Müşteri İğdır şubesinden aradı\r\n".encode("windows-1254"),
     "text/plain; charset=windows-1254"),
    (b"\xef\xbb\xbfid,amount\n1,20\n2,30\n", "text/csv; charset=utf-8"),
]
REFUSED = [
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40, "attachment_type_unsupported"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 40, "attachment_type_unsupported"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 40, "attachment_type_unsupported"),
    (b"%PDF-1.7\nPK\x03\x04 not really a pdf", "attachment_corrupt"),
    (image_bytes("PNG")[:60], "attachment_corrupt"),
    (b"", "attachment_empty"),
]


@pytest.mark.parametrize(("data", "media_type"), ACCEPTED)
def test_accepted_types_are_recognised_from_the_bytes(data, media_type):
    assert sniff_attachment(data) == media_type


@pytest.mark.parametrize(("data", "code"), REFUSED)
def test_archives_executables_and_damaged_files_are_refused(data, code):
    with pytest.raises((UnsupportedMediaType, ValidationFailed)) as caught:
        sniff_attachment(data)
    assert caught.value.code == code


def test_file_names_are_cleaned_and_downloads_carry_the_sniffed_extension():
    assert clean_file_name("C:\\fakepath\\hesap özeti.pdf") == "hesap özeti.pdf"
    assert clean_file_name('../../etc/"pass\nwd".txt') == "passwd.txt"
    assert clean_file_name("   ") is None
    assert download_name("ekstre.PDF", "application/pdf", "abc") == "ekstre.PDF"
    assert download_name("invoice.exe", "application/pdf", "abc") == "invoice.exe.pdf"
    assert download_name(None, "text/csv; charset=utf-8", "0123456789") == \
        "attachment-01234567.csv"


def test_the_size_limit_is_a_setting():
    assert CaseSettings().attachment_max_bytes == 10 * 1024 * 1024
    assert CaseSettings.from_environ({"KYC_CASE_ATTACHMENT_MAX_BYTES": "2048"}
                                     ).attachment_max_bytes == 2048
    with pytest.raises(ConfigurationError):
        CaseSettings.from_environ({"KYC_CASE_ATTACHMENT_MAX_BYTES": "0"})


# --- with a database -------------------------------------------------------------------

SECRET = b"IBAN TR33 0006 1005 1978 6457 8413 26 belongs to Ayse Yilmaz\n"
NAME = "yilmaz-hesap-dokumu.txt"


@pytest.fixture
def case_id(rt, make_customer):
    return case_from_alert(rt, make_customer()["id"])


def service(rt, max_bytes: int = 10_000) -> CaseAttachments:
    return CaseAttachments(rt.vault, rt.storage, CaseSettings(attachment_max_bytes=max_bytes))


def blobs(rt) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in Path(rt.settings.storage_dir).rglob("*")
            if p.is_file()}


def attach(rt, case_id, data=SECRET, name=NAME, **kwargs):
    with transaction(rt.session_factory) as session:
        return service(rt, **kwargs).attach(session, AuditContext.system(), CaseText(rt.vault),
                                            case_id, Upload(data, name, "from the bank"))


def test_a_file_is_sealed_at_rest_and_comes_back_byte_for_byte(rt, case_id):
    view = attach(rt, case_id)
    assert view["media_type"] == "text/plain" and view["size_bytes"] == len(SECRET)
    assert view["file_name"] == NAME and view["description"] == "from the bank"
    [stored] = blobs(rt).values()
    assert b"IBAN" not in stored and b"Yilmaz" not in stored
    with rt.engine.connect() as connection:
        row = connection.execute(select(CaseAttachment.__table__)).one()
    raw = b"".join(v if isinstance(v, bytes) else str(v).encode() for v in row)
    assert b"yilmaz" not in raw and b"from the bank" not in raw and b"IBAN" not in raw
    with transaction(rt.session_factory) as session:
        download = service(rt).download(session, AuditContext.system(), CaseText(rt.vault),
                                        case_id, view["id"])
        events = session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case_id))
        assert "attachment_added" in list(events)
    assert download.data == SECRET and download.file_name == NAME
    assert download.media_type == "text/plain; charset=utf-8"
    with rt.session_factory() as session:
        tags = list(session.scalars(select(AuditEntry.action).where(
            AuditEntry.object_id == case_id)))
    assert "case:attachment:add" in tags and "case:attachment:download" in tags


def test_a_rolled_back_transaction_leaves_no_blob_behind(rt, case_id):
    with pytest.raises(RuntimeError), transaction(rt.session_factory) as session:
        service(rt).attach(session, AuditContext.system(), CaseText(rt.vault), case_id,
                           Upload(SECRET, NAME))
        assert len(blobs(rt)) == 1  # stored before the row is flushed...
        raise RuntimeError("the request failed later on")
    assert blobs(rt) == {}  # ...and deleted again by the rollback
    with rt.session_factory() as session:
        assert session.scalars(select(CaseAttachment)).all() == []


def test_refusals_store_nothing(rt, case_id):
    with pytest.raises(PayloadTooLarge) as too_large:
        attach(rt, case_id, data=b"x" * 101, max_bytes=100)
    assert too_large.value.code == "attachment_too_large"
    with pytest.raises(UnsupportedMediaType):
        attach(rt, case_id, data=b"MZ\x00\x00" * 10, name="statement.pdf")
    attach(rt, case_id)
    with pytest.raises(Conflict) as duplicate:
        attach(rt, case_id, name="the same file again.txt")
    assert duplicate.value.code == "attachment_duplicate"
    assert len(blobs(rt)) == 1
    with transaction(rt.session_factory) as session:
        session.get(Case, case_id).status = "closed"
    with pytest.raises(Conflict) as closed:
        attach(rt, case_id, data=b"another note\n")
    assert closed.value.code == "attachment_case_closed"
    with rt.session_factory() as session:
        assert len(session.scalars(select(CaseAttachment)).all()) == 1
    assert len(blobs(rt)) == 1


def test_a_merge_moves_the_files_to_the_surviving_case(rt, case_id, make_customer):
    """The target lists and serves the merged case's files (sealed with the merged
    customer's key, unchanged); a file both cases have stays listed on each."""
    target = case_id
    source = case_from_alert(rt, make_customer()["id"], score=40)
    shared = b"the same bank export on both cases\n"
    moving = attach(rt, source, data=b"only on the merged case\n", name="merged.txt")
    attach(rt, source, data=shared, name="copy.txt")
    own = attach(rt, target)
    kept = attach(rt, target, data=shared, name="copy.txt")
    with transaction(rt.session_factory) as session:
        versions = {c.id: c.version for c in session.scalars(select(Case))}
        intake.merge_cases(session, AuditContext("officer-1", "compliance_officer"),
                           CaseSettings(), source, versions[source], target, versions[target])

    with transaction(rt.session_factory) as session:
        listed = attachment_views(session, CaseText(rt.vault), session.get_one(Case, target))
        left = attachment_views(session, CaseText(rt.vault), session.get_one(Case, source))
        download = service(rt).download(session, AuditContext.system(), CaseText(rt.vault),
                                        target, moving["id"])
        with pytest.raises(NotFound):
            service(rt).download(session, AuditContext.system(), CaseText(rt.vault), source,
                                 moving["id"])
        merged_in = session.scalars(select(CaseEvent.details_json).where(
            CaseEvent.case_id == target, CaseEvent.kind == "merged_in")).one()
    assert {a["id"] for a in listed} == {own["id"], kept["id"], moving["id"]}
    assert {a["file_name"] for a in listed} == {NAME, "copy.txt", "merged.txt"}
    assert [a["file_name"] for a in left] == ["copy.txt"]  # the target has this file
    assert download.data == b"only on the merged case\n" and download.file_name == "merged.txt"
    assert moving["id"] in merged_in
    with rt.session_factory() as session:
        downloads = session.scalars(select(AuditEntry.object_id).where(
            AuditEntry.action == "case:attachment:download")).all()
        merge = session.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "case:record:merge")).one()
    assert downloads == [target] and '"attachments_moved":1' in merge.replace(" ", "")

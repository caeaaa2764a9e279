"""The STR PDF renderer on its own (no Flask, no database): long reports page with
"page X of Y", the bytes depend on the report only, and missing fonts are named."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cases.casework.settings import CaseSettings
from cases.casework.str_pdf import ReportLocale, ReportWords, render_str_pdf
from cases.casework.str_report import FourEyes, StrReport, Subject
from kyc_service.core.errors import ConfigurationError
from tests.api.test_str_pdf import pdf_text

DECIDED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def locale() -> ReportLocale:
    words = {f.name: f.name.upper() for f in dataclasses.fields(ReportWords)}
    words.update(page_of="Page %(page)s of %(pages)s", watermark="DRAFT",
                 filed_as="Filed %(date)s as %(reference)s")
    return ReportLocale(language="en", words=ReportWords(**words),
                        when=lambda value: value.strftime("%Y-%m-%d %H:%M"),
                        money=lambda amount: amount, red_flag_names={}, document_names={},
                        document_verdicts={}, directions={"deposit": "Deposit"})


def report(transactions: int, filed: bool = False, operator: str = "") -> StrReport:
    rows = [{"id": str(n), "external_id": f"op-{n:04d}", "customer_id": "c-1",
             "kind": "deposit", "amount": "100.00", "currency": "TRY", "method": "card",
             "occurred_at": DECIDED.isoformat()} for n in range(transactions)]
    draft = {"case_id": "5f1c0d2e-0000-4000-8000-000000000001", "version": 2,
             "decided_at": DECIDED, "updated_at": DECIDED, "filing_due_at": DECIDED,
             "filed_at": DECIDED if filed else None,
             "filing_reference": "MASAK-1" if filed else None, "overdue": False,
             "narrative": "Iğdır şubesinden yatırımlar.",
             "facts": {"subjects": ["c-1"], "documents_checked": [], "transactions": rows,
                       "totals": [{"kind": "deposit", "currency": "TRY", "count": transactions,
                                   "amount": f"{100 * transactions}.00"}],
                       "red_flags": []}}
    subject = Subject("c-1", "Gülşen Işıkçı", "p-1", None, None, "TUR", None)
    return StrReport(operator, draft, (subject,),
                     FourEyes("officer-1", DECIDED, "manager-1", DECIDED))


def test_a_long_report_pages_and_the_same_report_gives_the_same_bytes():
    first = render_str_pdf(report(120), locale())
    assert render_str_pdf(report(120), locale()) == first
    text = pdf_text(first)
    assert "Page 1 of 4" in text and "Page 4 of 4" in text
    assert text.count("TIME DIRECTION AMOUNT") == 3  # headings repeat on each page
    assert "Deposit 120 12000.00 TRY" in text and "Gülşen Işıkçı" in text
    assert "DRAFT" in text and "NOT_FILED" in text


def test_the_operator_named_in_the_settings_heads_every_page():
    settings = CaseSettings.from_environ({"KYC_CASE_OPERATOR_NAME": " Örnek Bahis A.Ş. "})
    assert settings.operator_name == "Örnek Bahis A.Ş."
    text = pdf_text(render_str_pdf(report(120, operator=settings.operator_name), locale()))
    assert text.count("Örnek Bahis A.Ş.") == 4 + 1  # each page's header, and the overview


def test_a_filed_report_says_so_and_loses_the_watermark():
    text = pdf_text(render_str_pdf(report(1, filed=True), locale()))
    assert "Filed 2026-03-02 09:30 as MASAK-1" in text
    assert "DRAFT" not in text and "DRAFT_BANNER" not in text


def test_missing_fonts_are_a_configuration_error(tmp_path: Path):
    with pytest.raises(ConfigurationError) as error:
        render_str_pdf(report(1), locale(), font_dir=tmp_path)
    assert error.value.code == "pdf_fonts_missing" and "fonts-dejavu-core" in error.value.detail

"""The suspicious-transaction report as a PDF, for the regulator or the paper file.

Pure rendering (fpdf2 with the DejaVu fonts, which carry the Turkish letters İ Ş Ğ ı):
no database, no Flask. Texts, date and number formats come in as a `ReportLocale` built
by the caller from its translation catalogue, so the one Turkish catalogue of the pages
stays the only place a Turkish word lives. The same report and locale give the same
bytes: the PDF's creation date is the draft's last change, not the time of download.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from cases.casework.str_report import StrReport, Subject
from kyc_service.core.errors import ConfigurationError

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core
FONT = "DejaVu"
HEADINGS = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
RED, GREY, BLACK = (176, 0, 32), (110, 110, 110), (0, 0, 0)


@dataclass(frozen=True)
class ReportWords:
    """Every word the report prints, in one language.

    `page_of` takes %(page)s and %(pages)s; `filed_as` %(date)s and %(reference)s.
    """

    title: str
    draft_banner: str
    watermark: str
    filed_as: str
    operator: str
    case: str
    decided: str
    filing_due: str
    overdue: str
    filed: str
    not_filed: str
    version: str
    subjects: str
    customer_id: str
    full_name: str
    player_ref: str
    birth_date: str
    national_id: str
    nationality: str
    address: str
    documents_checked: str
    document: str
    verdict: str
    processed: str
    transactions: str
    time: str
    direction: str
    amount: str
    method: str
    reference: str
    totals: str
    count: str
    red_flags: str
    code: str
    name: str
    score: str
    seen: str
    explanation: str
    narrative: str
    four_eyes: str
    proposed_by: str
    approved_by: str
    none: str
    page_of: str


@dataclass(frozen=True)
class ReportLocale:
    """The words, how to show times and sums, and names for codes (rule codes,
    documents as "kind/side", verdicts, transaction kinds); unknown codes print as is."""

    language: str
    words: ReportWords
    when: Callable[[datetime], str]
    money: Callable[[str], str]
    red_flag_names: Mapping[str, str]
    document_names: Mapping[str, str]
    document_verdicts: Mapping[str, str]
    directions: Mapping[str, str]


class _Pdf(FPDF):
    """FPDF with the report's running header (banner), watermark and page footer."""

    def __init__(self, report: StrReport, loc: ReportLocale) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report, self.loc, self.words = report, loc, loc.words
        self.filed = report.draft.get("filed_at") is not None

    def header(self) -> None:
        words, draft = self.words, self.report.draft
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        self.cell(self.epw / 2, 5, text=self.report.operator)
        self.cell(self.epw / 2, 5, text=f"{words.case} {str(draft['case_id'])[:8]}",
                  align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "B", 9)
        self.set_text_color(*(GREY if self.filed else RED))
        self.cell(0, 5, text=_filing(self.loc, draft) if self.filed else words.draft_banner,
                  new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*BLACK)
        self.ln(3)

    def footer(self) -> None:
        if not self.filed:  # drawn last and translucent, so no table hides it
            with self.local_context(fill_opacity=0.12, text_color=GREY):
                self.set_font(FONT, "B", 72)
                with self.rotation(45, x=self.w / 2, y=self.h / 2):
                    self.text(self.w / 2 - self.get_string_width(self.words.watermark) / 2,
                              self.h / 2, self.words.watermark)
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, text=self.words.page_of % {"page": self.page_no(),
                                                   "pages": self.str_alias_nb_pages},
                  align="C")


def _when(loc: ReportLocale, value: Any) -> str:
    if value is None or value == "":
        return loc.words.none
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return loc.when(value)


def _filing(loc: ReportLocale, draft: Mapping[str, Any]) -> str:
    if draft.get("filed_at") is None:
        return loc.words.not_filed
    return loc.words.filed_as % {"date": _when(loc, draft["filed_at"]),
                                 "reference": draft.get("filing_reference") or ""}


def _sum(loc: ReportLocale, row: Mapping[str, Any]) -> str:
    return f"{loc.money(row['amount'])} {row['currency']}"


def _section(pdf: _Pdf, title: str) -> None:
    pdf.ln(4)
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 7, text=title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)


def _pairs(pdf: _Pdf, rows: Sequence[tuple[str, str]]) -> None:
    with pdf.table(col_widths=(2, 5), borders_layout="NONE", first_row_as_headings=False,
                   text_align="LEFT", line_height=5) as table:
        for key, value in rows:
            row = table.row()
            row.cell(key, style=FontFace(emphasis="BOLD"))
            row.cell(value)


def _grid(pdf: _Pdf, headings: Sequence[str], rows: Sequence[Sequence[str]],
          widths: Sequence[int]) -> None:
    if not rows:
        pdf.cell(0, 5, text=pdf.words.none, new_x="LMARGIN", new_y="NEXT")
        return
    with pdf.table(col_widths=tuple(widths), headings_style=HEADINGS, text_align="LEFT",
                   line_height=5, repeat_headings=1) as table:
        for values in (headings, *rows):
            row = table.row()
            for value in values:
                row.cell(value)


def _overview(pdf: _Pdf) -> None:
    loc, words, draft = pdf.loc, pdf.words, pdf.report.draft
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, text=words.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    due = _when(loc, draft["filing_due_at"])
    if draft.get("overdue"):
        due = f"{due} · {words.overdue}"
    _pairs(pdf, [(words.operator, pdf.report.operator or words.none),
                 (words.case, str(draft["case_id"])),
                 (words.decided, _when(loc, draft["decided_at"])),
                 (words.filing_due, due), (words.filed, _filing(loc, draft)),
                 (words.version, str(draft["version"]))])


def _subject_rows(words: ReportWords, subject: Subject) -> list[tuple[str, str]]:
    values = [(words.full_name, subject.full_name), (words.customer_id, subject.customer_id),
              (words.player_ref, subject.external_ref), (words.birth_date, subject.birth_date),
              (words.national_id, subject.national_id),
              (words.nationality, subject.nationality), (words.address, subject.address)]
    return [(key, value or words.none) for key, value in values]


def _facts(pdf: _Pdf) -> None:
    loc, words, facts = pdf.loc, pdf.words, pdf.report.draft["facts"]
    _section(pdf, words.subjects)
    for subject in pdf.report.subjects:
        _pairs(pdf, _subject_rows(words, subject))
        pdf.ln(2)
    _section(pdf, words.documents_checked)
    _grid(pdf, (words.document, words.verdict, words.processed, words.customer_id), [
        (loc.document_names.get(f"{d['kind']}/{d['side']}", f"{d['kind']} {d['side']}"),
         loc.document_verdicts.get(d["status"], d["status"]),
         _when(loc, d["processed_at"]), str(d["customer_id"])[:8])
        for d in facts["documents_checked"]], (4, 3, 3, 2))
    _section(pdf, words.transactions)
    _grid(pdf, (words.time, words.direction, words.amount, words.method, words.reference), [
        (_when(loc, t["occurred_at"]), loc.directions.get(t["kind"], t["kind"]), _sum(loc, t),
         t["method"] or words.none, t["external_id"]) for t in facts["transactions"]],
        (3, 2, 3, 2, 3))
    pdf.ln(2)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, text=words.totals, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    _grid(pdf, (words.direction, words.count, words.amount), [
        (loc.directions.get(t["kind"], t["kind"]), str(t["count"]), _sum(loc, t))
        for t in facts["totals"]], (2, 1, 3))
    _section(pdf, words.red_flags)
    _grid(pdf, (words.code, words.name, words.score, words.seen, words.explanation), [
        (f["code"], loc.red_flag_names.get(f["code"], f["code"]), str(f["score"]),
         f"{_when(loc, f['first_seen_at'])} – {_when(loc, f['last_seen_at'])}",
         "; ".join(f["explanations"]) or words.none) for f in facts["red_flags"]],
        (3, 3, 1, 3, 4))


def _closing(pdf: _Pdf) -> None:
    loc, words, report = pdf.loc, pdf.words, pdf.report
    _section(pdf, words.narrative)
    pdf.multi_cell(0, 5, text=report.draft.get("narrative") or words.none,
                   new_x="LMARGIN", new_y="NEXT")
    _section(pdf, words.four_eyes)
    approval = report.four_eyes
    if approval is None:
        pdf.cell(0, 5, text=words.none, new_x="LMARGIN", new_y="NEXT")
        return
    _pairs(pdf, [
        (words.proposed_by, f"{approval.proposed_by or words.none} · "
                            f"{_when(loc, approval.proposed_at)}"),
        (words.approved_by, f"{approval.approved_by or words.none} · "
                            f"{_when(loc, approval.approved_at)}")])


def render_str_pdf(report: StrReport, loc: ReportLocale, font_dir: Path = FONT_DIR) -> bytes:
    """The report as PDF bytes; the same report and locale give the same bytes."""
    regular, bold = font_dir / "DejaVuSans.ttf", font_dir / "DejaVuSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        raise ConfigurationError(f"The DejaVu fonts are missing from {font_dir}: install "
                                 "fonts-dejavu-core (scripts/install-system-packages).",
                                 code="pdf_fonts_missing")
    pdf = _Pdf(report, loc)
    pdf.add_font(FONT, "", str(regular))
    pdf.add_font(FONT, "B", str(bold))
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_creation_date(report.draft.get("updated_at") or report.draft["decided_at"])
    pdf.set_lang(loc.language)
    pdf.set_title(f"{loc.words.title} {report.draft['case_id']}")
    pdf.set_creator("kyc-service")
    pdf.add_page()
    _overview(pdf)
    _facts(pdf)
    _closing(pdf)
    return bytes(pdf.output())

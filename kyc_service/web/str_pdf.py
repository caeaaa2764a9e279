"""The STR PDF download, shared by the page route and the API route.

The words come from the pages' translation catalogue (Turkish or English: `lang`, else
the reader's language) and reach the Flask-free renderer as a `ReportLocale`. The PDF
carries decrypted personal data, so building it is the same audited read as the STR
JSON (tagged `form: pdf`) plus one audited read of each subject's profile.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask_babel import force_locale, format_datetime, format_decimal, get_locale
from werkzeug.wrappers import Response

from cases.casework.records import CaseText, get_case
from cases.casework.str_pdf import ReportLocale, ReportWords, render_str_pdf
from cases.casework.str_report import build_report
from kyc_service.api.case_facts import str_documents
from kyc_service.api.cases import settings
from kyc_service.auth import current_actor
from kyc_service.core.errors import ValidationFailed
from kyc_service.request_scope import db_session, runtime
from kyc_service.web.labels import DOCUMENT_LABELS, DOCUMENT_STATUS_LABELS
from kyc_service.web.settings import WebSettings
from kyc_service.web.str_pdf_words import DIRECTION_LABELS, RED_FLAG_LABELS, WORDS

TIME_PATTERNS = {"tr": "dd.MM.yyyy HH:mm", "en": "d MMM yyyy HH:mm"}  # Istanbul time


def report_locale(language: str) -> ReportLocale:
    """Every word of the report in `language`; times and sums in its local style."""
    pattern = TIME_PATTERNS.get(language, "yyyy-MM-dd HH:mm")

    def when(value: datetime) -> str:
        with force_locale(language):
            return str(format_datetime(value, pattern))

    def money(amount: str) -> str:
        try:
            number = Decimal(amount)
        except InvalidOperation:
            return amount
        with force_locale(language):
            return str(format_decimal(number, format="#,##0.00"))

    with force_locale(language):
        return ReportLocale(
            language=language, when=when, money=money,
            words=ReportWords(**{name: str(text) for name, text in WORDS.items()}),
            red_flag_names={code: str(text) for code, text in RED_FLAG_LABELS.items()},
            document_names={f"{kind}/{side}": str(text)
                            for (kind, side), text in DOCUMENT_LABELS.items()},
            document_verdicts={code: str(text)
                               for code, text in DOCUMENT_STATUS_LABELS.items()},
            directions={code: str(text) for code, text in DIRECTION_LABELS.items()})


def report_language(requested: str | None) -> str:
    languages = WebSettings.from_settings(runtime().settings).languages
    if requested is None:
        return str(get_locale() or languages[0])
    if requested not in languages:
        raise ValidationFailed("Unknown report language.", code="unknown_language",
                               fields={"lang": list(languages)})
    return requested


def str_pdf_response(case_id: str, requested_language: str | None) -> Response:
    """The STR of a case as a PDF attachment (404 `str_not_found` when it has none)."""
    language = report_language(requested_language)
    session = db_session()
    case = get_case(session, case_id)
    report = build_report(session, current_actor().audit_context(), CaseText(runtime().vault),
                          runtime().customers, case_id, str_documents(session, case),
                          operator=settings().operator_name, form="pdf")
    return Response(render_str_pdf(report, report_locale(language)),
                    mimetype="application/pdf", headers={
                        "Content-Disposition": f'attachment; filename="str-{case.id[:8]}.pdf"',
                        "Cache-Control": "no-store"})

"""The STR draft as a printable page and as a PDF, for filing with the regulator or the
paper file.

Opening either is the same audited read as the API's; agents never reach them
(tipping-off).
"""

from __future__ import annotations

from flask import render_template, request
from werkzeug.wrappers import Response

from cases.casework import str_draft
from cases.casework.records import CaseText, get_case
from kyc_service.api.case_facts import str_documents
from kyc_service.auth import current_actor
from kyc_service.request_scope import db_session, runtime
from kyc_service.web.blueprint import bp
from kyc_service.web.str_pdf import str_pdf_response


@bp.route("/cases/<case_id>/str/print", methods=["GET"])
def str_print(case_id: str) -> Response:
    session = db_session()
    case = get_case(session, case_id)
    documents = str_documents(session, case)
    draft = str_draft.draft_view(session, current_actor().audit_context(),
                                 CaseText(runtime().vault), case_id, documents)
    return Response(render_template("web/str_print.html", draft=draft, case=case),
                    mimetype="text/html")


@bp.route("/cases/<case_id>/str/pdf", methods=["GET"])
def str_pdf(case_id: str) -> Response:
    """Download the report as PDF, in the page's language or `?lang=tr|en`."""
    return str_pdf_response(case_id, request.args.get("lang"))

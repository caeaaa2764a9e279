"""/api/v1/cases/<id>/str.pdf: the STR draft as a PDF document.

A separate route rather than content negotiation on `/str`, so a link or `curl -O` gets
the file without headers. Same permissions as the STR JSON (agents: 404); every download
is an audited read of the decrypted report.
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from werkzeug.wrappers import Response

from kyc_service.web.str_pdf import str_pdf_response

blp = Blueprint("str_reports", __name__, url_prefix="/api/v1",
                description="Suspicious-transaction reports as PDF documents.")


class StrPdfQuerySchema(Schema):
    lang = fields.String(validate=validate.Length(2, 8),
                         metadata={"description": "Language of the report's labels (tr, en); "
                                                  "default: Accept-Language, else Turkish."})


@blp.route("/cases/<case_id>/str.pdf", methods=["GET"])
@blp.arguments(StrPdfQuerySchema, location="query")
@blp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf",
              description="The report; attachment named str-<first 8 of the case id>.pdf.")
def download_str_pdf(query: dict[str, Any], case_id: str) -> Response:
    """Subject, documents checked, transactions with totals, red flags, narrative and
    the four-eyes approval; watermarked as a draft until filed."""
    return str_pdf_response(case_id, query.get("lang"))

"""Photo-quality checks for uploaded identity documents and address proofs.

Pure functions over decoded images (no Flask, no database): `assess` locates the
document, measures it, and reports problems in the order a capture flow shows them.
"""

from kyc_service.documents.quality.assess import assess
from kyc_service.documents.quality.model import (
    DOCUMENT_SPECS,
    PRIORITY,
    CheckResult,
    QualityCode,
    QualityReport,
)
from kyc_service.documents.quality.settings import QualitySettings

__all__ = ["DOCUMENT_SPECS", "PRIORITY", "CheckResult", "QualityCode", "QualityReport",
           "QualitySettings", "assess"]

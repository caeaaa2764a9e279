"""One root error for the whole service.

Domain code raises subclasses of `KycError` with a stable machine `code`; the HTTP layer
maps them to problem+json responses in one table (`kyc_service.api.errors`). Nothing
here knows about HTTP, so the same errors serve the CLI and background workers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class KycError(Exception):
    """Base of every error the service raises on purpose."""

    code: str = "error"
    title: str = "The request could not be completed."

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        fields: Mapping[str, Sequence[str]] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        if code is not None:
            self.code = code
        self.detail = detail or self.title
        self.fields: dict[str, list[str]] = {k: list(v) for k, v in (fields or {}).items()}
        self.extra: dict[str, Any] = dict(extra or {})


class ValidationFailed(KycError):
    code = "validation_failed"
    title = "The input is not valid."


class NotFound(KycError):
    code = "not_found"
    title = "The resource does not exist."


class Conflict(KycError):
    code = "conflict"
    title = "The request conflicts with the current state."


class Unauthenticated(KycError):
    code = "unauthenticated"
    title = "A valid access token is required."


class PermissionDenied(KycError):
    code = "forbidden"
    title = "Your role does not allow this."


class PayloadTooLarge(KycError):
    code = "payload_too_large"
    title = "The upload is too large."


class UnsupportedMediaType(KycError):
    code = "unsupported_file_type"
    title = "This kind of file is not accepted."


class IntegrityFailure(KycError):
    """Stored data failed an integrity check (e.g. a ciphertext that does not decrypt).

    Raised loudly rather than returning possibly wrong data.
    """

    code = "integrity_failure"
    title = "Stored data failed an integrity check."


class ConfigurationError(KycError):
    code = "configuration_error"
    title = "The service is not configured correctly."

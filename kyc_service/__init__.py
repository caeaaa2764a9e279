"""KYC/AML case management service.

`create_app` imports the Flask side lazily so that the domain packages (which import
`kyc_service.core`) never pull in Flask.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

    from kyc_service.config import Settings


def create_app(config: Settings | Mapping[str, Any] | None = None) -> Flask:
    from kyc_service.app import build_app

    return build_app(config)

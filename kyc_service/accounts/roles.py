"""The roles people and systems act in."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    AGENT = "agent"
    COMPLIANCE_OFFICER = "compliance_officer"
    COMPLIANCE_MANAGER = "compliance_manager"
    AUDITOR = "auditor"
    ADMIN = "admin"
    INTEGRATION = "integration"


ALL_ROLES = frozenset(Role)

"""Canonical JSON and RFC 6962 leaf hashes for audit entries.

Canonical form: sorted keys, no insignificant white space, UTF-8, and no floats (their
text form is not stable across languages), so an auditor can recompute every hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import RowMapping

LEAF_PREFIX = b"\x00"


def _reject_floats(value: Any, path: str = "$") -> None:
    if isinstance(value, float):
        raise TypeError(f"floats are not allowed in audit data ({path}); use strings")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"audit data keys must be strings ({path})")
            _reject_floats(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _reject_floats(item, f"{path}[{index}]")


def canonical_json(value: Any) -> str:
    _reject_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def format_time(moment: datetime) -> str:
    """Microsecond UTC time with a Z: the same text from SQLite and PostgreSQL."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def leaf_hash(document: Mapping[str, Any]) -> str:
    return hashlib.sha256(LEAF_PREFIX + canonical_json(document).encode("utf-8")).hexdigest()


HASHED_FIELDS = (
    "seq", "occurred_at", "actor_id", "actor_role", "action", "object_type", "object_id",
    "customer_ref", "request_id", "client_ip", "outcome", "purpose", "details", "prev_hash",
)


def entry_document(row: Mapping[str, Any] | RowMapping) -> dict[str, Any]:
    """The hashed form of an entry: every column but its own hash, details parsed."""
    document = {name: row[name] for name in HASHED_FIELDS}
    document["occurred_at"] = format_time(row["occurred_at"])
    document["details"] = json.loads(row["details"]) if isinstance(row["details"], str) else row[
        "details"]
    return document

"""What each role may see of a customer: agents get masked values, officers whole ones.

Agents guide document re-uploads; they need the name, not the national id, the full
e-mail address or the birth date.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MASK = "*"


def mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return MASK * len(value)
    return value[:keep_start] + MASK * (len(value) - keep_start - keep_end) + value[
        len(value) - keep_end:]


def mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    name, dot, tld = domain.rpartition(".")
    masked_domain = (mask_middle(name, 1, 0) + dot + tld) if dot else mask_middle(domain, 1, 0)
    return f"{mask_middle(local, min(2, max(len(local) - 1, 0)), 0)}@{masked_domain}"


def mask_phone(value: str) -> str:
    return mask_middle(value, 3, 2)


def mask_birth_date(value: str) -> str:
    return value[:4] + "-**-**"


def mask_address(value: Mapping[str, Any]) -> dict[str, Any]:
    return {key: (val if key in {"city", "country"} else MASK * 3) for key, val in value.items()}


def masked_view(record: Mapping[str, Any]) -> dict[str, Any]:
    """The agent's view of a decrypted customer record."""
    view = dict(record)
    if view.get("national_id"):
        view["national_id"] = mask_middle(view["national_id"], 2, 2)
    if view.get("email"):
        view["email"] = mask_email(view["email"])
    if view.get("phone"):
        view["phone"] = mask_phone(view["phone"])
    if view.get("birth_date"):
        view["birth_date"] = mask_birth_date(view["birth_date"])
    if view.get("address"):
        view["address"] = mask_address(view["address"])
    return view

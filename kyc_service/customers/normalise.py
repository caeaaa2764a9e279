"""Normal forms for blind indexes: the same person's value must always hash the same."""

from __future__ import annotations

import re
import unicodedata

E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def normalise_external_ref(value: str) -> str:
    return value.strip()


def normalise_national_id(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def normalise_email(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip()).lower()


def normalise_phone(value: str) -> str:
    return "+" + "".join(ch for ch in value if ch.isdigit()) if value.strip() else ""

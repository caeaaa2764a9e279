"""The customer page's documents section: the hook the document-intake work fills in.

`documents_for` returns what the page lists, newest first, as plain mappings with at
least `id`, `kind`, `side`, `status` and `created_at` (and, once checks ran, `decision`,
`reasons` and `guidance`), so the template needs no database or Flask knowledge.
Until documents exist it returns nothing and the page says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def documents_for(customer_id: str) -> Sequence[Mapping[str, Any]]:
    """The documents of `customer_id` that the acting person may see."""
    del customer_id  # filled in with document intake (issue 4)
    return []

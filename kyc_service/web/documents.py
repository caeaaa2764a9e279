"""Documents as the pages show them: status, problems and what to tell the player.

Plain mappings, so templates and the polling endpoint need no database knowledge.
Findings that reveal a suspicion are never included: agents must not learn of them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from kyc_service.request_scope import db_session, runtime

REQUESTABLE = (("id_card", "front"), ("id_card", "back"), ("passport", "data_page"),
               ("address_proof", "page"))


def _issues(quality_json: str | None) -> list[dict[str, Any]]:
    if not quality_json:
        return []
    return [{"code": issue["code"], "guidance": issue["guidance"]}
            for issue in json.loads(quality_json).get("issues", [])]


def documents_for(customer_id: str) -> Sequence[Mapping[str, Any]]:
    """The customer's documents, newest first, with quality problems and guidance."""
    documents = runtime().documents.for_customer(db_session(), customer_id)
    return [{"id": d.id, "kind": d.kind, "side": d.side, "status": d.status,
             "created_at": d.created_at, "issues": _issues(d.quality_json)}
            for d in documents]


def latest_problem_codes(documents: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """For each kind:side, the problems of its newest upload (pre-fills a new request)."""
    seen: dict[str, list[str]] = {}
    for document in documents:
        key = f"{document['kind']}:{document['side']}"
        if key not in seen:
            seen[key] = [issue["code"] for issue in document["issues"]]
    return seen

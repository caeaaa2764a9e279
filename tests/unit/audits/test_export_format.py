"""Export rows are byte-for-byte canonical JSON (JSONL) or round-trip exactly (CSV), so
every leaf hash can be recomputed offline; awkward values included."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from audits.canonical import canonical_json, entry_document, leaf_hash
from audits.export import export_document, leaf_hash_of_parsed, parse_json, row_format

ROWS = [
    {"seq": 1, "occurred_at": datetime(2026, 1, 2, 3, 4, 5, 6789, tzinfo=UTC),
     "actor_id": None, "actor_role": "anonymous", "action": "auth:access:deny",
     "object_type": "endpoint", "object_id": "", "customer_ref": None, "request_id": "r\\N",
     "client_ip": "::1", "outcome": "denied", "purpose": None,
     "details": canonical_json({"reason": "no_token", "note": 'quote " comma , \n ş İ 💡',
                                "n": -3, "nested": {"b": [1, None, True]}}),
     "prev_hash": "0" * 64},
    {"seq": 2, "occurred_at": datetime(2026, 1, 2, 3, 4, 6, tzinfo=UTC),
     "actor_id": "u-1", "actor_role": "auditor", "action": "audit:entries:export",
     "object_type": None, "object_id": "\\N", "customer_ref": "c,1", "request_id": None,
     "client_ip": None, "outcome": "success", "purpose": "x\r\ny", "details": "{}",
     "prev_hash": "a" * 64},
]
for _row in ROWS:
    _row["entry_hash"] = leaf_hash(entry_document(_row))


def test_jsonl_lines_are_the_canonical_documents():
    encoder = row_format("jsonl")
    for row in ROWS:
        line = encoder.encode(row)
        assert line == canonical_json(export_document(row)).encode() + b"\n"


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_rows_round_trip_and_rehash(fmt):
    encoder = row_format(fmt)
    data = encoder.header() + b"".join(encoder.encode(row) for row in ROWS)
    decoded = list(encoder.decode(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8",
                                                   newline="")))
    assert decoded == [export_document(row) for row in ROWS]
    for document, row in zip(decoded, ROWS, strict=True):
        recorded = document.pop("entry_hash")
        assert leaf_hash_of_parsed(document) == recorded == row["entry_hash"]


def test_parsed_data_refuses_floats():
    with pytest.raises(ValueError, match="floats"):
        parse_json('{"amount": 1.5}')

"""Export row formats: JSON Lines and CSV, both carrying everything needed to recompute
each entry's leaf hash offline (the hashed fields, then `entry_hash`).

JSON Lines: one canonical JSON object per line. CSV: RFC 4180 with a header; `details`
is its canonical JSON text; NULL is written `\\N` and a value starting with a backslash
gets one more, so "" and NULL stay distinct (as PostgreSQL's COPY does).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from json.encoder import encode_basestring
from typing import Any, Protocol

from audits.canonical import HASHED_FIELDS, LEAF_PREFIX, format_time

COLUMNS = (*HASHED_FIELDS, "entry_hash")
NULL = "\\N"
_CANONICAL_ORDER = sorted(COLUMNS)


def _no_floats(text: str) -> Any:
    raise ValueError(f"floats are not allowed in audit data: {text}")


_DECODER = json.JSONDecoder(parse_float=_no_floats)
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def parse_json(text: str) -> Any:
    """json.loads that refuses floats, so canonical re-encoding needs no further check."""
    return _DECODER.decode(text)


def leaf_hash_of_parsed(document: Mapping[str, Any]) -> str:
    """`audits.canonical.leaf_hash` for documents from `parse_json` (floats impossible),
    without its per-value walk: the same bytes, several times faster for verifying."""
    text = _ENCODER.encode(document)
    return hashlib.sha256(LEAF_PREFIX + text.encode("utf-8")).hexdigest()


def _json_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    return str(encode_basestring(value))


def export_document(row: Mapping[str, Any]) -> dict[str, Any]:
    """An entry as exported: the hashed document plus its recorded hash."""
    document = {name: row[name] for name in COLUMNS}
    document["occurred_at"] = format_time(row["occurred_at"])
    details = row["details"]
    document["details"] = json.loads(details) if isinstance(details, str) else details
    return document


class RowFormat(Protocol):
    name: str
    extension: str
    media_type: str

    def header(self) -> bytes: ...

    def encode(self, row: Mapping[str, Any]) -> bytes:
        """One database row of audit_entries (details still canonical JSON text)."""
        ...

    def decode(self, lines: Iterable[str]) -> Iterator[dict[str, Any]]: ...


class JsonLines:
    name, extension, media_type = "jsonl", "jsonl", "application/jsonl"

    def header(self) -> bytes:
        return b""

    def encode(self, row: Mapping[str, Any]) -> bytes:
        """Canonical JSON written directly: the stored details text is already canonical,
        so re-parsing and re-encoding it per row (the slow part) is skipped."""
        parts = []
        for name in _CANONICAL_ORDER:
            if name == "details":
                value = row["details"]
            elif name == "occurred_at":
                value = '"' + format_time(row["occurred_at"]) + '"'
            else:
                value = _json_scalar(row[name])
            parts.append(f'"{name}":{value}')
        return ("{" + ",".join(parts) + "}\n").encode()

    def decode(self, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
        for line in lines:
            value = parse_json(line)
            if not isinstance(value, dict):
                raise ValueError("each line must be a JSON object")
            yield value


def _csv_cell(value: Any) -> str:
    if value is None:
        return NULL
    text = str(value)
    return "\\" + text if text.startswith("\\") else text


def _from_csv_cell(name: str, cell: str) -> Any:
    if cell == NULL:
        return None
    if cell.startswith("\\"):
        cell = cell[1:]
    if name == "seq":
        return int(cell)
    if name == "details":
        return parse_json(cell)
    return cell


class Csv:
    name, extension, media_type = "csv", "csv", "text/csv"

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def _line(self, cells: Iterable[str]) -> bytes:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(cells)
        return self._buffer.getvalue().encode()

    def header(self) -> bytes:
        return self._line(COLUMNS)

    def encode(self, row: Mapping[str, Any]) -> bytes:
        cells = [_csv_cell(row[name]) for name in COLUMNS]
        cells[COLUMNS.index("occurred_at")] = format_time(row["occurred_at"])
        return self._line(cells)

    def decode(self, lines: Iterable[str]) -> Iterator[dict[str, Any]]:
        reader = csv.reader(lines)
        if tuple(next(reader, ())) != COLUMNS:
            raise ValueError("the CSV header is not the expected column list")
        for cells in reader:
            if len(cells) != len(COLUMNS):
                raise ValueError("a CSV row has the wrong number of columns")
            yield {name: _from_csv_cell(name, cell) for name, cell in zip(COLUMNS, cells,
                                                                          strict=True)}


def row_format(name: str) -> RowFormat:
    """A fresh formatter (the CSV one keeps a buffer, so never share it across threads)."""
    return JsonLines() if name == "jsonl" else Csv()


FORMATS = ("jsonl", "csv")

"""Records of processing (GDPR Art. 30, VERBİS) computed from the providers' declarations.

One row per (subject group, table): data categories, purposes, legal bases, retention
period (spelled out from the settings in force), recipients, security measures. Because
it is computed from the same declarations the erasure code and the missing-provider test
use, it cannot describe a table the code does not have, or miss one it does.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

from audits.privacy.declarations import Retention, Sensitivity, TableDeclaration

CSV_COLUMNS = ("table", "data_subjects", "sensitivity", "data_categories", "special_category",
               "purposes", "legal_bases", "retention", "retention_period", "aml_retained",
               "recipients", "transfers_abroad", "security_measures", "notes")


def inventory(declarations: Iterable[TableDeclaration], controller: Mapping[str, str],
              retention_periods: Mapping[Retention, str]) -> dict[str, Any]:
    rows = [_row(d, retention_periods) for d in declarations
            if d.sensitivity is not Sensitivity.NOT_PERSONAL]
    return {
        "format": "gdpr-art30+verbis/v1",
        "controller": dict(controller),
        "activities": rows,
        "data_subject_groups": sorted({r["data_subjects"] for r in rows}),
        "data_categories": sorted({c for r in rows for c in r["data_categories"]}),
    }


def _row(d: TableDeclaration, periods: Mapping[Retention, str]) -> dict[str, Any]:
    return {
        "table": d.table,
        "data_subjects": d.subjects.value,
        "sensitivity": d.sensitivity.value,
        "data_categories": list(d.categories),
        "special_category": d.special_category,
        "purposes": list(d.purposes),
        "legal_bases": [b.value for b in d.legal_bases],
        "retention": d.retention.value,
        "retention_period": periods.get(d.retention, d.retention.value),
        "aml_retained": list(d.aml_retained),
        "recipients": list(d.recipients),
        "transfers_abroad": list(d.transfers_abroad) or ["none"],
        "security_measures": list(d.security),
        "notes": d.notes,
    }


def to_json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)


def to_csv(document: Mapping[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in document["activities"]:
        writer.writerow(["; ".join(v) if isinstance(v, list) else v
                         for v in (row[c] for c in CSV_COLUMNS)])
    return out.getvalue()

"""Read an ICAO 9303 machine-readable zone (TD1 ID cards, TD2, TD3 passports).

`parse_mrz` takes the recognised lines (or a candidate grid from the recogniser),
repairs OCR confusions the field types and check digits can justify, and returns an
`MrzResult` whose `to_dict()` is the API shape. A passing result is evidence, not proof:
names, sex and nationality carry no check digit, which `unverified_fields` says
explicitly, and the caller should compare with the printed face.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kyc_service.core.errors import KycError
from kyc_service.customers.national_id import turkish_national_id_is_valid
from kyc_service.documents.mrz_correct import (
    Correction,
    CorrectionOutcome,
    CorrectionSettings,
    Grid,
    correct,
    grid_from_text,
)
from kyc_service.documents.mrz_fields import (
    DIGITS,
    FILLER,
    DateWindows,
    Layout,
    check_digit,
    check_passes,
    layout_for,
    resolve_birth_date,
    resolve_expiry_date,
    split_name,
)

__all__ = [
    "MrzCheckFailedError",
    "MrzError",
    "MrzNotFoundError",
    "MrzResult",
    "MrzSettings",
    "MrzUnreadableError",
    "check_digit",
    "normalise_lines",
    "parse_mrz",
]

_LOOKALIKES = str.maketrans({"«": "<", "‹": "<", "〈": "<", "(": "<", "{": "<", "[": "<"})


class MrzError(KycError):
    code = "mrz_error"
    title = "The machine-readable zone could not be used."


class MrzNotFoundError(MrzError):
    code = "mrz_not_found"
    title = "No machine-readable zone was found in the image."


class MrzUnreadableError(MrzError):
    code = "mrz_unreadable"
    title = "The machine-readable zone could not be read."


class MrzCheckFailedError(MrzError):
    code = "mrz_check_failed"
    title = "A check digit of the machine-readable zone does not match."


@dataclass(frozen=True)
class MrzSettings:
    correction: CorrectionSettings = field(default_factory=CorrectionSettings)
    dates: DateWindows = field(default_factory=DateWindows)


@dataclass
class MrzResult:
    type: str
    lines: list[str]
    read_lines: list[str]  # before correction
    checks: dict[str, bool]
    fields: dict[str, str | None]
    corrections: list[Correction]
    ambiguous: list[str]
    unverified_fields: list[str]
    findings: list[str]

    @property
    def valid(self) -> bool:
        return all(self.checks.values()) and "mrz_invalid_date" not in self.findings

    def require_valid(self) -> MrzResult:
        """Fail closed: raise `MrzCheckFailedError` naming the failing checks."""
        if not self.valid:
            failed = sorted(name for name, ok in self.checks.items() if not ok)
            raise MrzCheckFailedError(extra={"failed_checks": failed, "findings": self.findings})
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "lines": list(self.lines),
            "valid": self.valid,
            "checks": dict(self.checks),
            **self.fields,
            "corrections": [
                {"line": c.line, "position": c.position, "read": c.read, "chosen": c.chosen,
                 "reason": c.reason}
                for c in self.corrections
            ],
            "ambiguous": list(self.ambiguous),
            "unverified_fields": list(self.unverified_fields),
            "findings": list(self.findings),
        }  # fmt: skip


def normalise_lines(text: str | Sequence[str]) -> list[str]:
    """Upper-case, drop blanks and spaces, map filler look-alikes to `<`."""
    raw = text.splitlines() if isinstance(text, str) else list(text)
    lines = ["".join(line.upper().translate(_LOOKALIKES).split()) for line in raw]
    return [line for line in lines if line]


def parse_mrz(
    lines: str | Sequence[str] | None = None,
    *,
    grid: Grid | None = None,
    settings: MrzSettings | None = None,
    today: dt.date | None = None,
) -> MrzResult:
    """Parse and verify an MRZ from text lines, or from a recogniser's candidate grid."""
    settings = settings or MrzSettings()
    today = today or dt.date.today()
    if grid is None:
        if lines is None:
            raise MrzUnreadableError("no MRZ text")
        grid = grid_from_text(normalise_lines(lines), settings.correction)
    read = ["".join(cands[0][0] for cands in line) for line in grid]
    layout = layout_for(len(read), len(read[0])) if read else None
    if layout is None or any(len(line) != len(read[0]) for line in read):
        shape = [len(line) for line in read]
        detail = f"MRZ shape {shape} is not TD1, TD2 or TD3"
        raise MrzUnreadableError(detail, extra={"shape": shape})
    outcome = correct(grid, layout, settings.correction)
    return _build(
        layout=layout, read=read, lines=outcome.lines, outcome=outcome, settings=settings,
        today=today,
    )


def _build(
    *,
    layout: Layout,
    read: list[str],
    lines: list[str],
    outcome: CorrectionOutcome,
    settings: MrzSettings,
    today: dt.date,
) -> MrzResult:
    get = {spec.name: spec.span.read(lines) for spec in layout.fields}
    checks: dict[str, bool] = {}
    for spec in layout.checks:
        data = "".join(span.read(lines) for span in spec.data)
        filler_ok = spec.name == "personal_number"
        checks[spec.name] = check_passes(data, spec.digit.read(lines), filler_allowed=filler_ok)
    number = get["document_number"]
    if layout.name in ("TD1", "TD2"):
        number, overflow_ok, rest = _long_number(layout, get)
        if overflow_ok is not None:
            checks["document_number"] = overflow_ok
            get[layout.optional_field] = rest
        checks["optional_data"] = True  # no check digit of its own; covered by composite
    birth = resolve_birth_date(get["birth_date"], today)
    expiry = resolve_expiry_date(get["expiry_date"], today, settings.dates)
    surname, given = split_name(get["name"])
    fields: dict[str, str | None] = {
        "document_code": get["document_code"].rstrip(FILLER),
        "issuing_state": get["issuing_state"].rstrip(FILLER),
        "document_number": number.rstrip(FILLER),
        "birth_date": birth.isoformat() if birth else None,
        "sex": {"M": "M", "F": "F"}.get(get["sex"], "X"),
        "expiry_date": expiry.isoformat() if expiry else None,
        "nationality": get["nationality"].rstrip(FILLER),
        "surname": surname,
        "given_names": given,
    }
    for name in ("optional_data_1", "optional_data_2", "optional_data", "personal_number"):
        if name in get:
            fields[name] = get[name].strip(FILLER)
    national_id = _national_id(fields, layout, settings)
    if national_id is not None:
        fields["national_id"] = national_id
        checks["national_id"] = turkish_national_id_is_valid(national_id)
        checks["optional_data"] = checks.get("optional_data", True) and checks["national_id"]
    findings = _findings(checks, birth, expiry, outcome)
    return MrzResult(
        type=layout.name,
        lines=lines,
        read_lines=read,
        checks=checks,
        fields=fields,
        corrections=list(outcome.corrections),
        ambiguous=sorted(set(outcome.ambiguous)),
        unverified_fields=["document_code", "issuing_state", "sex", "nationality", "surname",
                           "given_names"],
        findings=findings,
    )  # fmt: skip


def _long_number(layout: Layout, get: dict[str, str]) -> tuple[str, bool | None, str]:
    """ICAO long document numbers: check position holds `<`, the rest and its check
    digit continue in the optional data, ended by a filler."""
    opt = get[layout.optional_field]
    number = get["document_number"]
    if get["document_number_check"] != FILLER or not opt or opt[0] == FILLER:
        return number, None, opt
    overflow, _, rest = opt.partition(FILLER)
    if len(overflow) < 2 or overflow[-1] not in DIGITS:
        return number, False, opt
    full = number + overflow[:-1]
    return full, check_passes(full, overflow[-1]), rest


def _national_id(
    fields: dict[str, str | None], layout: Layout, settings: MrzSettings
) -> str | None:
    """Turkish ID cards and passports carry the 11-digit national id in the optional field."""
    if fields["issuing_state"] not in settings.correction.national_id_states:
        return None
    value = fields.get(layout.optional_field) or ""
    head = value[:11]
    if len(head) == 11 and head.isdigit():
        return head
    return None


def _findings(
    checks: dict[str, bool],
    birth: dt.date | None,
    expiry: dt.date | None,
    outcome: CorrectionOutcome,
) -> list[str]:
    findings = []
    if not all(checks.values()):
        findings.append("mrz_check_failed")
    if birth is None or expiry is None:
        findings.append("mrz_invalid_date")
    if outcome.corrections:
        findings.append("mrz_corrected")
    if outcome.ambiguous:
        findings.append("mrz_ambiguous")
    return findings

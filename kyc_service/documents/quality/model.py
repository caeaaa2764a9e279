"""Value types of the quality checks: codes in reporting order, results, document specs."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class QualityCode(StrEnum):
    """Photo problems, declared in the order a capture flow reports them."""

    NO_DOCUMENT = "no_document"
    CUT_OFF = "cut_off"
    GLARE = "glare"
    BLURRY = "blurry"
    TOO_DARK = "too_dark"
    OVEREXPOSED = "overexposed"
    TOO_SMALL = "too_small"
    LOW_RESOLUTION = "low_resolution"
    WRONG_SIDE = "wrong_side"


PRIORITY: tuple[QualityCode, ...] = tuple(QualityCode)


@dataclass(frozen=True)
class CheckResult:
    """One measurement against one threshold; `passed` is decided by the check."""

    code: str
    metric: float
    threshold: float
    passed: bool


@dataclass(frozen=True)
class QualityReport:
    """`issues` holds failed codes, deduplicated, highest priority first."""

    passed: bool
    issues: tuple[str, ...]
    checks: tuple[CheckResult, ...] = ()

    @classmethod
    def from_checks(cls, checks: list[CheckResult]) -> QualityReport:
        failed = {check.code for check in checks if not check.passed}
        issues = tuple(code.value for code in PRIORITY if code.value in failed)
        if not checks:  # fail closed: an empty assessment proves nothing
            issues = (QualityCode.NO_DOCUMENT.value,)
        return cls(passed=not issues, issues=issues, checks=tuple(checks))


@dataclass(frozen=True)
class DocumentSpec:
    """What a kind of document looks like physically; drives dpi and layout checks."""

    kind: str
    size_mm: tuple[float, float]  # long side, short side
    landscape: bool
    sides: tuple[str, ...]
    mrz_lines_by_side: dict[str, int]

    @property
    def aspect(self) -> float:
        return self.size_mm[0] / self.size_mm[1]

    def mrz_lines(self, side: str) -> int:
        return self.mrz_lines_by_side.get(side, 0)


DOCUMENT_SPECS: dict[str, DocumentSpec] = {
    "id_card": DocumentSpec("id_card", (85.60, 53.98), True, ("front", "back"), {"back": 3}),
    "passport": DocumentSpec("passport", (125.0, 88.0), True, ("data_page",),
                             {"data_page": 2}),
    "address_proof": DocumentSpec("address_proof", (297.0, 210.0), False, ("page",), {}),
}


def document_spec(kind: str, side: str) -> DocumentSpec:
    """Look up a kind and validate the side; unknown values are programming errors."""
    try:
        spec = DOCUMENT_SPECS[kind]
    except KeyError:
        raise ValueError(f"unknown document kind {kind!r}") from None
    if side not in spec.sides:
        raise ValueError(f"{kind} has no side {side!r}; expected one of {spec.sides}")
    return spec

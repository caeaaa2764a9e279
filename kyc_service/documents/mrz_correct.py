"""Repair typical OCR confusions in an MRZ using field types and check digits.

The input is a grid of candidates per character (the recogniser's ranked guesses, or
the confusion table below for plain text). Each position first keeps only characters
its field may hold (digits in dates, letters in names); then, where a check digit
fails, the cheapest combination of alternatives that satisfies it wins, and the
composite check breaks ties between fields. The result is never called certain: some
confusions (`<`/`K`/`0`/`A`/`U`, `G`/`6`) are invisible to check digits and names have
none, so ties are reported as ambiguous rather than guessed silently.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kyc_service.customers.national_id import turkish_national_id_is_valid
from kyc_service.documents.mrz_fields import (
    ALLOWED,
    DIGITS,
    FILLER,
    CheckSpec,
    Kind,
    Layout,
    Span,
    check_passes,
)

Candidates = list[tuple[str, float]]  # (character, cost), cheapest first
Grid = list[list[Candidates]]

# What OCR typically reads instead of the true character (observed -> plausible truth).
CONFUSABLE: dict[str, str] = {
    "0": "OD", "O": "0DQ", "D": "0O", "Q": "0O", "U": "0", "1": "I", "I": "1L", "L": "1<",
    "T": "1", "J": "1", "8": "B", "B": "8", "5": "S", "S": "5<", "2": "Z", "Z": "2", "6": "G",
    "G": "6", "4": "A", "A": "4", "7": "T", "K": "<", "X": "<", "C": "<", "E": "<F",
    "<": "KX", "H": "M", "N": "M", "P": "F",
}  # fmt: skip
FILLER_LOOKALIKES = "KXSCLE"


@dataclass(frozen=True)
class CorrectionSettings:
    """Search limits and costs for the corrector."""

    # More edits than this is guessing: the composite digit cannot confirm a document or
    # personal number edit (same weights at the same offsets), so keep this at 1.
    max_changes_per_field: int = 1
    max_alternatives: int = 3  # per position, after the first choice
    max_search_positions: int = 40  # bounds the search time on a garbage read
    tie_margin: float = 0.2  # solutions closer than this in cost are ambiguous
    alternative_cost: float = 1.0  # cost of a confusion-table alternative for plain text
    national_id_states: tuple[str, ...] = ("TUR",)
    national_id_min_digits: int = 8  # of 11 read as digits before the hint applies


@dataclass(frozen=True)
class Correction:
    line: int
    position: int
    read: str
    chosen: str
    reason: str  # "type", "check", "composite", "filler"


@dataclass
class CorrectionOutcome:
    lines: list[str]
    corrections: list[Correction] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)


def grid_from_text(lines: list[str], settings: CorrectionSettings) -> Grid:
    """Candidates for plain text: what was read, then its usual confusions."""
    return [
        [[(ch, 0.0)] + [(alt, settings.alternative_cost) for alt in CONFUSABLE.get(ch, "")]
         for ch in line]
        for line in lines
    ]  # fmt: skip


def correct(grid: Grid, layout: Layout, settings: CorrectionSettings) -> CorrectionOutcome:
    """Apply type constraints, then check-digit-guided search; see the module docstring."""
    observed = ["".join(cands[0][0] for cands in line) for line in grid]
    kinds = layout.kind_grid()
    nid = _national_id_hint(grid, layout, kinds, settings)
    typed = [[_typed(cands, kinds[li][pi], settings) for pi, cands in enumerate(line)]
             for li, line in enumerate(grid)]  # fmt: skip
    work = _Work(
        typed=typed,
        chosen=[[cands[0][0] for cands in line] for line in typed],
        observed=observed,
        settings=settings,
        outcome=CorrectionOutcome(lines=[]),
    )
    work.note("type", [list(line) for line in observed])
    snapshot, kept = [row[:] for row in work.chosen], len(work.outcome.corrections)

    checks = {c.name: c for c in layout.checks}
    ties: dict[str, list[Assignment]] = {}
    for name, spec in checks.items():
        if name == "composite":
            continue
        positions = [p for span in spec.data for p in span.positions()] + spec.digit.positions()
        test = _check_test(spec.data, spec.digit, name == "personal_number")
        ties[name] = work.apply_best(work.solve(positions, test), "check")
    if nid is not None:
        line, start, end = nid
        positions = [(line, i) for i in range(start, end)]
        ties["national_id"] = work.apply_best(
            work.solve(positions, _national_id_test(line, start, end)), "check")
    covered = {p for spec in checks.values() if spec.name != "composite"
               for span in (*spec.data, spec.digit) for p in span.positions()}  # fmt: skip
    if nid is not None:
        covered.update((nid[0], i) for i in range(nid[1], nid[2]))
    work.resolve_composite(checks["composite"], ties, covered)
    if not _check_test(checks["composite"].data, checks["composite"].digit, False)(work.chosen):
        # Corrections the composite does not confirm are guesses; report the read instead.
        work.chosen = snapshot
        del work.outcome.corrections[kept:]
    _clean_fillers(work, layout, kinds)
    chosen = work.chosen
    outcome = work.outcome
    outcome.lines = ["".join(line) for line in chosen]
    last = {(c.line, c.position): c for c in outcome.corrections}
    outcome.corrections = [c for (li, pi), c in sorted(last.items()) if chosen[li][pi] != c.read]
    return outcome


def _typed(cands: Candidates, kind: Kind, settings: CorrectionSettings) -> Candidates:
    allowed = ALLOWED[kind]
    kept = [(ch, cost) for ch, cost in cands if ch in allowed]
    if not kept:
        first = cands[0][0]
        kept = [(alt, settings.alternative_cost) for alt in CONFUSABLE.get(first, "")
                if alt in allowed]  # fmt: skip
        if kind == Kind.FILLER or (not kept and first in FILLER_LOOKALIKES and FILLER in allowed):
            kept = [(FILLER, settings.alternative_cost)]
    if not kept:
        return [(cands[0][0], 0.0)]  # unreadable here; the check digit will say so
    base = kept[0][1]
    return [(ch, cost - base) for ch, cost in kept[: settings.max_alternatives + 1]]


def _national_id_hint(
    grid: Grid, layout: Layout, kinds: list[list[Kind]], settings: CorrectionSettings
) -> tuple[int, int, int] | None:
    """Turkish documents put the 11-digit national id first in the optional field."""
    state = "".join(c[0][0] for c in grid[0][2:5]).replace("0", "O")
    if state not in settings.national_id_states:
        return None
    span = layout.field(layout.optional_field).span
    head = [grid[span.line][i][0][0] for i in range(span.start, span.start + 11)]
    if sum(ch in DIGITS for ch in head) < settings.national_id_min_digits:
        return None
    for i in range(span.start, span.end):
        kinds[span.line][i] = Kind.NUM if i < span.start + 11 else Kind.FILLER
    return span.line, span.start, span.start + 11


Test = Callable[[list[list[str]]], bool]


def _check_test(data: Iterable[Span], digit: Span, filler_ok: bool) -> Test:
    spans = tuple(data)

    def test(chosen: list[list[str]]) -> bool:
        text = "".join("".join(chosen[s.line][s.start : s.end]) for s in spans)
        return check_passes(text, chosen[digit.line][digit.start], filler_allowed=filler_ok)

    return test


def _national_id_test(line: int, start: int, end: int) -> Test:
    return lambda chosen: turkish_national_id_is_valid("".join(chosen[line][start:end]))


Assignment = dict[tuple[int, int], str]


@dataclass
class _Work:
    """The state one correction run shares between its steps."""

    typed: list[list[Candidates]]
    chosen: list[list[str]]
    observed: list[str]
    settings: CorrectionSettings
    outcome: CorrectionOutcome

    def solve(self, positions: list[tuple[int, int]], test: Test) -> list[tuple[float, Assignment]]:
        """All assignments of up to N alternatives that pass `test`, cheapest first."""
        if test(self.chosen):
            return [(0.0, {})]
        flexible = [p for p in positions if len(self.typed[p[0]][p[1]]) > 1]
        flexible = flexible[: self.settings.max_search_positions]
        found: list[tuple[float, Assignment]] = []
        for count in range(1, self.settings.max_changes_per_field + 1):
            for combo in itertools.combinations(flexible, count):
                options = [[c for c in self.typed[li][pi] if c[0] != self.chosen[li][pi]]
                           for li, pi in combo]  # fmt: skip
                for picks in itertools.product(*options):
                    trial = [row[:] for row in self.chosen]
                    for (li, pi), (ch, _) in zip(combo, picks, strict=True):
                        trial[li][pi] = ch
                    if test(trial):
                        cost = sum(c for _, c in picks)
                        found.append(
                            (cost, {p: ch for p, (ch, _) in zip(combo, picks, strict=True)}))
            if found:
                break  # fewer edits always beat more edits
        return sorted(found, key=lambda item: item[0])

    def apply_best(
        self, solutions: list[tuple[float, Assignment]], reason: str
    ) -> list[Assignment]:
        """Apply the cheapest solution if it is clearly the cheapest; otherwise leave the
        read as it is and return the near-equal ones for the composite to judge."""
        if not solutions:
            return []
        best_cost = solutions[0][0]
        near = [s for c, s in solutions if c - best_cost <= self.settings.tie_margin]
        if len(near) > 1:
            return near
        before = [row[:] for row in self.chosen]
        for (li, pi), ch in near[0].items():
            self.chosen[li][pi] = ch
        self.note(reason, before)
        return []

    def resolve_composite(
        self, spec: CheckSpec, ties: dict[str, list[Assignment]], covered: set[tuple[int, int]]
    ) -> None:
        """Pick among tied field solutions, then search positions no other check covers."""
        test = _check_test(spec.data, spec.digit, False)
        tied = {name: options for name, options in ties.items() if options}
        if tied:
            passing = []
            for combo in itertools.product(*tied.values()):
                trial = [row[:] for row in self.chosen]
                for assignment in combo:
                    for (li, pi), ch in assignment.items():
                        trial[li][pi] = ch
                if test(trial):
                    passing.append(trial)
            if len(passing) == 1:
                before = [row[:] for row in self.chosen]
                self.chosen[:] = passing[0]
                self.note("composite", before)
            else:
                self.outcome.ambiguous.extend(sorted(tied))
        if test(self.chosen):
            return
        positions = [p for span in spec.data for p in span.positions() if p not in covered]
        solutions = self.solve(positions + spec.digit.positions(), test)
        margin = self.settings.tie_margin
        if len(solutions) == 1 or (
            len(solutions) > 1 and solutions[1][0] - solutions[0][0] > margin
        ):
            self.apply_best(solutions[:1], "composite")
        elif solutions:
            self.outcome.ambiguous.append("composite")

    def note(self, reason: str, before: list[list[str]]) -> None:
        """Record each position that changed in this step."""
        for li, row in enumerate(self.chosen):
            for pi, ch in enumerate(row):
                if ch != before[li][pi]:
                    read = self.observed[li][pi]
                    self.outcome.corrections.append(Correction(li, pi, read, ch, reason))


def _clean_fillers(work: _Work, layout: Layout, kinds: list[list[Kind]]) -> None:
    """Letters that look like `<` in a trailing filler run (after the name's second `<<`,
    or after a number's last character) are fillers: check digits cannot tell."""
    chosen = work.chosen
    before = [row[:] for row in chosen]
    name = layout.field("name").span
    row = chosen[name.line]
    text = "".join(row[name.start : name.end])
    sep = text.find(FILLER * 2)
    tail = text.find(FILLER * 2, sep + 2) if sep >= 0 else -1
    if tail >= 0:
        for i in range(name.start + tail, name.end):
            if row[i] in FILLER_LOOKALIKES:
                row[i] = FILLER
    for spec in layout.fields:
        if spec.kind != Kind.ALNUM:
            continue
        cells = chosen[spec.span.line]
        for i in range(spec.span.start + 1, spec.span.end):
            if kinds[spec.span.line][i] != Kind.ALNUM or cells[i] not in FILLER_LOOKALIKES:
                continue
            rest = cells[i + 1 : spec.span.end]
            if cells[i - 1] == FILLER and all(ch == FILLER for ch in rest):
                cells[i] = FILLER
    work.note("filler", before)

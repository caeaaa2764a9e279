"""Where each printed field sits on a Turkish ID front and a passport data page.

Positions are millimetres on the physical document (from the public specimens), so they
hold at any photo resolution. Each box is a search window around the value line, a few
millimetres larger than the value itself: the reader finds the value's text line inside
the window, so small location errors and layout drift between card versions do not
matter (windows reach into the label rows: labels are told apart by their lighter
ink). `script` says which recogniser pass reads the value: `names` keeps Turkish
letters, `codes` is restricted to digits, capitals and date punctuation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldBox:
    name: str
    box_mm: tuple[float, float, float, float]  # left, top, right, bottom of the search window
    script: str  # "names" or "codes"


@dataclass(frozen=True)
class VizLayout:
    kind: str
    size_mm: tuple[float, float]  # width, height when upright
    cap_mm: float  # height of a value's capitals: tells a text line from a rule or speck
    fields: tuple[FieldBox, ...]


def _row(name: str, left: float, right: float, label_top: float, script: str,
         reach: tuple[float, float]) -> FieldBox:
    """A window from just under the label's top to just above the next row's label."""
    return FieldBox(name, (left, label_top + reach[0], right, label_top + reach[1]), script)


# ID card rows are 6 mm apart; a value's capitals sit ~2.2-4.2 mm below its label's top.
_ID = (0.6, 5.7)
ID_FRONT = VizLayout("id_card", (85.60, 53.98), 1.76, (
    _row("national_id", 27.8, 66.0, 10.5, "codes", _ID),
    _row("national_id_2", 1.0, 28.0, 44.2, "codes", (0.0, 5.5)),  # under the photo
    _row("surname", 27.8, 69.0, 16.5, "names", _ID),
    _row("given_names", 27.8, 71.0, 22.5, "names", _ID),
    _row("birth_date", 27.8, 56.5, 28.5, "codes", _ID),
    _row("sex", 56.6, 70.0, 28.5, "names", _ID),
    _row("document_number", 27.8, 56.5, 34.5, "codes", _ID),
    _row("nationality", 56.6, 72.0, 34.5, "names", _ID),
    _row("expiry_date", 27.8, 56.5, 40.5, "codes", _ID),
))

# Passport rows are 8 mm apart; values are ~3 mm type starting ~2.2 mm under the label.
_PP = (0.8, 7.4)
PASSPORT = VizLayout("passport", (125.0, 88.0), 2.16, (
    _row("passport_number", 93.0, 123.0, 14.0, "codes", _PP),
    _row("surname", 37.6, 100.0, 22.0, "names", _PP),
    _row("given_names", 37.6, 110.0, 30.0, "names", _PP),
    _row("nationality", 37.6, 80.0, 38.0, "names", _PP),
    _row("national_id", 83.0, 118.0, 38.0, "codes", _PP),
    _row("birth_date", 37.6, 80.0, 46.0, "codes", _PP),
    _row("sex", 83.0, 110.0, 46.0, "names", _PP),
    _row("expiry_date", 83.0, 118.0, 54.0, "codes", _PP),
))

LAYOUTS = {("id_card", "front"): ID_FRONT, ("passport", "data_page"): PASSPORT}


def layout_for(kind: str, side: str) -> VizLayout:
    try:
        return LAYOUTS[(kind, side)]
    except KeyError:
        raise ValueError(f"no printed-face layout for {kind}/{side}") from None

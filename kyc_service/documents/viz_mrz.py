"""The MRZ as a second opinion on the printed face, never as a replacement.

MRZ names are ASCII transliterations (Ç->C, Ğ->G, İ->I, Ö->O, Ş->S, Ü->U) and may be
cut at the line's end, so names are compared after folding and allowing truncation.
A field both sources agree on gains confidence; a disagreement lowers it below the
review threshold and is reported by name. The printed value itself is left as read.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

TRANSLITERATION = str.maketrans("ÇĞİÖŞÜçğıöşü", "CGIOSUCGIOSU")
AGREED = 0.97
DISAGREED = 0.4


def mrz_fold(name: str) -> str:
    """A printed name as the MRZ writes it: ASCII capitals, fillers for spaces."""
    folded = name.translate(TRANSLITERATION).upper()
    return "".join(ch if ch.isalpha() else "<" for ch in folded)


def _names_agree(printed: str, machine: str) -> bool:
    ours = mrz_fold(printed)
    theirs = machine.upper().replace(" ", "<")
    return ours == theirs or (len(theirs) >= 3 and ours.startswith(theirs))


def _pairs(fields: Mapping[str, str | None]) -> dict[str, str]:
    number = fields.get("document_number") or fields.get("passport_number")
    pairs = {name: fields.get(name) for name in
             ("surname", "given_names", "birth_date", "expiry_date", "national_id", "sex",
              "nationality")}
    pairs["document_number"] = number
    return {name: value for name, value in pairs.items() if value}


def cross_check(fields: Mapping[str, str | None], confidence: MutableMapping[str, float],
                mrz_fields: Mapping[str, str | None]) -> list[str]:
    """Adjust `confidence` in place; return the names of the fields that disagree."""
    differing = []
    for name, printed in _pairs(fields).items():
        machine = mrz_fields.get(name)
        if not machine:
            continue
        if name in ("surname", "given_names"):
            same = _names_agree(printed, machine)
        else:
            same = printed == machine
        target = "passport_number" if name == "document_number" and "passport_number" in \
            fields else name
        if same:
            confidence[target] = max(confidence.get(target, 0.0), AGREED)
        else:
            confidence[target] = min(confidence.get(target, 0.0), DISAGREED)
            differing.append(target)
    return differing

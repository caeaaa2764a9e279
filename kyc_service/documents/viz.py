"""Read the printed face (VIZ) of a Turkish ID card front or a passport data page.

Steps: (1) locate and rectify the document at a fixed resolution (reusing the quality
checks' locator), (2) cut every value out of its search window in the known layout,
(3) read all name-like values in one Tesseract call (Turkish letters kept) and all
numbers and dates in a second, restricted one, glyphs pulled apart, (4) parse
each value by its shape and validate what can be validated (national-id checksum,
plausible dates); a number or date the engine hesitated over is read once more on its
own (a line read without neighbours often settles it) and a doubtful serial's letters
once more with only letters allowed (`viz_serial`), (5) compare with the MRZ when the
caller has one. The MRZ is only a hint: a disagreement lowers the confidence and is
reported, the printed value is never replaced by the MRZ's. When the first outline
gives no document or a read with several doubtful fields, (1b) the outline found from
the card's straight edges (`viz_outline`) is read too and the better read kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kyc_service.documents.mrz import MrzResult
from kyc_service.documents.ocr import OcrEngine, OcrRequest, OcrWord, default_engine
from kyc_service.documents.quality.imaging import ImageInput
from kyc_service.documents.quality.model import document_spec
from kyc_service.documents.viz_crops import ValueCrop, cut_value, spaced, stack
from kyc_service.documents.viz_fields import (
    PASSPORT_SHAPE,
    SERIAL_SHAPE,
    UNSURE,
    Read,
    fits,
    parse_date,
    parse_name,
    parse_national_id,
    parse_nationality,
    parse_serial,
    parse_sex,
)
from kyc_service.documents.viz_layout import layout_for
from kyc_service.documents.viz_locate import (
    Rectified,
    as_rgb_array,
    rectify_document,
    upright_corners,
    warp_document,
)
from kyc_service.documents.viz_mrz import cross_check
from kyc_service.documents.viz_outline import find_outline
from kyc_service.documents.viz_serial import reread_letters, with_letters

CODE_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPRSTUVYZ./"
SERIALS = {"id_card": ("document_number", SERIAL_SHAPE),
           "passport": ("passport_number", PASSPORT_SHAPE)}
OUTPUT_FIELDS = {
    "id_card": ("national_id", "surname", "given_names", "birth_date", "expiry_date",
                "document_number", "sex", "nationality"),
    "passport": ("national_id", "surname", "given_names", "birth_date", "expiry_date",
                 "passport_number", "sex", "nationality"),
}


@dataclass(frozen=True)
class VizSettings:
    px_per_mm: float = 12.0  # ~300 dpi: 2.5 mm type becomes ~20 px capitals
    names_languages: str = "tur"  # the Turkish model knows every Latin capital too
    codes_languages: str = "tur"  # measured: eng drops a leading letter
    oldest_birth_year: int = 1900
    max_validity_years: int = 15  # expiry further ahead than this is implausible
    max_second_reads: int = 3  # doubtful values read again alone (one engine call each)
    poor_fields: int = 2  # this many doubtful fields: try the outline found by its edges


@dataclass(frozen=True)
class VizResult:
    """`fields` as the API stores them (ISO dates), a 0..1 confidence per field, and
    findings (`fields_unreadable`, `viz_mrz_mismatch`) with field names, never values."""

    fields: dict[str, str | None]
    confidence: dict[str, float]
    findings: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"fields": dict(self.fields), "confidence": dict(self.confidence),
                "findings": list(self.findings)}


def extract_viz(image: ImageInput, kind: str, side: str, mrz: MrzResult | None = None, *,
                as_of: date | None = None, engine: OcrEngine | None = None,
                settings: VizSettings | None = None) -> VizResult:
    """Printed fields of an ID front (`id_card`, `front`) or passport (`data_page`)."""
    settings = settings or VizSettings()
    engine = engine or default_engine()
    as_of = as_of or date.today()
    names = OUTPUT_FIELDS[kind]
    rgb = as_rgb_array(image)
    rectified = rectify_document(rgb, kind, side, settings.px_per_mm)  # (1)
    best = None if rectified is None else _read_document(rectified, kind, side, as_of,
                                                         engine, settings)
    if best is None or _poor(best[1], names, settings):  # (1b) the outline by its edges
        spec = document_spec(kind, side)
        quad = find_outline(rgb, spec.aspect)
        if quad is not None:
            upright = warp_document(rgb, upright_corners(quad, spec.landscape), kind, side,
                                    settings.px_per_mm)
            other = _read_document(upright, kind, side, as_of, engine, settings)
            if best is None or _score(other[1], names) > _score(best[1], names):
                best = other
    if best is None:
        return _unreadable(names)
    fields, confidence = best
    findings = []
    missing = [name for name in names if not fields.get(name)]
    if missing:
        findings.append({"code": "fields_unreadable", "fields": missing})
    if mrz is not None:  # (5)
        differing = cross_check(fields, confidence, mrz.fields)
        if differing:
            findings.append({"code": "viz_mrz_mismatch", "fields": differing})
    return VizResult({name: fields.get(name) for name in names},
                     {name: round(confidence.get(name, 0.0), 3) for name in names}, findings)


def _poor(confidence: dict[str, float], names: tuple[str, ...], settings: VizSettings
          ) -> bool:
    """Several doubtful fields: more likely a misplaced outline than bad print."""
    return sum(confidence.get(name, 0.0) <= UNSURE for name in names) >= settings.poor_fields


def _score(confidence: dict[str, float], names: tuple[str, ...]) -> tuple[int, float]:
    """Trustworthy fields first, then total confidence: the better of two reads."""
    values = [confidence.get(name, 0.0) for name in names]
    return sum(value > UNSURE for value in values), sum(values)


def _read_document(rectified: Rectified, kind: str, side: str, as_of: date,
                   engine: OcrEngine, settings: VizSettings
                   ) -> tuple[dict[str, str | None], dict[str, float]]:
    """Steps (2)-(4) on one rectified document: fields and their confidences."""
    layout = layout_for(kind, side)
    scale = settings.px_per_mm
    crops = [c for box in layout.fields  # (2)
             if (c := cut_value(rectified.rgb, box, scale, layout.cap_mm)) is not None]
    raw = _read(crops, engine, settings)  # (3)
    fields, confidence = _parse(kind, raw, as_of, settings)  # (4)
    doubtful = [crop for crop in crops if crop.script == "codes"
                and confidence.get(_output_name(crop.name), 0.0) <= UNSURE]
    if doubtful and len(doubtful) <= settings.max_second_reads:  # (4b) read alone again
        again = {**raw, **_read_alone(doubtful, engine, settings)}
        second, second_conf = _parse(kind, again, as_of, settings)
        for name, value in second.items():
            if second_conf[name] > confidence.get(name, 0.0):
                fields[name], confidence[name] = value, second_conf[name]
                if name in again:
                    raw[name] = again[name]  # the read the value now comes from
    serial, shape = SERIALS[kind]
    value = fields.get(serial)
    crop = next((c for c in crops if c.name == serial), None)
    if crop is not None and value and confidence[serial] <= UNSURE and fits(value, shape):
        letters = reread_letters(crop, shape, engine, settings.codes_languages)  # (4c)
        if letters:
            fields[serial], confidence[serial] = with_letters(
                raw[serial], shape, value, confidence[serial], letters)
    return fields, confidence


def _unreadable(names: tuple[str, ...]) -> VizResult:
    return VizResult(dict.fromkeys(names), dict.fromkeys(names, 0.0),
                     [{"code": "fields_unreadable", "fields": list(names)}])


def _read(crops: list[ValueCrop], engine: OcrEngine, settings: VizSettings
          ) -> dict[str, Read]:
    """Field name -> what the engine read there; three engine calls at most.

    Values are set in a condensed bold face: pulled apart (`spaced`), no character is
    merged, lost or misread (J87R... as 187R..., ÖZDEMİR as ÖZDENİR). Codes are only read
    spaced. Names are read as printed too, because spacing hides where one word ends: the
    spaced read gives the letters, the printed read the word breaks (`_names`)."""
    names = [crop for crop in crops if crop.script == "names"]
    codes = [crop for crop in crops if crop.script == "codes"]
    names_request = OcrRequest(psm=6, languages=settings.names_languages)
    raw: dict[str, Read] = {}
    if names:
        printed = _read_stacked(names, engine, names_request)
        letters = _read_stacked([spaced(crop) for crop in names], engine, names_request)
        raw.update({name: _names(read, letters.get(name)) for name, read in printed.items()})
    if codes:
        raw.update(_read_stacked([spaced(crop) for crop in codes], engine, OcrRequest(
            psm=6, languages=settings.codes_languages, whitelist=CODE_CHARACTERS,
            choices=True)))
    return raw


def _names(printed: Read, letters: Read | None) -> Read:
    """The spaced read's letters in the printed read's words, when both saw as many
    letters; otherwise the printed read as it is."""
    if letters is None:
        return printed
    chars = [c for c in letters.text if not c.isspace()]
    if len(chars) != sum(not c.isspace() for c in printed.text):
        return printed
    feed = iter(chars)
    text = "".join(c if c.isspace() else next(feed) for c in printed.text)
    return Read(text, min(printed.conf, letters.conf) if text != printed.text
                else max(printed.conf, letters.conf))


def _read_stacked(group: list[ValueCrop], engine: OcrEngine, request: OcrRequest
                  ) -> dict[str, Read]:
    """One engine call over the stacked crops; words go back to their field by height."""
    stacked = stack(group)
    words: dict[str, list[OcrWord]] = {}
    for word in engine.words(stacked.image, request):
        name = stacked.field_at(word.centre_y)
        if name is not None:
            words.setdefault(name, []).append(word)
    raw = {}
    for name, found in words.items():
        found.sort(key=lambda word: word.box[0])
        raw[name] = Read(" ".join(word.text for word in found),
                         min(word.conf for word in found),
                         tuple(group for word in found for group in word.choices))
    return raw


def _output_name(crop_name: str) -> str:
    return "national_id" if crop_name == "national_id_2" else crop_name


def _read_alone(crops: list[ValueCrop], engine: OcrEngine, settings: VizSettings
                ) -> dict[str, Read]:
    """One line per call (psm 7): a doubtful value read without its neighbours."""
    request = OcrRequest(psm=7, languages=settings.codes_languages,
                         whitelist=CODE_CHARACTERS, choices=True)
    raw = {}
    for crop in crops:
        words = sorted(engine.words(stack([crop]).image, request), key=lambda w: w.box[0])
        if words:
            raw[crop.name] = Read(" ".join(w.text for w in words), min(w.conf for w in words),
                                  tuple(g for w in words for g in w.choices))
    return raw


def _parse(kind: str, raw: dict[str, Read], as_of: date, settings: VizSettings
           ) -> tuple[dict[str, str | None], dict[str, float]]:
    fields: dict[str, str | None] = {}
    confidence: dict[str, float] = {}

    def put(name: str, parsed: tuple[str | None, float]) -> None:
        fields[name], confidence[name] = parsed

    def read(name: str) -> Read:
        return raw.get(name, Read("", 0.0))

    born_from = date(settings.oldest_birth_year, 1, 1)
    put("surname", parse_name(read("surname")))
    put("given_names", parse_name(read("given_names")))
    put("birth_date", parse_date(read("birth_date"), born_from, as_of))
    latest_expiry = date(as_of.year + settings.max_validity_years, 12, 31)
    put("expiry_date", parse_date(read("expiry_date"), date(1990, 1, 1), latest_expiry))
    put("sex", parse_sex(read("sex")))
    put("nationality", parse_nationality(read("nationality")))
    put("national_id", _national_id(read("national_id"), read("national_id_2")))
    serial, shape = SERIALS[kind]
    put(serial, parse_serial(read(serial), shape))
    return fields, confidence


def _national_id(first: Read, second: Read) -> tuple[str | None, float]:
    """The ID card prints the number twice; two valid, equal reads are near certain."""
    reads = [parse_national_id(first)]
    if second.text:
        reads.append(parse_national_id(second))
    valid = [(value, conf) for value, conf in reads if value and conf >= 0.9]
    if len(valid) == 2:
        if valid[0][0] == valid[1][0]:
            return valid[0][0], 0.99
        return valid[0][0], 0.3  # two different valid numbers: a person must look
    if valid:
        return valid[0]
    return reads[0]

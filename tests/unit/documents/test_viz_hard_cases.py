"""ID fronts the first reading pass gets wrong: a pale card on a pale table (the colour
locator misses it) and serial letters the engine calls digits (J read as 1, then I)."""

from __future__ import annotations

import itertools
import math
import random
from datetime import date

import numpy as np
from PIL import Image, ImageDraw

from kyc_service.documents.ocr import default_engine
from kyc_service.documents.viz import extract_viz
from kyc_service.documents.viz_crops import ValueCrop, glyph_spans, spaced
from kyc_service.documents.viz_fields import UNSURE, Read
from kyc_service.documents.viz_locate import rectify_document
from kyc_service.documents.viz_outline import find_outline
from kyc_service.documents.viz_serial import reread_letters, with_letters
from tests.docgen.documents import render_id_front
from tests.docgen.drawing import SANS_NARROW_BOLD, font
from tests.docgen.identity import random_identity
from tests.docgen.photo import photograph

AS_OF = date(2025, 11, 1)
SERIAL = "LDDLDDDDD"


def test_the_edge_outline_lands_on_the_cards_true_corners() -> None:
    document = render_id_front(random_identity(random.Random("viz-outline")))
    aspect = document.width / document.height
    share, turn, frame = 0.4, 6.0, (1600, 1200)
    photo = photograph(document, random.Random(11), frame_size=frame, document_share=share,
                       center=(0.5, 0.5), rotation_deg=turn, tilt=0.0, fit_inside=False,
                       surface="light_table")
    width = math.sqrt(share * frame[0] * frame[1] * aspect)
    half = np.array([(-1, -1), (1, -1), (1, 1), (-1, 1)]) * (width / 2, width / aspect / 2)
    angle = math.radians(turn)
    rotation = np.array([[math.cos(angle), -math.sin(angle)],
                         [math.sin(angle), math.cos(angle)]])
    expected = half @ rotation.T + np.array(frame) / 2
    found = find_outline(np.asarray(photo), aspect)
    assert found is not None
    for corner in expected:  # 8 px is ~0.6 mm on this card
        assert np.linalg.norm(found - corner, axis=1).min() < 8


def test_no_outline_on_an_empty_table() -> None:
    table = np.asarray(photograph(None, random.Random(4), surface="light_wood"))
    assert find_outline(table, 85.6 / 53.98) is None


def test_a_pale_card_the_colour_locator_misses_is_read_from_its_edges() -> None:
    identity = random_identity(random.Random("viz-pale-card"))
    photo = photograph(render_id_front(identity), random.Random(21), document_share=0.45,
                       surface="light_table")
    assert rectify_document(photo, "id_card", "front", 12.0) is None  # the first locator
    result = extract_viz(photo, "id_card", "front", as_of=AS_OF)
    assert result.fields["national_id"] == identity.national_id
    assert result.fields["surname"] == identity.surname
    assert result.fields["document_number"] == identity.document_number
    assert result.fields["expiry_date"] == identity.expiry_date.isoformat()


def _serial_crop(text: str) -> ValueCrop:
    """The serial as the card prints it (narrow bold, ~22 px capitals), paper white."""
    image = Image.new("L", (200, 40), 255)
    ImageDraw.Draw(image).text((10, 4), text, font=font(SANS_NARROW_BOLD, 29), fill=10)
    return ValueCrop("document_number", "codes", np.asarray(image), 22)


def _gaps(spans: list[tuple[int, int]]) -> list[int]:
    return [start - end for (_, end), (start, _) in itertools.pairwise(spans)]


def test_glyphs_are_pulled_apart_one_per_character() -> None:
    crop = _serial_crop("J87R47111")
    assert len(glyph_spans(crop)) == 9
    assert min(_gaps(glyph_spans(crop))) <= 2  # as printed: nearly touching
    pulled = glyph_spans(spaced(crop))
    assert len(pulled) == 9 and min(_gaps(pulled)) >= 5


def test_the_letters_of_a_serial_are_read_again_with_only_letters_allowed() -> None:
    letters = reread_letters(_serial_crop("J87R47111"), SERIAL, default_engine(), "tur")
    assert letters is not None
    assert {place: letter for place, (letter, _) in letters.items()} == {0: "J", 3: "R"}


def test_a_letter_both_reads_agree_on_is_trusted_a_disputed_one_is_reviewed() -> None:
    rest = tuple(((ch, 0.9),) for ch in "87R47111")
    first = Read("187R47111", 0.5, ((("1", 0.9), ("J", 0.8)), *rest))
    agreed = with_letters(first, SERIAL, "J87R47111", UNSURE, {0: ("J", 0.93), 3: ("R", 0.92)})
    assert agreed == ("J87R47111", 0.9)
    disputed = with_letters(first, SERIAL, "I87R47111", UNSURE,
                            {0: ("J", 0.93), 3: ("R", 0.92)})
    assert disputed == ("J87R47111", UNSURE)

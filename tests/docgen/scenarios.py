"""Labelled sample photos: (document kind, side, case, seed) -> image and expected code.

Shared by the unit tests and the accuracy bench so both judge the same pictures. A
"case" is "good" or one quality code; every sample is reproducible from its seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from PIL import Image

from tests.docgen import defects
from tests.docgen.documents import (
    render_id_back,
    render_id_front,
    render_passport,
    render_utility_bill,
)
from tests.docgen.identity import Identity, random_identity
from tests.docgen.photo import photograph

DOCUMENT_SIDES = (("id_card", "front"), ("id_card", "back"), ("passport", "data_page"),
                  ("address_proof", "page"))
DEFECT_CODES = ("no_document", "cut_off", "glare", "blurry", "too_dark", "overexposed",
                "too_small", "low_resolution", "wrong_side")
CASES = ("good", *DEFECT_CODES)
# Phone frames: cards and passports fit a 2 MP frame; an A4 page needs ~8 MP for 150 dpi.
FRAME_SIZES = {"id_card": (1600, 1200), "passport": (1600, 1200),
               "address_proof": (3264, 2448)}
# A document far away in a full phone frame still has plenty of pixels: keep it that way.
TOO_SMALL_FRAME = (3264, 2448)
GOOD_SHARE = {"id_card": (0.28, 0.62), "passport": (0.3, 0.62), "address_proof": (0.45, 0.72)}


@dataclass(frozen=True)
class Sample:
    image: Image.Image
    kind: str
    side: str
    case: str
    seed: int


def applies(kind: str, case: str) -> bool:
    """Wrong side only exists for two-sided cards."""
    return case != "wrong_side" or kind == "id_card"


def render(kind: str, side: str, identity: Identity, rng: random.Random) -> Image.Image:
    if kind == "id_card":
        return render_id_front(identity) if side == "front" else render_id_back(identity)
    if kind == "passport":
        return render_passport(identity)
    issued = date(2025, 11, 1) - timedelta(days=rng.randint(1, 80))
    return render_utility_bill(identity, issued, rng)


def make_sample(kind: str, side: str, case: str, seed: int,
                frame_size: tuple[int, int] | None = None) -> Sample:
    """One photo of `kind`/`side` showing `case`, drawn from `seed`."""
    rng = random.Random(f"{kind}:{side}:{case}:{seed}")
    identity = random_identity(rng)
    document = render(kind, side, identity, rng)
    frame = frame_size or FRAME_SIZES[kind]
    if case == "good":
        image = photograph(document, rng, frame_size=frame,
                           document_share=rng.uniform(*GOOD_SHARE[kind]))
    elif case == "no_document":
        image = defects.no_document(rng, frame_size=frame)
    elif case == "wrong_side":
        image = defects.wrong_side(identity, rng, claimed_side=side, frame_size=frame)
    else:
        make = getattr(defects, case)
        if case == "too_small" and frame_size is None:
            frame = max(frame, TOO_SMALL_FRAME)
        options: dict[str, object] = {"frame_size": frame}
        if case in ("glare", "too_dark", "overexposed"):
            options["document_share"] = rng.uniform(*GOOD_SHARE[kind])
        image = make(document, rng, **options)
    return Sample(image, kind, side, case, seed)

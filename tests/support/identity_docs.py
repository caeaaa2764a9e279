"""A person, their document photo and a matching customer profile, for tests where the
document should be accepted (or fail for exactly one planted reason)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from tests.docgen.documents import render_id_back, render_id_front, render_passport
from tests.docgen.identity import Identity, random_identity
from tests.docgen.photo import photograph, to_jpeg_bytes

RENDERERS = {("id_card", "front"): render_id_front, ("id_card", "back"): render_id_back,
             ("passport", "data_page"): render_passport}


def identity(seed: int, **overrides: Any) -> Identity:
    """A generated person whose documents are valid today unless overridden."""
    overrides.setdefault("expiry_date", date.today() + timedelta(days=3 * 365))
    return random_identity(random.Random(seed), **overrides)


def profile_of(person: Identity, **overrides: Any) -> dict[str, Any]:
    return {"given_names": person.given_names.title(), "surname": person.surname.title(),
            "birth_date": person.birth_date.isoformat(), "national_id": person.national_id,
            **overrides}


def shot(document: Any, seed: int) -> bytes:
    rng = random.Random(seed)
    return to_jpeg_bytes(photograph(document, rng, frame_size=(1600, 1200),
                                    document_share=0.5))


def photo_of(person: Identity, kind: str, side: str, seed: int = 1) -> bytes:
    return shot(RENDERERS[(kind, side)](person), seed)

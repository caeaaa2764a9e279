"""T.C. Kimlik No checksum and the masks agents see."""

from __future__ import annotations

import random

import pytest

from kyc_service.customers.masking import mask_email, mask_middle, mask_phone, masked_view
from kyc_service.customers.national_id import (
    complete_turkish_national_id,
    turkish_national_id_is_valid,
)


@pytest.mark.parametrize("value, valid", [
    ("10000000146", True),
    ("12345678028", True),
    ("10000000147", False),   # last digit off
    ("10000000156", False),   # tenth digit off
    ("01234567890", False),   # leading zero
    ("1000000014", False),    # too short
    ("1000000014a", False),
    ("１0000000146", False),  # full-width digit is not ASCII
])
def test_national_id_checksum(value, valid):
    assert turkish_national_id_is_valid(value) is valid


def test_completed_ids_are_valid_and_any_single_digit_change_is_caught():
    rng = random.Random(7)
    for _ in range(200):
        value = complete_turkish_national_id(str(rng.randrange(100_000_000, 999_999_999)))
        assert turkish_national_id_is_valid(value)
        position = rng.randrange(9, 11)
        changed = value[:position] + str((int(value[position]) + rng.randrange(1, 10)) % 10) + \
            value[position + 1:]
        assert not turkish_national_id_is_valid(changed)


def test_masks():
    assert mask_middle("10000000146", 2, 2) == "10*******46"
    assert mask_phone("+905321234567") == "+90********67"
    assert mask_email("ayse.yilmaz@example.com") == "ay*********@e******.com"
    view = masked_view({"national_id": "10000000146", "birth_date": "1990-04-12",
                        "address": {"line1": "Atatürk Cad. 5", "city": "İzmir",
                                    "country": "TUR"}, "surname": "Kaya"})
    assert view["birth_date"] == "1990-**-**"
    assert view["address"] == {"line1": "***", "city": "İzmir", "country": "TUR"}
    assert view["surname"] == "Kaya"

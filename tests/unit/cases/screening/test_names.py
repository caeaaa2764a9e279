from __future__ import annotations

import pytest

from cases.screening.countries import ALPHA3_CODES, to_alpha3
from cases.screening.names import ascii_fold, name_tokens, turkish_casefold
from cases.screening.variants import consonant_skeleton, variant_group


def test_python_lower_is_wrong_for_turkish_and_ours_is_not() -> None:
    assert "İ".lower() != "i"  # the trap: "i" + COMBINING DOT ABOVE
    assert turkish_casefold("İSMAİL IŞIK") == "ismail ışık"
    assert turkish_casefold("IĞDIR") == "ığdır"


@pytest.mark.parametrize(
    ("written", "tokens"),
    [("ŞENOL GÜNEŞ", ("senol", "gunes")),
     ("Senol Gunes", ("senol", "gunes")),
     ("İsmail", ("ismail",)), ("ISMAIL", ("ismail",)), ("ismail", ("ismail",)),
     ("IŞIK Çağlar", ("isik", "caglar")), ("Işık ÇAĞLAR", ("isik", "caglar")),
     ("ÖZGÜR ÜNAL", ("ozgur", "unal")),
     ("Søren Müller-Łukasz", ("soren", "muller", "lukasz")),
     ("Владимир Путин", ("vladimir", "putin")),
     ("Dr. Mehmet Ali Bey", ("mehmet", "ali")),
     ("Sheikh Usama bin Ladin", ("usama", "ladin")),
     ("O'Neil, J.", ("oneil",)),
     ("SENOL<<GUNES", ("senol", "gunes"))],
)
def test_name_tokens_fold_every_source_to_the_same_tokens(
    written: str, tokens: tuple[str, ...]
) -> None:
    assert name_tokens(written) == tokens


@pytest.mark.parametrize(
    "spelling", ["Abd al-Rahman", "Abdul Rahman", "Abdulrahman", "Abdurrahman", "Abd-ur-Rahman"]
)
def test_abd_compounds_become_one_token(spelling: str) -> None:
    assert name_tokens(spelling) == ("abdrahman",)


def test_ascii_fold_keeps_ascii_untouched_but_lowercased() -> None:
    assert ascii_fold("Mc Donald 3rd") == "mc donald 3rd"


@pytest.mark.parametrize(
    "spellings",
    [("mehmet", "muhammad", "mohammed", "mohamed"), ("huseyin", "hussein", "husayn"),
     ("omer", "umar", "omar"), ("yusuf", "youssef")],
)
def test_variant_groups_join_romanisations(spellings: tuple[str, ...]) -> None:
    assert len({variant_group(s) for s in spellings}) == 1


def test_consonant_skeleton_ignores_vowels_and_final_devoicing() -> None:
    assert consonant_skeleton("mahmud") == consonant_skeleton("mahmut")
    assert consonant_skeleton("khalid") == consonant_skeleton("halit")
    assert consonant_skeleton("ali") is None  # too short to mean anything


@pytest.mark.parametrize(
    ("value", "code"),
    [("TR", "TUR"), ("tur", "TUR"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("turkiye", "TUR"),
     ("Almanya", "DEU"), ("İngiltere", "GBR"), ("Iran (Islamic Republic of)", "IRN"),
     ("Syrian Arab Republic", "SYR"), ("Democratic People's Republic of Korea", "PRK"),
     ("Mısır", "EGY"), ("Atlantis", None), ("00", None)],
)
def test_countries_map_codes_and_names_to_alpha3(value: str, code: str | None) -> None:
    assert to_alpha3(value) == code


def test_country_table_covers_iso_3166() -> None:
    assert len(ALPHA3_CODES) == 250  # 249 ISO 3166-1 countries + Kosovo (XKX)

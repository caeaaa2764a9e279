from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

import pytest

from cases.screening import (
    BirthDate,
    EntityType,
    Hit,
    ListCategory,
    ListEntry,
    ScreeningIndex,
    ScreeningList,
    ScreeningSettings,
)
from cases.screening.entries import ListBuilder
from kyc_service.core.errors import ValidationFailed


def make_list(name: str, entries: Sequence[ListEntry]) -> ScreeningList:
    builder = ListBuilder(name, "test")
    for entry in entries:
        builder.add(entry, entry.entry_id)
    return builder.build()


def person(entry_id: str, name: str, *aliases: str, born: Sequence[BirthDate] = (),
           nationalities: Sequence[str] = (), list_name: str = "UN",
           category: ListCategory = ListCategory.SANCTIONS,
           weak: Sequence[str] = ()) -> ListEntry:
    return ListEntry(list_name, entry_id, name, tuple(aliases), tuple(weak), tuple(born),
                     tuple(nationalities), EntityType.PERSON, category)


SANCTIONS = make_list("UN", [
    person("1", "ŞENOL GÜNEŞ", born=[BirthDate(1952, 6, 1)], nationalities=["TUR"]),
    person("2", "İSMAİL KAHRAMAN", born=[BirthDate(1940)]),
    person("3", "Usama Muhammed Awad BIN LADIN", "Osama bin Laden",
           born=[BirthDate(1957, 3, 10)], nationalities=["SAU"], weak=["Abu Abdallah"]),
    person("4", "Muhammad Yousef al-Tikriti", born=[BirthDate(1961, approximate=True)]),
    person("5", "Hüseyin Zorlutuna"),
    ListEntry("UN", "6", "Zorlutuna Holding", entity_type=EntityType.ORGANISATION),
])


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex([SANCTIONS])


def ids(hits: Sequence[Hit]) -> list[str]:
    return [hit.entry_id for hit in hits]


@pytest.mark.parametrize(
    ("query", "entry_id"),
    [("Senol Gunes", "1"), ("şenol güneş", "1"), ("SENOL GUNES", "1"),
     ("İsmail Kahraman", "2"), ("ISMAIL KAHRAMAN", "2"), ("ismail kahraman", "2"),
     ("Ismail Kahraman", "2"), ("ıSMAıL KAHRAMAN", "2")],
)
def test_turkish_letters_and_case_do_not_matter(
    index: ScreeningIndex, query: str, entry_id: str
) -> None:
    original = {"1": "ŞENOL GÜNEŞ", "2": "İSMAİL KAHRAMAN"}[entry_id]
    hits = index.screen(query)

    assert ids(hits) == [entry_id]
    assert hits[0].score == index.screen(original)[0].score >= 90


@pytest.mark.parametrize(
    ("query", "entry_id"),
    [("GÜNEŞ ŞENOL", "1"), ("Kahraman, İsmail", "2"),  # reordered
     ("Usama Bin Ladin", "3"), ("Usama Muhammed Ladin", "3"),  # missing middle names
     ("Şenol Ahmet Güneş", "1"),  # the customer has a middle name the list lacks
     ("Senol Gunez", "1"), ("Snol Gunes", "1"), ("Usmaa Muhammed Awad Ladin", "3"),  # typos
     ("Ismail Kahramann", "2"),
     ("Mohammed Yusuf Tikriti", "4"), ("Mehmet Yusuf El-Tikriti", "4"),  # romanisation
     ("Huseyin Zorlutuna", "5"), ("Hussein Zorlutuna", "5")],
)
def test_fuzzy_matches_are_found(index: ScreeningIndex, query: str, entry_id: str) -> None:
    hits = index.screen(query)

    assert entry_id in ids(hits), [(h.entry_id, h.score, h.why) for h in hits]


def test_unrelated_names_do_not_match(index: ScreeningIndex) -> None:
    assert index.screen("Ayşe Demirtaş") == []
    assert index.screen("Hasan Zorlutuna") == []  # Hasan and Hüseyin are different names
    assert index.screen("") == []


def test_why_explains_the_match(index: ScreeningIndex) -> None:
    (hit,) = index.screen("GÜNEZ Şenol", birth_date="1952-06-01", nationality="TR")

    assert "transliterated" in hit.why
    assert "gunez~gunes (one letter differs)" in hit.why
    assert "birth date 1952-06-01 agrees" in hit.why
    assert "nationality TUR agrees" in hit.why
    assert hit.matched_name == "ŞENOL GÜNEŞ"


def test_birth_date_conflict_lowers_the_score() -> None:
    everything = ScreeningIndex([SANCTIONS], ScreeningSettings(report_threshold=0))

    def score(birth_date: dt.date | str | None = None) -> float:
        hits = everything.screen("Usama Bin Ladin", birth_date=birth_date)
        return next(h.score for h in hits if h.entry_id == "3")

    agreeing, unknown = score(birth_date=dt.date(1957, 3, 10)), score()
    same_year, conflicting = score(birth_date="1957-11-02"), score(birth_date="1985-03-10")
    assert agreeing > unknown > same_year > conflicting
    assert unknown - conflicting >= 25


def test_birth_date_conflict_removes_the_hit(index: ScreeningIndex) -> None:
    assert ids(index.screen("Usama Bin Ladin", birth_date="1957")) == ["3"]
    assert index.screen("Usama Bin Ladin", birth_date="1990-01-01") == []


def test_approximate_list_year_tolerates_one_year(index: ScreeningIndex) -> None:
    (hit,) = index.screen("Muhammad Yousef al-Tikriti", birth_date="1962-05-05")

    assert "close to approximate" in hit.why


def test_nationality_conflict_lowers_the_score(index: ScreeningIndex) -> None:
    (same,) = index.screen("Senol Gunes", nationality="Türkiye")
    (other,) = index.screen("Senol Gunes", nationality="DE")

    assert same.score > other.score
    assert "nationality DEU differs" in other.why


def test_weak_alias_matches_with_a_penalty() -> None:
    everything = ScreeningIndex([SANCTIONS], ScreeningSettings(report_threshold=0))

    (hit,) = [h for h in everything.screen("Abu Abdallah") if h.entry_id == "3"]

    assert hit.matched_name == "Abu Abdallah"
    assert "weak alias" in hit.why
    assert hit.score <= 100 - ScreeningSettings().weak_alias_penalty


def test_entity_type_filter(index: ScreeningIndex) -> None:
    assert "6" not in ids(index.screen("Zorlutuna Holding", entity_type=EntityType.PERSON))
    assert ids(index.screen("Zorlutuna Holding", entity_type=EntityType.ORGANISATION)) == ["6"]


TR_GIVEN = ["Mehmet", "Ahmet", "Ali", "Mustafa", "Hasan", "Hüseyin", "İbrahim", "Emine", "Fatma"]
TR_SURNAMES = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın"]


@pytest.fixture(scope="module")
def common_names_index() -> ScreeningIndex:
    """A PEP list full of common Turkish names, none of them exactly "Mehmet Yılmaz"."""
    entries = []
    for number, (first, middle, last) in enumerate(
        itertools.product(TR_GIVEN, [*TR_GIVEN, ""], TR_SURNAMES)
    ):
        if first != middle and (first, middle, last) != ("Mehmet", "", "Yılmaz"):
            name = " ".join(part for part in (first, middle, last) if part)
            entries.append(person(f"P{number}", name, list_name="PEP-TR",
                                  category=ListCategory.PEP, born=[BirthDate(1960 + number % 30)]))
    return ScreeningIndex([make_list("PEP-TR", entries)])


@pytest.mark.parametrize("query", ["Mehmet Yılmaz", "Ali", "Mehmet", "Ayşe Kaya", "Ali Veli"])
def test_common_names_do_not_flood(common_names_index: ScreeningIndex, query: str) -> None:
    assert common_names_index.entry_count > 500
    assert common_names_index.screen(query) == []


def test_common_name_missing_a_middle_name_needs_the_birth_date() -> None:
    index = ScreeningIndex(
        [make_list("X", [person("M", "Mehmet Ali Yılmaz", born=[BirthDate(1970, 1, 2)])])]
    )

    assert index.screen("Mehmet Yılmaz") == []
    (hit,) = index.screen("Mehmet Yılmaz", birth_date="1970-01-02")
    assert hit.entry_id == "M"
    assert "common or short name" in hit.why


def test_many_exact_namesakes_are_capped_and_birth_date_picks_one() -> None:
    namesakes = make_list("PEP-TR", [
        person(f"N{year}", "Mehmet Yılmaz", born=[BirthDate(year, 4, 1)], list_name="PEP-TR",
               category=ListCategory.PEP)
        for year in range(1950, 1990)
    ])
    index = ScreeningIndex([namesakes])

    assert len(index.screen("Mehmet Yılmaz")) == ScreeningSettings().max_hits
    (hit,) = index.screen("Mehmet Yılmaz", birth_date="1971-04-01")
    assert hit.entry_id == "N1971"
    assert hit.category is ListCategory.PEP


def test_match_key_is_stable_and_tracks_changes(index: ScreeningIndex) -> None:
    (first,) = index.screen("Şenol Güneş", birth_date="1952-06-01")
    (reordered,) = ScreeningIndex([SANCTIONS]).screen("GUNES SENOL", birth_date="1952-06-01")
    (older,) = index.screen("Şenol Güneş", birth_date="1952-06-02")
    changed_entry = make_list("UN", [person("1", "ŞENOL GÜNEŞ", "Şenol Gunesh",
                                            born=[BirthDate(1952, 6, 1)], nationalities=["TUR"])])
    (after_list_update,) = ScreeningIndex([changed_entry]).screen("Şenol Güneş",
                                                                   birth_date="1952-06-01")

    assert first.match_key == reordered.match_key
    assert first.match_key.startswith("UN/1/")
    assert first.match_key != older.match_key
    assert first.match_key != after_list_update.match_key


def test_invalid_qualifiers_are_rejected(index: ScreeningIndex) -> None:
    with pytest.raises(ValidationFailed):
        index.screen("Senol Gunes", birth_date="31.02.1952")
    with pytest.raises(ValidationFailed):
        index.screen("Senol Gunes", nationality="Atlantis")

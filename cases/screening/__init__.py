"""Sanctions and PEP screening: list parsers, name normalisation, fuzzy matching.

Pure Python (no Flask, no database). Persisting reviewed hits is the caller's job,
keyed by `Hit.match_key`.
"""

from cases.screening.csv_list import parse_csv_list
from cases.screening.entries import BirthDate, EntityType, ListCategory, ListEntry, ScreeningList
from cases.screening.errors import ListMalformed
from cases.screening.eu_xml import parse_eu_xml
from cases.screening.ftm_json import parse_ftm_json
from cases.screening.matcher import Hit, ScreeningIndex
from cases.screening.settings import ScreeningSettings
from cases.screening.un_xml import parse_un_xml

__all__ = [
    "BirthDate",
    "EntityType",
    "Hit",
    "ListCategory",
    "ListEntry",
    "ListMalformed",
    "ScreeningIndex",
    "ScreeningList",
    "ScreeningSettings",
    "parse_csv_list",
    "parse_eu_xml",
    "parse_ftm_json",
    "parse_un_xml",
]

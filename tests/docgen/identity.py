"""A fake Turkish person with internally consistent document data.

Other test helpers (MRZ, OCR) import `Identity` and `random_identity`; keep the names.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from kyc_service.customers.national_id import complete_turkish_national_id

MALE_NAMES = ("AHMET", "MEHMET", "MUSTAFA", "İSMAİL", "ÇAĞRI", "OĞUZ", "ŞÜKRÜ", "İLKER",
              "BURAK", "EMRE", "GÖKHAN", "ÖMER", "HÜSEYİN", "YUSUF", "KEREM")
FEMALE_NAMES = ("AYŞE", "FATMA", "ZEYNEP", "ELİF", "GÜL", "ŞEYMA", "ÖZLEM", "İREM",
                "ÇİĞDEM", "DİLEK", "BÜŞRA", "NUR", "SEVGİ", "TUĞBA", "MERVE")
SURNAMES = ("YILMAZ", "KAYA", "DEMİR", "ŞAHİN", "ÇELİK", "YILDIZ", "ÖZTÜRK", "AYDIN",
            "ÖZDEMİR", "ARSLAN", "DOĞAN", "KILIÇ", "ÇAKIR", "GÜNEŞ", "KOÇ", "ERDOĞAN",
            "KARAGÖZOĞLU", "İNCE", "ŞİMŞEK", "ÜNAL")
STREETS = ("Atatürk Cad.", "Cumhuriyet Mah.", "İstiklal Cad.", "Gül Sok.", "Çınar Sok.",
           "Bağdat Cad.", "Şehit Öğretmen Sok.", "Karanfil Sok.")
DISTRICTS = (("Kadıköy", "İstanbul"), ("Çankaya", "Ankara"), ("Konak", "İzmir"),
             ("Nilüfer", "Bursa"), ("Muratpaşa", "Antalya"), ("Selçuklu", "Konya"),
             ("Şahinbey", "Gaziantep"), ("Üsküdar", "İstanbul"))
LETTERS = "ABCDEFGHJKLMNPRSTUVYZ"


@dataclass(frozen=True)
class Identity:
    """Everything printed on a person's documents; names keep Turkish letters."""

    surname: str
    given_names: str
    birth_date: date
    sex: str  # "M" or "F"
    national_id: str
    document_number: str  # ID card serial, e.g. "A12B34567"
    passport_number: str  # e.g. "U12345678"
    expiry_date: date
    mother_name: str
    father_name: str
    address: str
    nationality: str = "TUR"


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def random_identity(rng: random.Random, **overrides: object) -> Identity:
    """Draw a plausible adult; `overrides` replace any field after drawing."""
    sex = rng.choice("MF")
    given_pool = MALE_NAMES if sex == "M" else FEMALE_NAMES
    given = rng.choice(given_pool)
    if rng.random() < 0.3:
        given = f"{given} {rng.choice([n for n in given_pool if n != given])}"
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    expiry = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 365 * 9))
    district, city = rng.choice(DISTRICTS)
    address = (f"{rng.choice(STREETS)} No:{rng.randint(1, 199)} D:{rng.randint(1, 40)}, "
               f"{district} / {city}")
    serial = (rng.choice(LETTERS) + _digits(rng, 2) + rng.choice(LETTERS) + _digits(rng, 5))
    identity = Identity(
        surname=rng.choice(SURNAMES),
        given_names=given,
        birth_date=birth,
        sex=sex,
        national_id=complete_turkish_national_id(str(rng.randint(1, 9)) + _digits(rng, 8)),
        document_number=serial,
        passport_number="U" + _digits(rng, 8),
        expiry_date=expiry,
        mother_name=rng.choice(FEMALE_NAMES),
        father_name=rng.choice(MALE_NAMES),
        address=address,
    )
    return replace(identity, **overrides) if overrides else identity

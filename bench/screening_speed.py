"""Screening speed on a synthetic 100,000-entry list in the UN consolidated XML format.

    .venv/bin/python bench/screening_speed.py [--entries 100000] [--queries 2000]
        [--customers 10000] [--seed 7]

Writes the list to a temporary file (streamed with lxml's xmlfile), parses it with
`parse_un_xml`, builds a `ScreeningIndex`, then times single queries (half of them
perturbed list names, half ordinary Turkish customer names) and a re-screen of a
customer base. Prints a Markdown table. Single-threaded; leaves no files behind.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from cases.screening import ScreeningIndex, parse_un_xml


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


TR_GIVEN = words("""
    Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim İsmail Osman Yusuf Murat Ömer Ramazan Halil
    Süleyman Abdullah Mahmut Salih Kemal Recep Emre Burak Fatih Hakan Serkan Fatma Ayşe Emine
    Hatice Zeynep Elif Meryem Sultan Yasemin Leyla Şenol Çağrı Gökhan Özgür Tuğba Gülşen Işıl
    Ilgaz Doğan Erdem Cengiz Barış Ümit Onur Kübra""")
TR_SURNAMES = words("""
    Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan
    Çetin Kara Koç Kurt Özkan Şimşek Polat Özcan Korkmaz Çakır Erdoğan Yavuz Can Acar Şen Aktaş
    Güler Yalçın Güneş Bozkurt Bulut Keskin Ünal Turan Gül Işık Kaplan Avcı Sarı Tekin Taş Köse
    Yüksel Ateş Aksoy Karaca Ekinci Tunç Uçar""")
AR_GIVEN = words("""
    Muhammad Mohammed Ahmad Ali Hasan Husayn Umar Uthman Abdullah Abdulrahman Ibrahim Yusuf
    Khalid Said Mahmud Mustafa Hamza Usama Tariq Karim Nasir Jamal Rashid Salih Yunus Musa Isa
    Ayman Bilal Anwar Faisal Ziyad Walid Sami Adnan Fatima Aisha Khadija Zaynab Maryam""")
RU_GIVEN = words("""
    Sergei Aleksandr Dmitri Andrei Vladimir Ivan Mikhail Nikolai Oleg Yuri Igor Pavel Viktor
    Anatoly Boris Yelena Olga Tatiana Natalia Irina""")
RU_SURNAMES = words("""
    Ivanov Smirnov Kuznetsov Popov Petrov Sokolov Volkov Morozov Novikov Fedorov Lebedev Kozlov
    Orlov Pavlov Makarov Zaitsev Romanov Belov""")
WEST_GIVEN = words("John James Michael David Robert William Maria Anna Peter Thomas Hans Pierre")
ENTITY_WORDS = words("""
    Trading Holding Import Export General Petroleum Shipping Logistics Finance Investment
    Construction Technology Energy Mining Foundation Charity""")
COUNTRIES = ("Afghanistan", "Iraq", "Syrian Arab Republic", "Iran (Islamic Republic of)",
             "Russian Federation", "Türkiye", "Yemen", "Somalia", "Libya", "Sudan", "Pakistan",
             "Democratic People's Republic of Korea", "Lebanon", "Egypt", "Saudi Arabia",
             "Belarus", "Germany", "France")
SYLLABLES = words("""
    ka la ma na ra sa ta ya za ba da fa ga ha ja ki li mi ni ri si ti zi bu du gu hu ku lu mu
    nu ru su tu yu zo ro mo no bo do go ho jo ko lo so to vo kha sha dar gul han bek zad mir
    abad ov ev in ski ian ani oglu zade lar ler""")
ARABIC_NISBA_PREFIX = ("al-", "Al ", "bin ", "")
DATAID_BASE = 6_900_000


def rare_surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def person_name(rng: random.Random) -> list[str]:
    style = rng.random()
    if style < 0.35:
        parts = [rng.choice(AR_GIVEN), rng.choice(AR_GIVEN)]
        surname = rng.choice(ARABIC_NISBA_PREFIX) + rare_surname(rng)
        return [*parts, surname] if rng.random() < 0.7 else [parts[0], surname]
    if style < 0.6:
        surname = rng.choice(TR_SURNAMES) if rng.random() < 0.3 else rare_surname(rng)
        given = [rng.choice(TR_GIVEN)] + ([rng.choice(TR_GIVEN)] if rng.random() < 0.3 else [])
        return [*given, surname]
    if style < 0.8:
        surname = rng.choice(RU_SURNAMES) if rng.random() < 0.4 else rare_surname(rng) + "ov"
        return [rng.choice(RU_GIVEN), rng.choice(RU_GIVEN) + "ovich", surname]
    return [rng.choice((*WEST_GIVEN, *AR_GIVEN)), rare_surname(rng), rare_surname(rng)]


def typo(rng: random.Random, word: str) -> str:
    """Replace one inner letter (never a space or hyphen) of a word of 5+ letters."""
    letters = [i for i in range(1, len(word) - 1) if word[i].isalpha()]
    if len(word) < 5 or not letters:
        return word
    position = rng.choice(letters)
    return word[:position] + rng.choice("aeiklmnrstuy") + word[position + 1:]


def _text(parent: etree._Element, tag: str, value: str) -> None:
    etree.SubElement(parent, tag).text = value


def individual(rng: random.Random, number: int, parts: list[str]) -> etree._Element:
    element = etree.Element("INDIVIDUAL")
    _text(element, "DATAID", str(DATAID_BASE + number))
    _text(element, "VERSIONNUM", "1")
    for tag, value in zip(("FIRST_NAME", "SECOND_NAME", "THIRD_NAME"), parts, strict=False):
        _text(element, tag, value.upper() if rng.random() < 0.5 else value)
    _text(element, "UN_LIST_TYPE", rng.choice(("Al-Qaida", "DPRK", "Libya", "Iraq")))
    _text(element, "REFERENCE_NUMBER", f"QDi.{number:06d}")
    listed_on = f"20{rng.randint(0, 24):02d}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    _text(element, "LISTED_ON", listed_on)
    nationality = etree.SubElement(element, "NATIONALITY")
    _text(nationality, "VALUE", rng.choice(COUNTRIES))
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        alias = etree.SubElement(element, "INDIVIDUAL_ALIAS")
        variant = parts[::-1] if rng.random() < 0.3 else [typo(rng, p) for p in parts]
        low = rng.random() < 0.25
        _text(alias, "QUALITY", "Low" if low else "Good")
        _text(alias, "ALIAS_NAME", ("Abu " + parts[-1]) if low else " ".join(variant))
    for _ in range(rng.choice((0, 1, 1, 1, 2))):
        dob = etree.SubElement(element, "INDIVIDUAL_DATE_OF_BIRTH")
        year = rng.randint(1940, 2000)
        if rng.random() < 0.7:
            _text(dob, "TYPE_OF_DATE", "EXACT")
            _text(dob, "DATE", f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        else:
            _text(dob, "TYPE_OF_DATE", "APPROXIMATELY")
            _text(dob, "YEAR", str(year))
    return element


def entity(rng: random.Random, number: int) -> etree._Element:
    element = etree.Element("ENTITY")
    _text(element, "DATAID", str(DATAID_BASE + number))
    name = f"{rare_surname(rng)} {' '.join(rng.sample(ENTITY_WORDS, 2))}"
    _text(element, "FIRST_NAME", name)
    _text(element, "REFERENCE_NUMBER", f"QDe.{number:06d}")
    alias = etree.SubElement(element, "ENTITY_ALIAS")
    _text(alias, "QUALITY", "Good")
    _text(alias, "ALIAS_NAME", name.upper() + " LLC")
    return element


def write_un_xml(path: Path, count: int, rng: random.Random) -> list[list[str]]:
    """Stream `count` entries to `path`; return the listed individuals' name parts."""
    listed: list[list[str]] = []
    with etree.xmlfile(str(path), encoding="utf-8") as xml, xml.element("CONSOLIDATED_LIST"):
        with xml.element("INDIVIDUALS"):
            for number in range(int(count * 0.9)):
                parts = person_name(rng)
                listed.append(parts)
                xml.write(individual(rng, number, parts))
        with xml.element("ENTITIES"):
            for number in range(int(count * 0.9), count):
                xml.write(entity(rng, number))
    return listed


def queries(
    rng: random.Random, listed: list[list[str]], count: int
) -> Iterator[tuple[str, str | None]]:
    """(name, expected DATAID): half perturbed list names (typo in every part, reordered,
    or middle names dropped), half ordinary Turkish customer names (expected None)."""
    for number in range(count):
        if number % 2 == 0:
            position = rng.randrange(len(listed))
            parts = list(listed[position])
            change = rng.random()
            if change < 0.3:
                parts = [typo(rng, p) for p in parts]
            elif change < 0.6 and len(parts) > 2:
                parts = [parts[0], parts[-1]]
            elif change < 0.8:
                parts.reverse()
            yield " ".join(parts), str(DATAID_BASE + position)
        else:
            given = [rng.choice(TR_GIVEN) for _ in range(rng.choice((1, 1, 2)))]
            yield " ".join([*given, rng.choice(TR_SURNAMES)]), None


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "un_consolidated.xml"
        started = time.perf_counter()
        listed = write_un_xml(path, args.entries, rng)
        rows.append(("list written (XML)", f"{path.stat().st_size / 1e6:.0f} MB in "
                     f"{time.perf_counter() - started:.1f} s"))
        started = time.perf_counter()
        screening_list = parse_un_xml(path)
        rows.append(("parse_un_xml", f"{len(screening_list.entries):,} entries in "
                     f"{time.perf_counter() - started:.1f} s"))
    started = time.perf_counter()
    index = ScreeningIndex([screening_list])
    rows.append(("index build", f"{time.perf_counter() - started:.1f} s"))
    timings: list[float] = []
    found = listed_queries = flagged_customers = 0
    for query, expected in queries(rng, listed, args.queries):
        started = time.perf_counter()
        hits = index.screen(query)
        timings.append((time.perf_counter() - started) * 1000)
        if expected is None:
            flagged_customers += bool(hits)
        else:
            listed_queries += 1
            found += expected in {hit.entry_id for hit in hits}
    rows.append((f"single query, {len(timings):,} queries (ms)",
                 f"median {statistics.median(timings):.2f}, p95 {percentile(timings, 0.95):.2f}, "
                 f"p99 {percentile(timings, 0.99):.2f}, max {max(timings):.2f}"))
    rows.append(("perturbed list names: listed entry among hits",
                 f"{found:,} of {listed_queries:,}"))
    rows.append(("random Turkish customer names with a hit (no birth date)",
                 f"{flagged_customers:,} of {len(timings) - listed_queries:,}"))
    customers = list(queries(rng, listed, args.customers))
    started = time.perf_counter()
    flagged = {True: 0, False: 0}
    for number, (customer, expected) in enumerate(customers):
        birth = f"{1950 + number % 50}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        hits = index.screen(customer, birth_date=birth, nationality="TUR")
        flagged[expected is None] += bool(hits)
    elapsed = time.perf_counter() - started
    rows.append((f"re-screen {len(customers):,} customers (random birth date, TUR)",
                 f"{elapsed:.1f} s ({elapsed / len(customers) * 1000:.2f} ms each); with hits: "
                 f"{flagged[False]:,} perturbed list names, {flagged[True]:,} Turkish names"))
    print("| step | result |\n|---|---|")
    for step, result in rows:
        print(f"| {step} | {result} |")


if __name__ == "__main__":
    main()

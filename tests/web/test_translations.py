"""Every text on the pages has a Turkish translation, and catalogs compile on start-up."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from kyc_service.web import i18n

WEB_DIR = Path(i18n.__file__).parent
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def extracted_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            WEB_DIR, METHODS, keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def turkish_catalog():
    with (WEB_DIR / "translations" / "tr" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale="tr")


def test_every_page_text_is_translated_into_turkish():
    catalog = turkish_catalog()
    messages = extracted_messages()
    assert len(messages) > 40  # the extraction itself works
    missing = sorted(m for m in messages if not catalog.get(m) or not catalog.get(m).string)
    assert not missing, f"add Turkish for: {missing}"
    stale = sorted(m.id for m in catalog if m.id and m.id not in messages)
    assert not stale, f"no longer used: {stale}"
    fuzzy = sorted(m.id for m in catalog if m.id and m.fuzzy)
    assert not fuzzy


def test_translations_keep_their_placeholders():
    for message in turkish_catalog():
        if message.id:
            assert sorted(PLACEHOLDER.findall(message.id)) == sorted(
                PLACEHOLDER.findall(message.string)), message.id


def test_catalogs_compile_once_and_atomically(tmp_path):
    assert i18n.compile_catalogs(tmp_path) == ["tr"]
    mo = tmp_path / "tr" / "LC_MESSAGES" / "messages.mo"
    first = mo.stat().st_mtime_ns
    assert i18n.compile_catalogs(tmp_path) == ["tr"]
    assert mo.stat().st_mtime_ns == first  # unchanged bytes are not rewritten
    mo.write_bytes(b"broken")
    i18n.compile_catalogs(tmp_path)
    assert mo.read_bytes() == i18n.compiled_catalog(
        WEB_DIR / "translations" / "tr" / "LC_MESSAGES" / "messages.po", "tr")
    assert [p.name for p in mo.parent.iterdir()] == ["messages.mo"]  # no temp files left


def test_language_choice_order():
    languages = ("tr", "en")
    assert i18n.pick_language("en", [("tr", 1.0)], languages, "tr") == "en"
    assert i18n.pick_language("de", [("de-DE", 1.0), ("en-GB", 0.8)], languages, "tr") == "en"
    assert i18n.pick_language(None, [("en", 0.3), ("tr-TR", 0.9)], languages, "tr") == "tr"
    assert i18n.pick_language(None, [("fr", 1.0)], languages, "tr") == "tr"
    assert i18n.pick_language(None, [], languages, "en") == "en"

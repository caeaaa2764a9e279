"""Turkish and English for the pages: catalogs, locale choice, labels.

The `.po` files in `translations/` are the source of truth and the only ones kept in
the repository. At start-up they are compiled into the data directory's cache (an
atomic replace, skipped when the bytes are unchanged), so a fresh clone needs no manual
step and a read-only install still works.
"""

from __future__ import annotations

import os
import tempfile
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SOURCE_DIR = Path(__file__).parent / "translations"
DOMAIN = "messages"


def compiled_catalog(po_path: Path, locale: str) -> bytes:
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=locale, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_catalogs(target_dir: Path, source_dir: Path = SOURCE_DIR) -> list[str]:
    """Compile every `<locale>/LC_MESSAGES/messages.po` into `target_dir`; the locales."""
    locales = []
    for po_path in sorted(source_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        locale = po_path.parent.parent.name
        data = compiled_catalog(po_path, locale)
        mo_path = target_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
        locales.append(locale)
        if mo_path.is_file() and mo_path.read_bytes() == data:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=mo_path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as temp:
                temp.write(data)
            os.chmod(temp_name, 0o644)  # mkstemp's 0600 would hide it from other users
            os.replace(temp_name, mo_path)  # atomic: other workers never read half a file
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
    return locales


def pick_language(chosen: str | None, accepted: list[tuple[str, float]],
                  languages: tuple[str, ...], default: str) -> str:
    """The user's explicit choice, else the browser's best supported language, else default."""
    if chosen in languages:
        return str(chosen)
    for tag, _quality in sorted(accepted, key=lambda item: -item[1]):
        primary = tag.replace("_", "-").split("-")[0].lower()
        if primary in languages:
            return primary
    return default

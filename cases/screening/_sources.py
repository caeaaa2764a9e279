"""Shared plumbing for the list parsers: opening sources and streaming XML safely."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from lxml import etree

from cases.screening.entries import ListBuilder

Source = str | Path | IO[bytes]


def describe(source: Source) -> str:
    """A name for error messages: the path, or the stream's name if it has one."""
    if isinstance(source, str | Path):
        return str(source)
    return str(getattr(source, "name", "<stream>"))


@contextmanager
def open_text(source: Source, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text reader over a path (opened and closed here) or a caller's binary stream
    (left open: the caller owns it)."""
    if isinstance(source, str | Path):
        with open(source, encoding=encoding, newline="") as handle:
            yield handle
        return
    text = io.TextIOWrapper(source, encoding=encoding, newline="")
    try:
        yield text
    finally:
        text.detach()


def iter_xml_elements(
    source: Source, tags: Sequence[str], builder: ListBuilder
) -> Iterator[etree._Element]:
    """Yield each complete element named in `tags`, then free it (constant memory).

    Entity resolution and network access are off: list files come from outside.
    A path is opened here (not by lxml), so the file is closed even when the caller
    stops early on a malformed entry.
    """
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            yield from iter_xml_elements(handle, tags, builder)
        return
    try:
        for _event, element in etree.iterparse(
            source, events=("end",), tag=tuple(tags),
            resolve_entities=False, no_network=True, load_dtd=False,
        ):
            yield element
            element.clear(keep_tail=True)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        location = f"line {line}, column {column}"
        raise builder.fail(f"not well-formed XML ({exc.msg})", location) from exc


def local_name(element: etree._Element) -> str:
    """The tag without its namespace."""
    return etree.QName(element).localname


def element_location(element: etree._Element) -> str:
    return f"line {element.sourceline}, <{local_name(element)}>"

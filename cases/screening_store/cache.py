"""The screening index each process keeps in memory, rebuilt when the lists in force change.

Every request or command reads the active versions (one small query) and compares them
with the index it holds; only a change rebuilds it, decoding just the list versions it
has not seen. One index per database engine, so tests and tools with several databases
in one process never mix lists.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from cases.screening import Hit, ScreeningIndex, ScreeningList, ScreeningSettings
from cases.screening_store.codec import decode_entries
from cases.screening_store.lists import active_versions
from cases.screening_store.models import ScreeningListVersion
from kyc_service.core.errors import IntegrityFailure

Stamp = tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class LoadedIndex:
    """An index over the lists of one stamp; empty when no list was imported."""

    stamp: Stamp
    index: ScreeningIndex | None
    versions: dict[str, str] = field(default_factory=dict)

    def screen(self, name: str, birth_date: str | None = None,
               nationality: str | None = None) -> list[Hit]:
        if self.index is None:
            return []
        return self.index.screen(name, birth_date=birth_date, nationality=nationality)


class IndexCache:
    def __init__(self, settings: ScreeningSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._loaded = LoadedIndex((), None)
        self._lists: dict[str, ScreeningList] = {}  # by list version id

    def remember(self, list_id: str, screening_list: ScreeningList) -> None:
        """Offer a list just imported, so the next rebuild need not decode it again."""
        with self._lock:
            self._lists[list_id] = screening_list

    def current(self, session: Session) -> LoadedIndex:
        """The index for the lists in force as this session sees them."""
        stamp = active_versions(session)
        if stamp == self._loaded.stamp:
            return self._loaded
        return self._rebuild(stamp, lambda list_id: _stored_blob(session, list_id))

    def warm(self, session_factory: sessionmaker[Session]) -> LoadedIndex:
        """Like `current`, but reads in a short transaction of its own and builds after it
        ended, so a rebuild never holds the database (SQLite's write lock) meanwhile."""
        with session_factory() as session:
            stamp = active_versions(session)
            blobs = {list_id: _stored_blob(session, list_id) for list_id, _, _ in stamp
                     if stamp != self._loaded.stamp and list_id not in self._lists}
        return self._rebuild(stamp, blobs.get)

    def _rebuild(self, stamp: Stamp, blob_for: Callable[[str], bytes | None]) -> LoadedIndex:
        with self._lock:  # one thread rebuilds; the others wait for its result
            if stamp != self._loaded.stamp:
                self._loaded = self._build(stamp, blob_for)
            return self._loaded

    def _build(self, stamp: Stamp, blob_for: Callable[[str], bytes | None]) -> LoadedIndex:
        wanted = {list_id for list_id, _, _ in stamp}
        self._lists = {k: v for k, v in self._lists.items() if k in wanted}
        for list_id, name, version in stamp:
            if list_id not in self._lists:
                blob = blob_for(list_id)
                if blob is None:
                    raise IntegrityFailure(f"Active list {name} has no stored entries.",
                                           code="screening_list_unreadable")
                self._lists[list_id] = decode_entries(name, version, blob)
        lists = [self._lists[list_id] for list_id, _, _ in stamp]
        index = ScreeningIndex(lists, self.settings) if lists else None
        return LoadedIndex(stamp, index, {name: version for _, name, version in stamp})


def _stored_blob(session: Session, list_id: str) -> bytes | None:
    return session.scalar(select(ScreeningListVersion.entries_blob)
                          .where(ScreeningListVersion.id == list_id))


_CACHES: weakref.WeakKeyDictionary[Engine, IndexCache] = weakref.WeakKeyDictionary()
_REGISTRY_LOCK = threading.Lock()


def cache_for(bind: Session | sessionmaker[Session],
              settings: ScreeningSettings | None = None) -> IndexCache:
    """This process's index cache for the database of a session or session factory."""
    engine = (bind.get_bind() if isinstance(bind, Session) else bind.kw["bind"]).engine
    with _REGISTRY_LOCK:
        cache = _CACHES.get(engine)
        if cache is None:
            cache = _CACHES[engine] = IndexCache(settings or ScreeningSettings())
        return cache


def current_index(session: Session) -> LoadedIndex:
    return cache_for(session).current(session)


def warm_index(session_factory: sessionmaker[Session]) -> LoadedIndex:
    return cache_for(session_factory).warm(session_factory)

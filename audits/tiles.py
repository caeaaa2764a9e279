"""The stored Merkle tree: tiles of node hashes, extended incrementally as the log grows.

Extending reads only the entries appended since the last extension; proofs then read a
handful of tiles instead of rehashing the log (a 1,000,000-entry tree needs about 3,900
leaf tiles plus 16 above them). Tiles mirror the recorded `entry_hash` values; checking
them against the entries' contents is verification's job (`audits.consistency`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import cast

from sqlalchemy import Connection, Table, select

from audits.log_models import AuditTreeState, AuditTreeTile
from audits.merkle import perfect_root
from audits.models import AuditEntry, AuditHead
from audits.trail import HEAD_ROW_ID
from kyc_service.core.errors import IntegrityFailure

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
HASH_BYTES = 32
STATE_ROW_ID = 1
_TILES = cast(Table, AuditTreeTile.__table__)
_STATE = cast(Table, AuditTreeState.__table__)
_ENTRIES = cast(Table, AuditEntry.__table__)


def head_size(connection: Connection) -> int:
    return int(connection.scalar(select(AuditHead.seq).where(AuditHead.id == HEAD_ROW_ID)) or 0)


class TileStore:
    """A `NodeSource` over the stored tiles of one connection, with a small tile cache."""

    def __init__(self, connection: Connection, cache_tiles: int = 64) -> None:
        self.connection = connection
        self._cache: OrderedDict[tuple[int, int], bytes] = OrderedDict()
        self._cache_tiles = cache_tiles

    def size(self) -> int:
        return int(self.connection.scalar(
            select(_STATE.c.tree_size).where(_STATE.c.id == STATE_ROW_ID)) or 0)

    def tile(self, level: int, index: int) -> bytes:
        key = (level, index)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        data = self.connection.scalar(
            select(_TILES.c.hashes).where(_TILES.c.level == level, _TILES.c.idx == index))
        if data is None:
            raise IntegrityFailure(f"Merkle tile {level}/{index} is missing",
                                   code="audit_tree_incomplete")
        self._cache[key] = bytes(data)
        if len(self._cache) > self._cache_tiles:
            self._cache.popitem(last=False)
        return self._cache[key]

    def subtree(self, height: int, index: int) -> bytes:
        level, rest = divmod(height, TILE_HEIGHT)
        first = index << rest  # first node at height level*8 under this subtree
        tile = self.tile(level, first >> TILE_HEIGHT)
        offset = (first % TILE_WIDTH) * HASH_BYTES
        count = 1 << rest
        chunk = tile[offset: offset + count * HASH_BYTES]
        if len(chunk) != count * HASH_BYTES:
            raise IntegrityFailure(f"Merkle subtree {height}/{index} is not stored yet",
                                   code="audit_tree_incomplete")
        return perfect_root([chunk[i: i + HASH_BYTES] for i in range(0, len(chunk), HASH_BYTES)])

    def leaf_hashes(self, start: int, end: int) -> Iterator[bytes]:
        """Stored leaf hashes [start, end) in order, tile by tile."""
        position = start
        while position < end:
            tile = self.tile(0, position >> TILE_HEIGHT)
            stop = min(end, (position | (TILE_WIDTH - 1)) + 1)
            for i in range(position % TILE_WIDTH, (stop - 1) % TILE_WIDTH + 1):
                yield tile[i * HASH_BYTES: (i + 1) * HASH_BYTES]
            position = stop


def _lock_state(connection: Connection) -> int:
    query = select(_STATE.c.tree_size).where(_STATE.c.id == STATE_ROW_ID).with_for_update()
    size = connection.scalar(query)
    if size is None:  # a database built without migrations
        connection.execute(_STATE.insert().values(id=STATE_ROW_ID, tree_size=0))
        return 0
    return int(size)


class _Frontier:
    """The open (partial) tile of every level while the tree grows."""

    def __init__(self, connection: Connection, stored: int) -> None:
        self.connection = connection
        self.levels: list[list[bytes]] = []
        self.counts: list[int] = []  # nodes per level, including the open tile's
        self.existing: set[tuple[int, int]] = set()
        level, nodes = 0, stored
        while nodes:
            count, index = nodes % TILE_WIDTH, nodes >> TILE_HEIGHT
            hashes: list[bytes] = []
            if count:
                data = bytes(connection.scalar(select(_TILES.c.hashes).where(
                    _TILES.c.level == level, _TILES.c.idx == index)) or b"")
                if len(data) != count * HASH_BYTES:
                    raise IntegrityFailure(f"Merkle tile {level}/{index} is damaged",
                                           code="audit_tree_incomplete")
                hashes = [data[i: i + HASH_BYTES] for i in range(0, len(data), HASH_BYTES)]
                self.existing.add((level, index))
            self.levels.append(hashes)
            self.counts.append(nodes)
            level, nodes = level + 1, nodes >> TILE_HEIGHT

    def write(self, level: int, hashes: list[bytes]) -> None:
        index = (self.counts[level] - len(hashes)) >> TILE_HEIGHT
        values = {"width": len(hashes), "hashes": b"".join(hashes)}
        if (level, index) in self.existing:
            self.connection.execute(_TILES.update().where(
                _TILES.c.level == level, _TILES.c.idx == index).values(**values))
        else:
            self.connection.execute(_TILES.insert().values(level=level, idx=index, **values))
            self.existing.add((level, index))

    def push(self, level: int, digest: bytes) -> None:
        while len(self.levels) <= level:
            self.levels.append([])
            self.counts.append(0)
        self.levels[level].append(digest)
        self.counts[level] += 1
        if len(self.levels[level]) == TILE_WIDTH:
            full, self.levels[level] = self.levels[level], []
            self.write(level, full)
            self.push(level + 1, perfect_root(full))

    def flush(self) -> None:
        for level, hashes in enumerate(self.levels):
            if hashes:
                self.write(level, hashes)


def extend_tree(connection: Connection, target: int | None = None,
                batch_size: int = 10_000) -> int:
    """Bring the tiles up to `target` leaves (default: the chain head); returns the size.

    Runs in the caller's transaction; the state row lock makes concurrent publishers
    take turns, and reading only seq > stored size keeps the work proportional to growth.
    """
    stored = _lock_state(connection)
    target = head_size(connection) if target is None else target
    if target <= stored:
        return stored
    frontier = _Frontier(connection, stored)
    expected = stored + 1
    result = connection.execute(
        select(_ENTRIES.c.seq, _ENTRIES.c.entry_hash)
        .where(_ENTRIES.c.seq > stored, _ENTRIES.c.seq <= target)
        .order_by(_ENTRIES.c.seq).execution_options(yield_per=batch_size))
    try:
        for seq, entry_hash in result:
            if seq != expected:
                break
            frontier.push(0, bytes.fromhex(entry_hash))
            expected += 1
    finally:
        result.close()
    if expected != target + 1:
        raise IntegrityFailure(f"audit entry {expected} is missing", code="audit_chain_broken")
    frontier.flush()
    connection.execute(_STATE.update().where(_STATE.c.id == STATE_ROW_ID)
                       .values(tree_size=target))
    return target

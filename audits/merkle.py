"""RFC 6962 / RFC 9162 Merkle tree hashing, proofs and their verifiers (pure functions).

The leaves are the audit entries' `entry_hash` values, which already are RFC 6962 leaf
hashes (SHA-256 over 0x00 and the entry's canonical JSON); interior nodes are
SHA-256(0x01 || left || right). Everything here works on 32-byte digests.

Proof generation never walks the whole tree: it asks a `NodeSource` for the roots of
*perfect* subtrees (2^h leaves, aligned), which a store can keep precomputed. Any range
the RFC recursion needs is a right fold over O(log n) such subtrees.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol

NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof does not fit the tree sizes or indices it claims to be about."""


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly smaller than n (n > 1): RFC 6962's k."""
    return 1 << ((n - 1).bit_length() - 1)


def perfect_root(hashes: Sequence[bytes]) -> bytes:
    """Root of a perfect subtree given its 2^h bottom nodes."""
    level = list(hashes)
    while len(level) > 1:
        level = [node_hash(level[i], level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


class NodeSource(Protocol):
    """Roots of perfect, aligned subtrees: height h, index i covers [i*2^h, (i+1)*2^h)."""

    def subtree(self, height: int, index: int) -> bytes: ...


def range_root(source: NodeSource, start: int, end: int) -> bytes:
    """MTH(D[start:end]) for a range the RFC recursion produces (start aligned)."""
    if end <= start:
        return EMPTY_ROOT
    pieces: list[bytes] = []
    position = start
    while position < end:
        height = (end - position).bit_length() - 1
        while position % (1 << height):
            height -= 1
        pieces.append(source.subtree(height, position >> height))
        position += 1 << height
    result = pieces[-1]
    for piece in reversed(pieces[:-1]):
        result = node_hash(piece, result)
    return result


def tree_root(source: NodeSource, size: int) -> bytes:
    return range_root(source, 0, size)


def inclusion_proof(source: NodeSource, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]) from RFC 9162 section 2.1.3.1, leaf to root order."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of size {size}")
    proof: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:  # descend, collecting siblings root-first
        k = split_point(hi - lo)
        if index - lo < k:
            proof.append(range_root(source, lo + k, hi))
            hi = lo + k
        else:
            proof.append(range_root(source, lo, lo + k))
            lo += k
    proof.reverse()
    return proof


def consistency_proof(source: NodeSource, first: int, second: int) -> list[bytes]:
    """PROOF(first, D[0:second]) from RFC 9162 section 2.1.4.1 (empty if trivial)."""
    if not 0 <= first <= second:
        raise ProofError(f"no consistency proof from size {first} to {second}")
    if first in (0, second):
        return []
    proof: list[bytes] = []
    lo, hi, m, complete = 0, second, first, True
    while True:
        n = hi - lo
        if m == n:
            if not complete:
                proof.append(range_root(source, lo, hi))
            break
        k = split_point(n)
        if m <= k:
            proof.append(range_root(source, lo + k, hi))
            hi = lo + k
        else:
            proof.append(range_root(source, lo, lo + k))
            lo, m, complete = lo + k, m - k, False
    proof.reverse()
    return proof


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes],
                     root: bytes) -> bool:
    """RFC 9162 section 2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       proof: Sequence[bytes]) -> bool:
    """RFC 9162 section 2.1.4.2; size 0 is consistent with anything (empty proof)."""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:  # an exact power of two: the old root is a node
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


# --- batch proofs: many leaves (an export) against one root ------------------------------

def batch_proof(source: NodeSource, size: int, indices: Iterable[int],
                emit: Callable[[bytes], None]) -> None:
    """Emit, left to right, the roots of the maximal RFC-shaped ranges holding none of
    `indices` (ascending). With the selected leaves they rebuild the root; memory stays
    O(log n) however many leaves are selected, so an export of millions can be proved."""
    pending = iter(indices)
    current = [next(pending, None)]

    def walk(lo: int, hi: int) -> None:
        nxt = current[0]
        if nxt is None or nxt >= hi:
            emit(range_root(source, lo, hi))
            return
        if hi - lo == 1:
            current[0] = next(pending, None)
            if current[0] is not None and current[0] <= nxt:
                raise ProofError("indices must be strictly ascending")
            return
        k = split_point(hi - lo)
        walk(lo, lo + k)
        walk(lo + k, hi)

    if size == 0:
        return
    walk(0, size)
    if current[0] is not None:
        raise ProofError(f"leaf {current[0]} is beyond the tree size {size}")


class _Lookahead:
    """Selected leaves with a short lookahead, so dense runs are hashed level by level
    instead of one recursive call per leaf (the verifier's hot path)."""

    def __init__(self, leaves: Iterator[tuple[int, bytes]]) -> None:
        self._source = leaves
        self._buffer: deque[tuple[int, bytes]] = deque()

    def peek(self) -> tuple[int, bytes] | None:
        if not self._buffer:
            item = next(self._source, None)
            if item is None:
                return None
            self._buffer.append(item)
        return self._buffer[0]

    def pop(self) -> tuple[int, bytes]:
        self.peek()
        return self._buffer.popleft()

    def run(self, lo: int, count: int) -> list[bytes] | None:
        """The hashes of leaves lo..lo+count-1 if they come next, all of them, else None."""
        while len(self._buffer) < count:
            item = next(self._source, None)
            if item is None:
                break
            self._buffer.append(item)
        if len(self._buffer) < count or self._buffer[count - 1][0] != lo + count - 1 or \
                self._buffer[0][0] != lo:
            return None
        hashes = [self._buffer.popleft() for _ in range(count)]
        if any(index != lo + offset for offset, (index, _) in enumerate(hashes)):
            raise ProofError("leaf indices are not strictly ascending")
        return [leaf for _, leaf in hashes]


_RUN = 256


def root_from_batch(size: int, leaves: Iterator[tuple[int, bytes]],
                    proof: Iterator[bytes]) -> bytes:
    """Rebuild a tree root from selected (index, leaf hash) pairs in ascending order and
    their `batch_proof`; raises ProofError when the pieces do not fit together."""
    pending = _Lookahead(leaves)

    def take_proof() -> bytes:
        node = next(proof, None)
        if node is None:
            raise ProofError("the proof is too short")
        return node

    def walk(lo: int, hi: int) -> bytes:
        item = pending.peek()
        if item is None or item[0] >= hi:
            return take_proof()
        n = hi - lo
        if n == 1:
            if item[0] != lo:
                raise ProofError(f"leaf index {item[0]} is out of order")
            return pending.pop()[1]
        if n <= _RUN and n & (n - 1) == 0 and item[0] == lo:
            run = pending.run(lo, n)
            if run is not None:
                return perfect_root(run)
        k = split_point(n)
        left = walk(lo, lo + k)
        return node_hash(left, walk(lo + k, hi))

    root = EMPTY_ROOT if size == 0 else walk(0, size)
    leftover = pending.peek()
    if leftover is not None:
        raise ProofError(f"leaf {leftover[0]} is not in a tree of size {size}")
    if next(proof, None) is not None:
        raise ProofError("the proof is too long")
    return root


# --- small in-memory helpers ----------------------------------------------------------------

class ListNodes:
    """A NodeSource over leaf hashes held in memory (tests, small bundles)."""

    def __init__(self, leaves: Sequence[bytes]) -> None:
        self.leaves = leaves
        self._cache: dict[tuple[int, int], bytes] = {}

    def subtree(self, height: int, index: int) -> bytes:
        if height == 0:
            return self.leaves[index]
        key = (height, index)
        if key not in self._cache:
            self._cache[key] = node_hash(self.subtree(height - 1, 2 * index),
                                         self.subtree(height - 1, 2 * index + 1))
        return self._cache[key]


class RootBuilder:
    """Computes MTH incrementally over a stream of leaves with O(log n) memory."""

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[tuple[int, bytes]] = []  # (height, root) of perfect subtrees

    def add(self, leaf: bytes) -> None:
        height, node = 0, leaf
        while self._stack and self._stack[-1][0] == height:
            node = node_hash(self._stack.pop()[1], node)
            height += 1
        self._stack.append((height, node))
        self.size += 1

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        result = self._stack[-1][1]
        for _, node in reversed(self._stack[:-1]):
            result = node_hash(node, result)
        return result

"""RFC 6962 tree hashing and proofs: hand-computed small trees, then every small size."""

from __future__ import annotations

import contextlib
import hashlib
import random

import pytest

from audits.merkle import (
    EMPTY_ROOT,
    ListNodes,
    ProofError,
    RootBuilder,
    batch_proof,
    consistency_proof,
    inclusion_proof,
    root_from_batch,
    tree_root,
    verify_consistency,
    verify_inclusion,
)


def leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def reference_root(leaves: list[bytes]) -> bytes:
    """MTH written straight from the RFC's recursive definition."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node(reference_root(leaves[:k]), reference_root(leaves[k:]))


LEAVES = [leaf(bytes([i])) for i in range(7)]
a, b, c, d, e, f, j = LEAVES
g, h, i = node(a, b), node(c, d), node(e, f)
k, l = node(g, h), node(i, j)  # noqa: E741  (the RFC's names)
ROOT7 = node(k, l)


def test_hand_computed_roots():
    assert tree_root(ListNodes([]), 0) == EMPTY_ROOT
    assert tree_root(ListNodes(LEAVES), 1) == a
    assert tree_root(ListNodes(LEAVES), 2) == g
    assert tree_root(ListNodes(LEAVES), 3) == node(g, c)
    assert tree_root(ListNodes(LEAVES), 5) == node(k, e)
    assert tree_root(ListNodes(LEAVES), 7) == ROOT7


@pytest.mark.parametrize(("index", "path"), [
    (0, [b, h, l]), (3, [c, g, l]), (4, [f, j, k]), (6, [i, k]),
])
def test_rfc6962_example_audit_paths(index, path):
    assert inclusion_proof(ListNodes(LEAVES), index, 7) == path
    assert verify_inclusion(index, 7, LEAVES[index], path, ROOT7)


@pytest.mark.parametrize(("first", "proof"), [
    (3, [c, d, g, l]), (4, [l]), (6, [i, j, k]),
])
def test_rfc6962_example_consistency_proofs(first, proof):
    assert consistency_proof(ListNodes(LEAVES), first, 7) == proof
    old_root = tree_root(ListNodes(LEAVES), first)
    assert verify_consistency(first, 7, old_root, ROOT7, proof)


def test_every_small_tree_proves_inclusion_and_rejects_wrong_leaves():
    rng = random.Random(7)
    leaves = [leaf(rng.randbytes(8)) for _ in range(70)]
    source = ListNodes(leaves)
    for size in range(1, 71):
        root = tree_root(source, size)
        assert root == reference_root(leaves[:size])
        for index in range(size):
            proof = inclusion_proof(source, index, size)
            assert verify_inclusion(index, size, leaves[index], proof, root)
            assert not verify_inclusion(index, size, leaf(b"other"), proof, root)
            if size > 1:
                other = (index + 1) % size
                assert not verify_inclusion(other, size, leaves[index], proof, root)
                assert not verify_inclusion(index, size, leaves[index], proof[:-1], root)
        with pytest.raises(ProofError):
            inclusion_proof(source, size, size)


def test_every_pair_of_small_sizes_is_consistent_and_forks_are_not():
    rng = random.Random(8)
    leaves = [leaf(rng.randbytes(8)) for _ in range(40)]
    forked = list(leaves)
    source = ListNodes(leaves)
    for second in range(0, 41):
        second_root = tree_root(source, second)
        for first in range(0, second + 1):
            first_root = tree_root(source, first)
            proof = consistency_proof(source, first, second)
            assert verify_consistency(first, second, first_root, second_root, proof)
            if 0 < first < second:
                forked[first - 1] = leaf(b"rewritten")
                fork_root = reference_root(forked[:first])
                forked[first - 1] = leaves[first - 1]
                assert not verify_consistency(first, second, fork_root, second_root, proof)
                bad = reference_root([*leaves[:first], leaf(b"x")][: first + 1])
                assert not verify_consistency(first, second, first_root, bad, proof) or \
                    bad == second_root


def test_builder_matches_reference_for_many_sizes():
    rng = random.Random(9)
    builder = RootBuilder()
    leaves: list[bytes] = []
    assert builder.root() == EMPTY_ROOT
    for _ in range(300):
        leaves.append(leaf(rng.randbytes(4)))
        builder.add(leaves[-1])
        assert builder.root() == reference_root(leaves)


@pytest.mark.parametrize("seed", range(12))
def test_batch_proofs_rebuild_the_root_for_any_subset(seed):
    rng = random.Random(seed)
    size = rng.randint(1, 300)
    leaves = [leaf(rng.randbytes(4)) for _ in range(size)]
    source = ListNodes(leaves)
    chosen = sorted(rng.sample(range(size), rng.randint(0, size)))
    proof: list[bytes] = []
    batch_proof(source, size, chosen, proof.append)
    pairs = [(index, leaves[index]) for index in chosen]
    root = tree_root(source, size)
    assert root_from_batch(size, iter(pairs), iter(proof)) == root
    if chosen:
        tampered = list(pairs)
        tampered[0] = (tampered[0][0], leaf(b"edited"))
        assert root_from_batch(size, iter(tampered), iter(proof)) != root
        with contextlib.suppress(ProofError):  # a dropped leaf breaks the shape, or:
            assert root_from_batch(size, iter(pairs[1:]), iter(proof)) != root
    with pytest.raises(ProofError):
        root_from_batch(size, iter(pairs), iter([*proof, b"\x00" * 32]))


def test_batch_proof_of_everything_is_empty_and_of_nothing_is_the_root():
    leaves = [leaf(bytes([n])) for n in range(13)]
    proof: list[bytes] = []
    batch_proof(ListNodes(leaves), 13, range(13), proof.append)
    assert proof == []
    batch_proof(ListNodes(leaves), 13, [], proof.append)
    assert proof == [reference_root(leaves)]


@pytest.mark.parametrize("missing", [None, 0, 255, 256, 700, 1299])
def test_dense_batches_take_the_fast_path_and_still_catch_a_missing_leaf(missing):
    leaves = [leaf(n.to_bytes(2, "big")) for n in range(1300)]
    chosen = [n for n in range(1300) if n != missing]
    proof: list[bytes] = []
    batch_proof(ListNodes(leaves), 1300, chosen, proof.append)
    assert len(proof) == (0 if missing is None else 1)
    pairs = [(n, leaves[n]) for n in chosen]
    assert root_from_batch(1300, iter(pairs), iter(proof)) == reference_root(leaves)
    swapped = list(pairs)
    swapped[300], swapped[301] = swapped[301], swapped[300]
    with pytest.raises(ProofError):
        root_from_batch(1300, iter(swapped), iter(proof))

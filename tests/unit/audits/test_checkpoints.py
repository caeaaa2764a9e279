"""Stored Merkle tiles, signed checkpoints, proofs from the database, and tampering
detected against a checkpoint an auditor kept (naming the first bad entry)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from audits.canonical import entry_document, leaf_hash
from audits.checkpoints import (
    CheckpointInvalid,
    consistency,
    inclusion,
    parse_checkpoint,
    publish_checkpoint,
    verify_checkpoint,
)
from audits.ddl import drop_statements, guard_statements
from audits.log_verify import verify_against_checkpoint
from audits.merkle import (
    ListNodes,
    tree_root,
    verify_consistency,
    verify_inclusion,
)
from audits.models import AuditEntry
from audits.signing import create_signing_key, load_signer, rotate_signing_key
from audits.tags import AuditAction
from audits.tiles import TileStore, extend_tree
from audits.trail import AuditContext, AuditEvent, record
from kyc_service.core.db import transaction

CTX = AuditContext("user-1", "compliance_officer", "req-1", "127.0.0.1")


@pytest.fixture
def signer(tmp_path):
    path = tmp_path / "keys" / "audit-signing.json"
    assert create_signing_key(path, "test.example/audit")
    assert not create_signing_key(path, "again")
    assert path.stat().st_mode & 0o777 == 0o600
    return load_signer(path)


def append(rt, count: int) -> None:
    with transaction(rt.session_factory) as session:
        for index in range(count):
            record(session, CTX, AuditEvent(AuditAction.CUSTOMER_PII_READ, object_type="customer",
                                            object_id=f"c-{index}", customer_ref=f"c-{index % 7}",
                                            details={"fields": ["surname"], "n": index}))


def recorded_leaves(rt) -> list[bytes]:
    with rt.engine.connect() as connection:
        return [bytes.fromhex(h) for h in connection.scalars(
            select(AuditEntry.entry_hash).order_by(AuditEntry.seq))]


def publish(rt, signer) -> str:
    with transaction(rt.session_factory) as session:
        return publish_checkpoint(session, signer).note


def check(rt, note, signer):
    with rt.session_factory() as session:
        return verify_against_checkpoint(session, note, signer.public_key)


def tamper(rt, *statements: str, params: list[dict] | None = None) -> None:
    """Change rows as an intruder with database access would: guards off, then on."""
    dialect = rt.engine.dialect.name
    with rt.engine.begin() as connection:
        for statement in drop_statements(dialect):
            connection.execute(text(statement))
        for statement, values in zip(statements, params or [{}] * len(statements), strict=True):
            connection.execute(text(statement), values)
        for statement in guard_statements(dialect):
            connection.execute(text(statement))


def test_tiles_grow_incrementally_and_match_an_in_memory_tree(rt):
    sizes = [1, 255, 256, 257, 511, 700]
    done = 0
    for size in sizes:
        append(rt, size - done)
        done = size
        with rt.engine.begin() as connection:
            assert extend_tree(connection) == size
    leaves = recorded_leaves(rt)
    memory = ListNodes(leaves)
    with rt.engine.connect() as connection:
        store = TileStore(connection)
        assert store.size() == 700
        assert list(store.leaf_hashes(0, 700)) == leaves
        assert list(store.leaf_hashes(250, 520)) == leaves[250:520]
        for size in (1, 2, 255, 256, 257, 512, 513, 700):
            assert tree_root(store, size) == tree_root(memory, size)
        assert store.subtree(9, 0) == memory.subtree(9, 0)


def test_published_checkpoint_is_a_signed_c2sp_note(rt, signer):
    append(rt, 5)
    note = publish(rt, signer)
    lines = note.split("\n")
    assert lines[0] == "test.example/audit" and lines[1] == "5"
    assert lines[3].startswith("time ") and lines[4] == ""
    assert lines[5].startswith("\u2014 test.example/audit ")
    checkpoint = verify_checkpoint(note, signer.public_key)
    assert checkpoint.root_hash == tree_root(ListNodes(recorded_leaves(rt)), 5)
    assert publish(rt, signer) == note  # nothing new: the same checkpoint
    forged = note.replace("\n5\n", "\n4\n")
    with pytest.raises(CheckpointInvalid):
        verify_checkpoint(forged, signer.public_key)
    other = load_signer(_other_key(rt))
    with pytest.raises(CheckpointInvalid):
        verify_checkpoint(note, other.public_key)
    assert parse_checkpoint(forged).tree_size == 4


def _other_key(rt):
    path = rt.settings.data_dir / "other" / "audit-signing.json"
    create_signing_key(path, "test.example/audit")
    return path


def test_rotated_signing_key_signs_new_checkpoints_and_old_ones_still_verify(rt, tmp_path):
    path = tmp_path / "rot" / "audit-signing.json"
    create_signing_key(path, "test.example/audit")
    old = load_signer(path)
    append(rt, 3)
    old_note = publish(rt, old)
    rotate_signing_key(path, "test.example/audit")
    new = load_signer(path)
    assert new.key_id != old.key_id
    append(rt, 2)
    new_note = publish(rt, new)
    verify_checkpoint(old_note, old.public_key)
    verify_checkpoint(new_note, new.public_key)
    with pytest.raises(CheckpointInvalid):
        verify_checkpoint(new_note, old.public_key)


def test_inclusion_and_consistency_proofs_from_the_database_verify(rt, signer):
    append(rt, 300)
    first = verify_checkpoint(publish(rt, signer), signer.public_key)
    append(rt, 77)
    second = verify_checkpoint(publish(rt, signer), signer.public_key)
    leaves = recorded_leaves(rt)
    with transaction(rt.session_factory) as session:
        for seq in (1, 2, 256, 257, 300):
            proof = inclusion(session, seq, 300)
            assert verify_inclusion(seq - 1, 300, leaves[seq - 1],
                                    [bytes.fromhex(p) for p in proof["proof"]], first.root_hash)
        answer = consistency(session, 300, 377)
    assert bytes.fromhex(answer["second_root"]) == second.root_hash
    assert verify_consistency(300, 377, first.root_hash, second.root_hash,
                              [bytes.fromhex(p) for p in answer["proof"]])


def test_an_untouched_log_verifies_against_an_earlier_checkpoint(rt, signer):
    append(rt, 40)
    note = publish(rt, signer)
    append(rt, 10)
    report = check(rt, note, signer)
    assert report.ok and report.checkpoint_size == 40 and report.entries_checked == 50


def test_editing_an_entry_is_named(rt, signer):
    append(rt, 30)
    note = publish(rt, signer)
    tamper(rt, "UPDATE audit_entries SET object_id = 'c-999' WHERE seq = 12")
    report = check(rt, note, signer)
    assert not report.ok and report.first_bad_seq == 12


def test_deleting_an_entry_is_named(rt, signer):
    append(rt, 30)
    note = publish(rt, signer)
    tamper(rt, "DELETE FROM audit_entries WHERE seq = 9")
    report = check(rt, note, signer)
    assert not report.ok and report.first_bad_seq == 9


def test_reordering_entries_is_named(rt, signer):
    append(rt, 30)
    note = publish(rt, signer)
    tamper(rt, "UPDATE audit_entries SET seq = 1000 WHERE seq = 5",
           "UPDATE audit_entries SET seq = 5 WHERE seq = 6",
           "UPDATE audit_entries SET seq = 6 WHERE seq = 1000")
    report = check(rt, note, signer)
    assert not report.ok and report.first_bad_seq == 5


def test_truncating_the_log_and_its_head_is_named(rt, signer):
    append(rt, 30)
    note = publish(rt, signer)
    with rt.engine.connect() as connection:
        hash_25 = connection.scalar(select(AuditEntry.entry_hash).where(AuditEntry.seq == 25))
    tamper(rt, "DELETE FROM audit_entries WHERE seq > 25",
           "UPDATE audit_head SET seq = 25, entry_hash = :h",
           params=[{}, {"h": hash_25}])
    with rt.session_factory() as session:
        from audits.verify import verify_chain

        assert verify_chain(session).ok  # the chain alone cannot see this
    report = check(rt, note, signer)
    assert not report.ok and report.first_bad_seq == 26


def test_a_rewritten_history_with_consistent_hashes_is_named(rt, signer):
    append(rt, 600)
    note = publish(rt, signer)
    _rewrite_from(rt, 300)
    with rt.session_factory() as session:
        from audits.verify import verify_chain

        assert verify_chain(session).ok  # every hash and link was recomputed
    report = check(rt, note, signer)
    assert not report.ok and report.first_bad_seq == 300
    assert "differs from the checkpoint" in report.problem


def _rewrite_from(rt, first_seq: int) -> None:
    """Change entry `first_seq`, then recompute every later hash and the head."""
    with rt.engine.connect() as connection:
        rows = [dict(r) for r in connection.execute(
            select(AuditEntry.__table__).where(AuditEntry.seq >= first_seq - 1)
            .order_by(AuditEntry.seq)).mappings()]
    statements, params = [], []
    prev = rows[0]["entry_hash"]
    for row in rows[1:]:
        if row["seq"] == first_seq:
            row["object_id"] = "c-rewritten"
        row["prev_hash"] = prev
        row["entry_hash"] = leaf_hash(entry_document(row))
        prev = row["entry_hash"]
        statements.append("UPDATE audit_entries SET object_id = :o, prev_hash = :p, "
                          "entry_hash = :h WHERE seq = :s")
        params.append({"o": row["object_id"], "p": row["prev_hash"], "h": row["entry_hash"],
                       "s": row["seq"]})
    statements.append("UPDATE audit_head SET entry_hash = :h")
    params.append({"h": prev})
    tamper(rt, *statements, params=params)


def test_periodic_publication_waits_for_the_interval_and_for_growth(rt, signer):
    from datetime import timedelta

    from audits.checkpoints import publish_if_due
    from kyc_service.core.db import utcnow

    append(rt, 3)
    with transaction(rt.session_factory) as session:
        first = publish_if_due(session, signer, interval_minutes=60)
        assert first is not None and first.tree_size == 3
    append(rt, 2)
    with transaction(rt.session_factory) as session:
        assert publish_if_due(session, signer, interval_minutes=60) is None  # too soon
        later = utcnow() + timedelta(minutes=61)
        second = publish_if_due(session, signer, interval_minutes=60, now=later)
        assert second is not None and second.tree_size == 5
    with transaction(rt.session_factory) as session:
        much_later = utcnow() + timedelta(days=1)
        assert publish_if_due(session, signer, 60, now=much_later) is None  # no growth

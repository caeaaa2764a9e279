"""Offline verification of an export bundle: needs only the bundle and a trusted public
key (no database, no network). Every step must pass; the first failure is reported.

(1) manifest.sig is a valid Ed25519 signature over manifest.json by the trusted key;
(2) checkpoint.txt is signed by the same key and matches the manifest;
(3) the data file and the proof file hash to the manifest's SHA-256 values;
(4) every row's recomputed leaf hash equals its entry_hash, rows are in ascending order,
    neighbours link (prev_hash), and count / first / last match the manifest; a range
    export must have no gaps;
(5) the rows' leaf hashes with the batch proof rebuild the checkpoint's root, proving
    each entry is in the signed log at its position;
(6) the consistency proof links the earlier tree size to the checkpoint, and, when the
    auditor supplies a checkpoint they kept, it is that one.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from audits.canonical import HASHED_FIELDS
from audits.checkpoints import CheckpointInvalid, verify_checkpoint
from audits.export import leaf_hash_of_parsed, row_format
from audits.merkle import ProofError, root_from_batch, verify_consistency
from audits.models import GENESIS_HASH


class BundleInvalid(Exception):
    def __init__(self, step: str, problem: str, seq: int | None = None) -> None:
        super().__init__(problem)
        self.step, self.problem, self.seq = step, problem, seq


@dataclass
class BundleReport:
    ok: bool
    count: int = 0
    tree_size: int = 0
    passed: list[str] = field(default_factory=list)
    failed_step: str | None = None
    problem: str | None = None
    first_bad_seq: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _sha256(member: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := member.read(1 << 20):
        digest.update(chunk)
    return digest.hexdigest()


def _proof_nodes(member: IO[bytes]) -> Iterator[bytes]:
    while node := member.read(32):
        if len(node) != 32:
            raise ProofError("the proof file is not a whole number of hashes")
        yield node


class _Rows:
    """Walks the data rows, checking each, and hands (leaf index, leaf hash) onwards."""

    def __init__(self, rows: Iterator[dict[str, Any]], tree_size: int) -> None:
        self.rows, self.tree_size = rows, tree_size
        self.count, self.first, self.last = 0, None, None  # type: tuple[int, int | None, int | None]
        self._prev: tuple[int, str] | None = None
        self.gaps = 0

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        for row in self.rows:
            seq = row.get("seq")
            if not isinstance(seq, int):
                raise BundleInvalid("entries", "a row has no sequence number", self.last)
            recorded = row.pop("entry_hash", None)
            if set(row) != set(HASHED_FIELDS):
                raise BundleInvalid("entries", "a row has missing or extra fields", seq)
            if leaf_hash_of_parsed(row) != recorded:
                raise BundleInvalid("entries", "its content does not match its hash", seq)
            if self._prev is not None:
                if seq <= self._prev[0]:
                    raise BundleInvalid("entries", "rows are not in ascending order", seq)
                if seq == self._prev[0] + 1 and row["prev_hash"] != self._prev[1]:
                    raise BundleInvalid("entries", "does not link to the entry before", seq)
                self.gaps += seq != self._prev[0] + 1
            elif seq == 1 and row["prev_hash"] != GENESIS_HASH:
                raise BundleInvalid("entries", "the first entry does not start the chain", 1)
            if seq > self.tree_size:
                raise BundleInvalid("entries", "is beyond the checkpoint", seq)
            self._prev = (seq, recorded)
            self.count += 1
            self.first = seq if self.first is None else self.first
            self.last = seq
            yield seq - 1, bytes.fromhex(recorded)


def _check_counts(manifest: dict[str, Any], rows: _Rows) -> None:
    if (rows.count, rows.first, rows.last) != (
            manifest["count"], manifest["first_seq"], manifest["last_seq"]):
        raise BundleInvalid("entries", "count or first/last sequence differ from the manifest")
    if manifest.get("complete_range"):
        filters = manifest.get("filters", {})
        start = filters.get("from_seq", 1)
        end = min(filters.get("to_seq", manifest["checkpoint"]["tree_size"]),
                  manifest["checkpoint"]["tree_size"])
        expected = (end - start + 1, start, end) if end >= start else (0, None, None)
        if rows.gaps or (rows.count, rows.first, rows.last) != expected:
            raise BundleInvalid("entries", "the range export is missing entries")


def _verify(archive: zipfile.ZipFile, key: Ed25519PublicKey, kept: str | None,
            report: BundleReport) -> None:
    manifest_raw = archive.read("manifest.json")
    try:  # (1)
        key.verify(archive.read("manifest.sig"), manifest_raw)
    except InvalidSignature:
        raise BundleInvalid("manifest", "manifest.sig does not verify with this key") from None
    manifest = json.loads(manifest_raw)
    report.passed.append("manifest signature")
    note = archive.read("checkpoint.txt")  # (2)
    checkpoint = verify_checkpoint(note.decode(), key)
    declared = manifest["checkpoint"]
    if (checkpoint.tree_size, checkpoint.root_hash.hex(), hashlib.sha256(note).hexdigest()) != (
            declared["tree_size"], declared["root_hash"], declared["sha256"]):
        raise BundleInvalid("checkpoint", "checkpoint.txt is not the one in the manifest")
    report.tree_size = checkpoint.tree_size
    report.passed.append("checkpoint signature")
    data, proof = manifest["data"], manifest["inclusion"]  # (3)
    for name, expected in ((data["file"], data["sha256"]), (proof["file"], proof["sha256"])):
        with archive.open(name) as member:
            if _sha256(member) != expected:
                raise BundleInvalid("files", f"{name} does not match its SHA-256")
    report.passed.append("file hashes")
    formatter = row_format(data["format"])  # (4) and (5), one streaming pass
    with archive.open(data["file"]) as raw, archive.open(proof["file"]) as nodes:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        rows = _Rows(formatter.decode(text), checkpoint.tree_size)
        try:
            root = root_from_batch(checkpoint.tree_size, iter(rows), _proof_nodes(nodes))
        except ProofError as exc:
            raise BundleInvalid("inclusion", f"the inclusion proof does not fit: {exc}"
                                ) from None
    _check_counts(manifest, rows)
    report.count = rows.count
    report.passed.append("entry hashes and links")
    if root != checkpoint.root_hash:
        raise BundleInvalid("inclusion", "the entries do not rebuild the checkpoint's root")
    report.passed.append("inclusion in the checkpoint")
    _verify_consistency(manifest.get("consistency"), checkpoint.root_hash, key, kept, report)


def _verify_consistency(proof: dict[str, Any] | None, root: bytes, key: Ed25519PublicKey,
                        kept: str | None, report: BundleReport) -> None:
    if proof is not None:  # (6)
        if not verify_consistency(proof["from_size"], proof["to_size"],
                                  bytes.fromhex(proof["from_root"]), root,
                                  [bytes.fromhex(p) for p in proof["proof"]]):
            raise BundleInvalid("consistency", "the consistency proof does not verify")
        report.passed.append(f"consistency from tree size {proof['from_size']}")
    if kept is not None:
        earlier = verify_checkpoint(kept, key)
        if proof is None or (earlier.tree_size, earlier.root_hash.hex()) != (
                proof["from_size"], proof["from_root"]):
            raise BundleInvalid("consistency", "the bundle does not prove consistency with "
                                "the checkpoint you kept")
        report.passed.append("consistency with your checkpoint")


def verify_bundle(bundle: Path | IO[bytes], public_key: Ed25519PublicKey,
                  kept_checkpoint: str | None = None) -> BundleReport:
    report = BundleReport(ok=False)
    try:
        with zipfile.ZipFile(bundle) as archive:
            _verify(archive, public_key, kept_checkpoint, report)
    except BundleInvalid as exc:
        report.failed_step, report.problem, report.first_bad_seq = exc.step, exc.problem, exc.seq
        return report
    except CheckpointInvalid as exc:
        report.failed_step, report.problem = "checkpoint", exc.detail
        return report
    except (KeyError, ValueError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        report.failed_step, report.problem = "format", f"the bundle is malformed: {exc!r}"
        return report
    report.ok = True
    return report

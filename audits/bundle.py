"""Export bundles: a zip an auditor can verify with no access to our systems.

    entries.jsonl | entries.csv   the entries (all hashed fields and entry_hash)
    proof.bin                     RFC 6962 batch proof: 32-byte nodes that, with the
                                  entries' leaf hashes, rebuild the checkpoint's root
    checkpoint.txt                the signed checkpoint (C2SP note) the export is part of
    public-key.pem                the Ed25519 key that signed the checkpoint and manifest
    manifest.json                 filters, count, first/last seq, SHA-256 of every file,
                                  checkpoint, consistency proof from an earlier size
    manifest.sig                  raw Ed25519 signature over manifest.json's bytes

Written as a generator of byte chunks with constant memory: rows come through a
server-side cursor, selected leaf positions and proof nodes spill to temporary files.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from array import array
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any, cast

from sqlalchemy import Connection, select

from audits.canonical import format_time
from audits.export import row_format as make_row_format
from audits.merkle import batch_proof, consistency_proof, tree_root
from audits.models import AuditEntry
from audits.search import AuditFilter
from audits.signing import AuditSigner, public_pem
from audits.tiles import TileStore

BUNDLE_FORMAT = "kyc-audit-export/1"
_ENTRIES = AuditEntry.__table__
_DRAIN_EVERY = 2000
_COPY_CHUNK = 1 << 16


@dataclass(frozen=True)
class BundleSpec:
    audit_filter: AuditFilter
    fmt: str
    tree_size: int
    root_hash: str
    checkpoint_note: str
    consistent_with: int | None
    exported_by: str | None
    created_at: datetime


class _Sink:
    """A write-only, unseekable file that zipfile writes into and we drain."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def drain(self) -> bytes:
        data, self._chunks = b"".join(self._chunks), []
        return data


@dataclass
class _DataStats:
    count: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    sha256: str = ""
    size: int = 0


def _write_data(archive: zipfile.ZipFile, sink: _Sink, connection: Connection,
                spec: BundleSpec, positions: IO[bytes]) -> Generator[bytes, None, _DataStats]:
    row_format = make_row_format(spec.fmt)
    stats = _DataStats()
    digest = hashlib.sha256()
    pending = array("q")
    query = (spec.audit_filter.apply(select(_ENTRIES)).where(_ENTRIES.c.seq <= spec.tree_size)
             .order_by(_ENTRIES.c.seq).execution_options(yield_per=5000))
    with archive.open(f"entries.{row_format.extension}", "w", force_zip64=True) as member:
        header = row_format.header()
        digest.update(header)
        member.write(header)
        stats.size += len(header)
        result = connection.execute(query)
        try:
            for row in result.mappings():
                line = row_format.encode(cast(Any, row))
                digest.update(line)
                member.write(line)
                stats.size += len(line)
                pending.append(row["seq"] - 1)
                stats.count += 1
                if stats.first_seq is None:
                    stats.first_seq = row["seq"]
                stats.last_seq = row["seq"]
                if len(pending) >= _DRAIN_EVERY:
                    pending.tofile(positions)
                    del pending[:]
                    yield sink.drain()
        finally:
            result.close()
    pending.tofile(positions)
    stats.sha256 = digest.hexdigest()
    yield sink.drain()
    return stats


def _positions(handle: IO[bytes]) -> Iterator[int]:
    handle.seek(0)
    while True:
        chunk = array("q")
        data = handle.read(8 * 8192)
        if not data:
            return
        chunk.frombytes(data)
        yield from chunk


def _write_proof(archive: zipfile.ZipFile, sink: _Sink, store: TileStore, spec: BundleSpec,
                 positions: IO[bytes]) -> Generator[bytes, None, dict[str, Any]]:
    digest = hashlib.sha256()
    nodes = [0]
    with tempfile.TemporaryFile() as spool:
        def emit(node: bytes) -> None:
            digest.update(node)
            spool.write(node)
            nodes[0] += 1

        batch_proof(store, spec.tree_size, _positions(positions), emit)
        spool.seek(0)
        with archive.open("proof.bin", "w", force_zip64=True) as member:
            while chunk := spool.read(_COPY_CHUNK):
                member.write(chunk)
                yield sink.drain()
    return {"type": "rfc6962-batch", "file": "proof.bin", "nodes": nodes[0],
            "sha256": digest.hexdigest()}


def _consistency(store: TileStore, spec: BundleSpec) -> dict[str, Any] | None:
    first = spec.consistent_with
    if first is None or not 0 < first < spec.tree_size:
        return None
    return {"from_size": first, "from_root": tree_root(store, first).hex(),
            "to_size": spec.tree_size,
            "proof": [n.hex() for n in consistency_proof(store, first, spec.tree_size)]}


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def stream_bundle(connection: Connection, spec: BundleSpec, signer: AuditSigner
                  ) -> Iterator[bytes]:
    """Yield the bundle's bytes; `connection` must see the checkpoint's tiles."""
    sink = _Sink()
    store = TileStore(connection)
    row_format = make_row_format(spec.fmt)
    zip_sink = cast(IO[bytes], sink)  # zipfile only needs write(); it copes with no seek
    with tempfile.TemporaryFile() as positions, zipfile.ZipFile(
            zip_sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        stats = yield from _write_data(archive, sink, connection, spec, positions)
        proof = yield from _write_proof(archive, sink, store, spec, positions)
        pem = public_pem(signer.public_key)
        manifest = manifest_bytes({
            "format": BUNDLE_FORMAT,
            "created_at": format_time(spec.created_at),
            "exported_by": spec.exported_by,
            "log_origin": signer.name,
            "filters": spec.audit_filter.as_dict(),
            "complete_range": spec.audit_filter.selects_a_range,
            "data": {"file": f"entries.{row_format.extension}", "format": spec.fmt,
                     "sha256": stats.sha256, "bytes": stats.size},
            "count": stats.count, "first_seq": stats.first_seq, "last_seq": stats.last_seq,
            "checkpoint": {"file": "checkpoint.txt", "tree_size": spec.tree_size,
                           "root_hash": spec.root_hash, "sha256": hashlib.sha256(
                               spec.checkpoint_note.encode()).hexdigest()},
            "inclusion": proof,
            "consistency": _consistency(store, spec),
            "signing_key": {"key_id": signer.key_id, "file": "public-key.pem",
                            "sha256": hashlib.sha256(pem).hexdigest()},
        })
        archive.writestr("checkpoint.txt", spec.checkpoint_note)
        archive.writestr("public-key.pem", pem)
        archive.writestr("manifest.json", manifest)
        archive.writestr("manifest.sig", signer.sign(manifest))
        yield sink.drain()
    yield sink.drain()

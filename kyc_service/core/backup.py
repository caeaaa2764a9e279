"""Backups of the database and the blob store, and their restore (files only).

Order: the database snapshot is taken first, then the blobs are copied. A blob written
after the snapshot is merely an orphan in the backup; a blob the snapshot references but
that was deleted before the copy can only have been deleted by an erasure or retention
destruction (after its commit), and every such blob is sealed with a data key that the
same transaction destroyed - the shred ledger destroys it again on restore, so the blob
is not needed. (Copying blobs first would miss uploads committed in between.)

The keyring is never part of a backup: a backup and its keys must travel separately.
PostgreSQL is not supported yet (use `pg_dump`/`pg_restore` and the ledger by hand).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect

from kyc_service.core import migrate
from kyc_service.core.crypto import file_sha256
from kyc_service.core.db import utcnow
from kyc_service.core.errors import Conflict, IntegrityFailure, ValidationFailed

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILE = "database.sqlite3"
BLOBS = "blobs"


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    tables: int
    blobs: int


def _sqlite_path(engine: Engine) -> Path:
    if engine.dialect.name != "sqlite":
        raise ValidationFailed(
            "Backups of PostgreSQL are not supported yet: use pg_dump -Fc / pg_restore, "
            "then re-apply the shred ledger.", code="backup_unsupported_database")
    database = engine.url.database
    if not database or database == ":memory:":
        raise ValidationFailed("An in-memory database cannot be backed up.",
                               code="backup_unsupported_database")
    return Path(database)


def _copy_database(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy while the service keeps writing."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _blob_files(storage_dir: Path) -> list[Path]:
    if not storage_dir.is_dir():
        return []
    return sorted(p for p in storage_dir.rglob("*")
                  if p.is_file() and not p.name.startswith(".incoming-"))


def create_backup(engine: Engine, storage_dir: Path, output: Path) -> dict[str, Any]:
    """Snapshot the database, then copy the blobs, then write the manifest (last, so a
    backup without a manifest is recognisably incomplete)."""
    source = _sqlite_path(engine)
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise Conflict(f"{output} exists and is not an empty directory.",
                       code="backup_target_exists")
    output.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(output, 0o700)
    _copy_database(source, output / DATABASE_FILE)
    os.chmod(output / DATABASE_FILE, 0o600)
    files = [{"path": DATABASE_FILE, "sha256": file_sha256(output / DATABASE_FILE)}]
    for blob in _blob_files(storage_dir):
        relative = blob.relative_to(storage_dir)
        target = output / BLOBS / relative
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            shutil.copyfile(blob, target)
            os.chmod(target, 0o600)
        except FileNotFoundError:
            continue  # deleted meanwhile by an erasure: see the module docstring
        files.append({"path": f"{BLOBS}/{relative.as_posix()}", "sha256": file_sha256(target)})
    heads = _database_heads(output / DATABASE_FILE)
    manifest = {"format": FORMAT, "created_at": utcnow().isoformat(), "database": "sqlite",
                "alembic_heads": heads, "files": files, "keyring_included": False}
    (output / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), "utf-8")
    return manifest


def _database_heads(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    connection.close()
    return sorted(str(row[0]) for row in rows)


def read_manifest(backup: Path) -> dict[str, Any]:
    path = backup / MANIFEST
    if not path.is_file():
        raise ValidationFailed(f"{backup} has no {MANIFEST}: not a (complete) backup.",
                               code="backup_invalid")
    manifest: dict[str, Any] = json.loads(path.read_text("utf-8"))
    if manifest.get("format") != FORMAT or manifest.get("database") != "sqlite":
        raise ValidationFailed("Unsupported backup format or database kind.",
                               code="backup_invalid")
    for entry in manifest["files"]:
        file = backup / entry["path"]
        if ".." in Path(entry["path"]).parts or not file.is_file() or (
                file_sha256(file) != entry["sha256"]):
            raise IntegrityFailure(f"Backup file {entry['path']} is missing or altered.",
                                   code="backup_corrupt")
    return manifest


def check_heads(engine: Engine, manifest: dict[str, Any]) -> None:
    """Refuse backups made by newer code: this code cannot know their schema."""
    known = migrate.known_revisions(engine)
    unknown = [head for head in manifest["alembic_heads"] if head not in known]
    if unknown:
        raise Conflict(f"The backup's schema ({', '.join(unknown)}) is newer than this "
                       "version of the service; restore it with a newer release.",
                       code="backup_schema_newer")


def target_in_use(engine: Engine, storage_dir: Path) -> bool:
    return bool(inspect(engine).get_table_names()) or bool(_blob_files(storage_dir))


def restore_files(engine: Engine, storage_dir: Path, backup: Path,
                  manifest: dict[str, Any]) -> RestoreResult:
    """Replace the database and the blob store with the backup's (caller confirmed)."""
    target = _sqlite_path(engine)
    engine.dispose()
    with sqlite3.connect(backup / DATABASE_FILE) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
        tables = dst.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    src.close()
    dst.close()
    wanted = {e["path"].removeprefix(f"{BLOBS}/") for e in manifest["files"]
              if e["path"].startswith(f"{BLOBS}/")}
    for existing in _blob_files(storage_dir):
        if existing.relative_to(storage_dir).as_posix() not in wanted:
            existing.unlink()
    for relative in sorted(wanted):
        destination = storage_dir / relative
        destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        shutil.copyfile(backup / BLOBS / relative, destination)
        os.chmod(destination, 0o600)
    return RestoreResult(manifest, int(tables), len(wanted))

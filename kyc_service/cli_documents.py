"""`kyc documents check`: the document pipeline offline, without server or database.

One JSON object per line per file; exit 0 when every file was accepted, 1 when any was
not, 2 on usage errors. It runs exactly the function the background worker runs.
"""

from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from kyc_service.config import load_settings
from kyc_service.core.errors import KycError
from kyc_service.documents.decoding import DecodeLimits
from kyc_service.documents.pipeline import Decision, check_document
from kyc_service.documents.quality import DOCUMENT_SPECS


def check_file(
    path: str, kind: str, side: str, as_of: date, limits: DecodeLimits
) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        outcome = check_document(Path(path).read_bytes(), kind, side, limits=limits,
                                 as_of=as_of).as_dict()
    except KycError as exc:  # an unreadable file is a rejection with a reason
        outcome = {"decision": Decision.REJECTED, "quality": {"passed": False, "issues": []},
                   "fields": {}, "mrz": None,
                   "findings": [{"code": exc.code, "detail": exc.detail}]}
    elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    return {"file": path, "kind": kind, "side": side, **outcome, "elapsed_ms": elapsed_ms}


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


def _text_line(result: dict[str, Any]) -> str:
    codes = [i["code"] for i in result["quality"]["issues"]] + [
        f["code"] for f in result["findings"]]
    reasons = f" ({', '.join(codes)})" if codes else ""
    return f"{result['decision']:<13} {result['file']}{reasons}  {result['elapsed_ms']} ms"


@click.group("documents")
def documents_group() -> None:
    """Identity documents and address proofs."""


@documents_group.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", required=True, type=click.Choice(list(DOCUMENT_SPECS)))
@click.option("--side", required=True)
@click.option("--as-of", callback=_parse_date, help="Today for expiry, age and recency.")
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json",
              show_default=True)
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Files checked in parallel (one process each).")
def check_command(files: tuple[str, ...], kind: str, side: str, as_of: date, fmt: str,
                  jobs: int) -> None:
    """Check photos or PDFs as the service would, and print one result per file."""
    if side not in DOCUMENT_SPECS[kind].sides:
        raise click.BadParameter(f"for {kind}: {', '.join(DOCUMENT_SPECS[kind].sides)}",
                                 param_hint="--side")
    settings = load_settings()
    limits = DecodeLimits(settings.max_upload_bytes, settings.max_image_pixels)
    all_accepted = True
    with ProcessPoolExecutor(jobs) if jobs > 1 else _Inline() as pool:
        results = pool.map(check_file, files, [kind] * len(files), [side] * len(files),
                           [as_of] * len(files), [limits] * len(files))
        for result in results:
            all_accepted &= result["decision"] == Decision.ACCEPTED
            line = json.dumps(result, ensure_ascii=False) if fmt == "json" else _text_line(result)
            click.echo(line)
    sys.exit(0 if all_accepted else 1)


class _Inline:
    """`map` in this process, for --jobs 1 (no pool start-up cost)."""

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    @staticmethod
    def map(function: Any, *iterables: Any) -> Any:
        return map(function, *iterables)

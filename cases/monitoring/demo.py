"""Loading the seeded demo stream through the real service path, and scoring the result.

Customers are created with the customer service; events become the JSON items an
operator would send (amounts as strings, the stream's opaque device/IP keys mapped to
documentation-range IP addresses) and go through `TransactionIntake`, batch by batch.
"""

from __future__ import annotations

import hashlib
import ipaddress
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from audits.trail import AuditContext
from cases.alerts.models import Alert, AlertSource
from cases.demo_stream import DemoStream
from cases.monitoring.customers import CustomerBatch
from cases.monitoring.intake import TransactionIntake
from cases.rules import RULE_IDS, TransactionEvent, TransactionKind
from kyc_service.core.db import transaction
from kyc_service.customers.service import CustomerService

Progress = Callable[[str], None]
CENT = Decimal("0.01")


def demo_external_ref(seed: int, ref: str) -> str:
    return f"demo{seed}-{ref}"


def synthetic_ip(key: str) -> str:
    """A stable IPv6 address in the documentation range 2001:db8::/32 for a demo key."""
    digest = hashlib.sha256(key.encode()).digest()[:12]
    return ipaddress.IPv6Address(b"\x20\x01\x0d\xb8" + digest).compressed


def event_item(event: TransactionEvent, seed: int) -> dict[str, Any]:
    """The event as the operator's JSON: what `POST /api/v1/transactions` receives."""
    item: dict[str, Any] = {
        "external_id": f"demo{seed}-{event.external_id}",
        "external_ref": demo_external_ref(seed, event.customer_ref),
        "kind": str(event.kind), "amount": str(_cents(event.amount)), "currency": event.currency,
        "occurred_at": event.occurred_at.isoformat()}
    optional = {"method": event.method, "instrument": event.instrument_key,
                "device_id": event.device_key, "game_type": event.game_type,
                "ip": synthetic_ip(event.ip_key) if event.ip_key else None}
    if event.payer_name:
        name_field = "payee_name" if event.kind is TransactionKind.WITHDRAWAL else "payer_name"
        optional[name_field] = event.payer_name
    item.update({k: str(v) for k, v in optional.items() if v is not None})
    return item


def _cents(amount: Decimal) -> Decimal:
    """The stream computes some stakes to 1/10,000; operators send whole cents."""
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)
    return amount


def customer_data(seed: int, ref: str, name: str) -> dict[str, Any]:
    rng = random.Random(f"{seed}-{ref}")  # noqa: S311 - demo data, not secrets
    given, _, surname = name.rpartition(" ")
    return {"external_ref": demo_external_ref(seed, ref), "given_names": given or name,
            "surname": surname, "nationality": "TUR",
            "birth_date": date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 42))}


def ensure_customers(factory: sessionmaker[Session], service: CustomerService,
                     ctx: AuditContext, stream: DemoStream, seed: int, *, chunk: int = 250,
                     progress: Progress | None = None) -> dict[str, str]:
    """Create the stream's customers that do not exist yet; demo ref -> customer id."""
    refs, ids = sorted(stream.names), {}
    for start in range(0, len(refs), chunk):
        with transaction(factory) as session:
            batch = CustomerBatch(session, ctx, service.vault)
            wanted = {demo_external_ref(seed, ref): ref for ref in refs[start:start + chunk]}
            batch.resolve(wanted)
            for external_ref, ref in wanted.items():
                found = batch.by_ref.get(external_ref)
                ids[ref] = found.id if found else service.create(
                    session, ctx, customer_data(seed, ref, stream.names[ref])).id
        if progress:
            progress(f"customers {min(start + chunk, len(refs))}/{len(refs)}")
    return ids


@dataclass
class StreamTotals:
    events: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    parked: int = 0
    rejections: list[dict[str, Any]] = field(default_factory=list)


def batches(stream: DemoStream, seed: int, size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(stream.events), size):
        yield [event_item(event, seed) for event in stream.events[start:start + size]]


def stream_events(factory: sessionmaker[Session], intake: TransactionIntake,
                  ctx: AuditContext, stream: DemoStream, seed: int, *, batch_size: int = 1000,
                  progress: Progress | None = None, every: int = 20) -> StreamTotals:
    totals = StreamTotals()
    for number, items in enumerate(batches(stream, seed, batch_size), start=1):
        with transaction(factory) as session:
            counts = intake.ingest(session, ctx, items)
        totals.events += len(items)
        totals.stored += len(counts.stored)
        totals.duplicates += len(counts.duplicates)
        totals.rejected += len(counts.rejected)
        totals.parked += len(counts.parked)
        totals.rejections += [r.as_dict() for r in counts.rejected[:5]]
        if progress and (number % every == 0 or totals.events == len(stream.events)):
            progress(f"events {totals.events}/{len(stream.events)}")
    return totals


@dataclass(frozen=True)
class DemoScore:
    """Per typology: planted customers and how many of them got that rule's alert."""

    planted: dict[str, int]
    found: dict[str, int]
    clean: int
    clean_alerted: int
    clean_alerted_by_rule: dict[str, int]

    def recall(self, rule_id: str) -> float:
        return self.found[rule_id] / self.planted[rule_id] if self.planted[rule_id] else 1.0

    @property
    def clean_share(self) -> float:
        return self.clean_alerted / self.clean if self.clean else 0.0


def score(session: Session, stream: DemoStream, ids: dict[str, str]) -> DemoScore:
    """Compare the alerts in the database with the stream's ground truth."""
    by_id = {customer_id: ref for ref, customer_id in ids.items()}
    alerted: dict[str, set[str]] = {rule_id: set() for rule_id in RULE_IDS}
    for customer_id, code in session.execute(select(Alert.customer_id, Alert.code).where(
            Alert.source == AlertSource.RULE)):
        if customer_id in by_id and code in alerted:
            alerted[code].add(by_id[customer_id])
    clean = stream.clean_customers()
    anything = set().union(*alerted.values())
    return DemoScore(
        planted={r: len(stream.planted[r]) for r in RULE_IDS},
        found={r: len(stream.planted[r] & alerted[r]) for r in RULE_IDS},
        clean=len(clean), clean_alerted=len(clean & anything),
        clean_alerted_by_rule={r: len(clean & alerted[r]) for r in RULE_IDS})

"""One card/IBAN, device or IP behind several accounts: multi-accounting signals.

The customer whose event shows the shared key gets the finding; the evidence lists
the other accounts (by reference) so the officer can open them together. The first
account of a ring is flagged on its next event with the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cases.rules.base import EvidenceValue, Facts, Finding, Rule, RuleSettings
from cases.rules.events import MONEY_MOVEMENTS, TransactionKind
from cases.rules.shared_keys import KeyKind

MONTH = 30 * 86_400
MAX_LISTED = 10


def _shared_finding(rule: Rule[Any], facts: Facts, kind: KeyKind, key: str, *,
                    members: tuple[str, ...], limit: int) -> Finding:
    event = facts.event
    others = tuple(ref for ref in members if ref != event.customer_ref)
    evidence: dict[str, EvidenceValue] = {
        "key_kind": str(kind),
        "key": key,
        "customers": len(members),
        "max_customers": limit,
        "other_customers": others[-MAX_LISTED:],
    }
    score = min(90, 50 + 10 * (len(members) - limit))
    return rule.finding(customer_ref=event.customer_ref, at=event.epoch, score=score,
                        evidence=evidence, transaction_ids=(event.external_id,),
                        subject=f"{kind}:{key}")


@dataclass(frozen=True, slots=True)
class SharedInstrumentSettings(RuleSettings):
    max_customers: int = 1  # fires when more customers than this use the instrument
    cooldown_seconds: int = 3 * MONTH


class SharedInstrumentRule(Rule[SharedInstrumentSettings]):
    id = "shared_instrument"
    version = 1
    description = "The same payment instrument is used by more than N customers."
    explanation_en = "The {key_kind} is also used by {customers} customers (limit {max_customers})"
    settings_type = SharedInstrumentSettings
    kinds = MONEY_MOVEMENTS

    def evaluate(self, facts: Facts) -> list[Finding]:
        key = facts.event.instrument_key
        members = facts.shared_keys.customers(KeyKind.INSTRUMENT, key)
        if not key or len(members) <= self.settings.max_customers:
            return []
        return [_shared_finding(self, facts, KeyKind.INSTRUMENT, key, members=members,
                                limit=self.settings.max_customers)]


@dataclass(frozen=True, slots=True)
class SharedDeviceSettings(RuleSettings):
    max_device_customers: int = 2  # a household may share one device
    max_ip_customers: int = 5  # NAT and public Wi-Fi share addresses legitimately
    check_ip: bool = True
    cooldown_seconds: int = 3 * MONTH


class SharedDeviceRule(Rule[SharedDeviceSettings]):
    id = "shared_device"
    version = 1
    description = "The same device or IP address is used by more than N customers."
    explanation_en = "The {key_kind} is also used by {customers} customers (limit {max_customers})"
    settings_type = SharedDeviceSettings
    kinds = frozenset(TransactionKind)

    def evaluate(self, facts: Facts) -> list[Finding]:
        cfg, event, index = self.settings, facts.event, facts.shared_keys
        findings = []
        checks = [(KeyKind.DEVICE, event.device_key, cfg.max_device_customers)]
        if cfg.check_ip:
            checks.append((KeyKind.IP, event.ip_key, cfg.max_ip_customers))
        for kind, key, limit in checks:
            if key and index.count(kind, key) > limit:
                members = index.customers(kind, key)
                findings.append(
                    _shared_finding(self, facts, kind, key, members=members, limit=limit))
        return findings


"""Money paid in (or out) under another person's name.

Names are compared after Turkish-aware folding with rapidfuzz's token set ratio, which
tolerates word order, case, missing middle names and ASCII spellings ("Şükrü" =
"SUKRU"). When only blind-index keys are available the comparison is exact.
Evidence never carries the names themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from cases.rules.base import FOREVER, EvidenceValue, Facts, Finding, Rule, RuleSettings, money_text
from cases.rules.events import MONEY_MOVEMENTS
from cases.rules.names import name_similarity


@dataclass(frozen=True, slots=True)
class ThirdPartySettings(RuleSettings):
    min_similarity: int = 85
    cooldown_seconds: int = FOREVER  # once per instrument or payer


class ThirdPartyPaymentRule(Rule[ThirdPartySettings]):
    id = "third_party_payment"
    version = 1
    description = "Payer or payee name differs from the customer's own name."
    explanation_en = ("{kind} of {amount} {currency} made under another name "
                      "(similarity {similarity}/100 by {method})")
    settings_type = ThirdPartySettings
    kinds = MONEY_MOVEMENTS

    def evaluate(self, facts: Facts) -> list[Finding]:
        event, profile = facts.event, facts.profile
        if event.payer_name and profile.name:
            similarity = name_similarity(event.payer_name, profile.name)
            method = "name"
        elif event.payer_name_key and profile.name_key:
            similarity = 100 if event.payer_name_key == profile.name_key else 0
            method = "key"
        else:
            return []  # nothing to compare: the intake layer decides whether that is allowed
        if similarity >= self.settings.min_similarity:
            return []
        evidence: dict[str, EvidenceValue] = {
            "kind": str(event.kind),
            "amount": money_text(event.amount),
            "currency": event.currency,
            "similarity": similarity,
            "method": method,
        }
        subject = event.instrument_key or event.payer_name_key or event.external_id
        return [self.finding(customer_ref=event.customer_ref, at=event.epoch,
                             score=75 - similarity // 4, evidence=evidence,
                             transaction_ids=(event.external_id,), subject=subject)]

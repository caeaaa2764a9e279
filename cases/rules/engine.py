"""Runs the rules on each event and on a schedule, with versioned, auditable settings.

Fail closed: an engine with no rules, or with every rule disabled, refuses to run; a
rule whose window is longer than the aggregates keep is refused at construction; an
unknown currency raises before any state changes. Each settings change bumps
`settings_version` and is recorded in `history` (before/after, fingerprint) so the
caller can audit it; every finding carries the version it was produced under.

On an exception after step (3) the state has been partly updated: the caller persists
state in the same transaction as the findings and discards it on error.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cases.rules.aggregate_parts import AggregateSettings
from cases.rules.aggregates import CustomerAggregates
from cases.rules.base import CustomerProfile, Facts, Finding, Rule, RuleSettings
from cases.rules.errors import InvalidEventError, NoActiveRulesError, RuleConfigurationError
from cases.rules.events import MoneySettings, TransactionEvent, TransactionKind
from cases.rules.shared_keys import SharedKeyIndex, SharedKeyLimits

NO_PROFILE = CustomerProfile()


@dataclass(frozen=True, slots=True)
class EngineSettings:
    money: MoneySettings = field(default_factory=MoneySettings)
    aggregates: AggregateSettings = field(default_factory=AggregateSettings)
    shared_keys: SharedKeyLimits = field(default_factory=SharedKeyLimits)
    version: int = 1  # the persisted version this engine's settings start from


@dataclass(frozen=True, slots=True)
class SettingsChange:
    """One audited settings change (the caller writes it to the audit trail)."""

    version: int
    fingerprint: str
    rule_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str


class RuleEngine:
    """Evaluates a fixed set of rule types whose settings may change over time."""

    def __init__(
        self,
        rules: Sequence[Rule[Any]],
        settings: EngineSettings | None = None,
        shared_keys: SharedKeyIndex | None = None,
    ) -> None:
        if not rules:
            raise NoActiveRulesError("an empty rule set would pass everything")
        self.settings = settings or EngineSettings()
        self._rules: dict[str, Rule[Any]] = {}
        for rule in rules:
            if rule.id in self._rules:
                raise RuleConfigurationError(f"rule {rule.id} given twice")
            rule.check_settings(self.settings.aggregates)
            self._rules[rule.id] = rule
        self.shared_keys = shared_keys or SharedKeyIndex(self.settings.shared_keys)
        self.settings_version = self.settings.version
        self._by_kind: dict[TransactionKind, tuple[Rule[Any], ...]] = {}
        self._scheduled: tuple[Rule[Any], ...] = ()
        self._reindex()
        self.history: list[SettingsChange] = [
            SettingsChange(self.settings_version, self.fingerprint, None, None,
                           self.describe(), "initial settings")]

    # -- settings -----------------------------------------------------------------
    @property
    def rules(self) -> tuple[Rule[Any], ...]:
        return tuple(self._rules.values())

    def describe(self) -> dict[str, Any]:
        """Everything that decides a finding, JSON-compatible; hashed into `fingerprint`."""
        return {
            "money": self.settings.money.describe(),
            "aggregates": {f.name: _plain(getattr(self.settings.aggregates, f.name))
                           for f in dataclasses.fields(self.settings.aggregates)},
            "rules": [rule.describe() for rule in self._rules.values()],
        }

    @property
    def fingerprint(self) -> str:
        canonical = json.dumps(self.describe(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def replace_settings(self, rule_id: str, settings: RuleSettings, reason: str) -> SettingsChange:
        """Swap one rule's settings; refused if it would leave no active rule."""
        old = self._rules.get(rule_id)
        if old is None:
            raise RuleConfigurationError(f"unknown rule {rule_id}")
        new = type(old)(settings)
        new.check_settings(self.settings.aggregates)
        self._rules[rule_id] = new
        try:
            self._reindex()
        except NoActiveRulesError:
            self._rules[rule_id] = old
            self._reindex()
            raise
        self.settings_version += 1
        change = SettingsChange(self.settings_version, self.fingerprint, rule_id,
                                old.settings.describe(), new.settings.describe(), reason)
        self.history.append(change)
        return change

    def set_enabled(self, rule_id: str, enabled: bool, reason: str) -> SettingsChange:
        rule = self._rules.get(rule_id)
        if rule is None:
            raise RuleConfigurationError(f"unknown rule {rule_id}")
        return self.replace_settings(
            rule_id, dataclasses.replace(rule.settings, enabled=enabled), reason)

    def _reindex(self) -> None:
        active = [rule for rule in self._rules.values() if rule.enabled]
        if not active:
            raise NoActiveRulesError("every rule is disabled")
        self._by_kind = {kind: tuple(r for r in active if kind in r.kinds)
                         for kind in TransactionKind}
        self._scheduled = tuple(
            r for r in active if type(r).evaluate_scheduled is not Rule.evaluate_scheduled)

    # -- state --------------------------------------------------------------------
    def new_state(self, customer_ref: str) -> CustomerAggregates:
        return CustomerAggregates(customer_ref, self.settings.aggregates)

    def load_state(self, data: dict[str, Any]) -> CustomerAggregates:
        return CustomerAggregates.from_dict(data, self.settings.aggregates)

    # -- evaluation ---------------------------------------------------------------
    def on_event(
        self,
        event: TransactionEvent,
        state: CustomerAggregates,
        profile: CustomerProfile | None = None,
    ) -> list[Finding]:
        """Update the customer's aggregates with the event and return the findings."""
        if state.customer_ref != event.customer_ref:  # (1) the right customer's state
            raise InvalidEventError("state belongs to another customer")
        reporting = self.settings.money.to_reporting(event.amount, event.currency)  # (2)
        if not state.apply(event, reporting):  # (3) aggregates; a redelivery is a no-op
            return []
        self.shared_keys.observe(event)  # (4) who else uses these keys
        facts = Facts(event, reporting, state, self.shared_keys, profile or NO_PROFILE,
                      self.settings.money)
        findings: list[Finding] = []
        for rule in self._by_kind[event.kind]:  # (5) every enabled rule for this kind
            findings += self._admit(rule, rule.evaluate(facts), state)
        return findings

    def scheduled(self, now: datetime, states: Iterable[CustomerAggregates]) -> list[Finding]:
        """Prune windows to `now` (memory stays flat for idle customers) and run the
        rules that also look at closing windows."""
        if now.tzinfo is None:
            raise InvalidEventError("now must be timezone-aware")
        epoch = int(now.timestamp())
        findings: list[Finding] = []
        for state in states:
            state.prune(epoch)
            for rule in self._scheduled:
                findings += self._admit(
                    rule, rule.evaluate_scheduled(epoch, state, self.settings.money), state)
        return findings

    def _admit(self, rule: Rule[Any], candidates: list[Finding],
               state: CustomerAggregates) -> list[Finding]:
        """Drop repeats within the rule's cool-down; stamp the settings version."""
        admitted = []
        cooldown = rule.settings.cooldown_seconds
        for finding in candidates:
            if cooldown > 0:
                key = f"{rule.id}|{finding.subject or ''}"
                at = int(finding.occurred_at.timestamp())
                last = state.marks.get(key)
                if last is not None and 0 <= at - last < cooldown:
                    continue
                state.set_mark(key, at)
            admitted.append(dataclasses.replace(finding, settings_version=self.settings_version))
        return admitted


def _plain(value: object) -> object:
    if isinstance(value, frozenset):
        return sorted(value)
    return value

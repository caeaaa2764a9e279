"""AML typology rules: events in, findings out; pure Python over plain objects.

Entry points: `TransactionEvent`, `RuleEngine` (on_event / scheduled), `default_rules`.
"""

from cases.rules.aggregates import CustomerAggregates
from cases.rules.base import CustomerProfile, Facts, Finding, Rule, RuleSettings
from cases.rules.catalog import RULE_IDS, RULE_TYPES, default_rules
from cases.rules.engine import EngineSettings, RuleEngine, SettingsChange
from cases.rules.events import (
    GameType,
    MoneySettings,
    PaymentMethod,
    TransactionEvent,
    TransactionKind,
)
from cases.rules.shared_keys import SharedKeyIndex

__all__ = [
    "RULE_IDS",
    "RULE_TYPES",
    "CustomerAggregates",
    "CustomerProfile",
    "EngineSettings",
    "Facts",
    "Finding",
    "GameType",
    "MoneySettings",
    "PaymentMethod",
    "Rule",
    "RuleEngine",
    "RuleSettings",
    "SettingsChange",
    "SharedKeyIndex",
    "TransactionEvent",
    "TransactionKind",
    "default_rules",
]

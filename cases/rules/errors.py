"""Errors of the AML rules engine, each with a stable machine code.

The engine fails closed: bad events, unknown currencies and an empty or fully
disabled rule set raise instead of silently producing "no findings".
"""

from __future__ import annotations

from kyc_service.core.errors import KycError


class RulesError(KycError):
    code = "aml_rules_error"
    title = "The AML rules engine could not evaluate the transaction."


class InvalidEventError(RulesError):
    code = "aml_invalid_event"
    title = "The transaction event is not valid."


class UnknownCurrencyError(RulesError):
    code = "aml_unknown_currency"
    title = "No conversion rate is configured for the currency."


class NoActiveRulesError(RulesError):
    code = "aml_no_active_rules"
    title = "The rule set is empty or every rule is disabled."


class RuleConfigurationError(RulesError):
    code = "aml_rule_configuration"
    title = "A rule or its settings are not configured correctly."


class CorruptStateError(RulesError):
    code = "aml_corrupt_state"
    title = "Stored AML aggregates could not be read."

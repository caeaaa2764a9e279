"""Settings of the transaction monitoring (legal figures and limits are settings).

Read from the service settings' `extra` mapping (`aml_*` keys) or from `KYC_AML_*`
environment variables, so deployments tune them without code changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from cases.alerts.service import AlertSettings
from cases.rules import EngineSettings
from kyc_service.core.errors import ConfigurationError


class UnknownCustomerPolicy(StrEnum):
    REJECT = "reject"  # the item is rejected with code unknown_customer
    PARK = "park"  # the item is kept (encrypted) until the customer is created


def _minor_units() -> Mapping[str, int]:
    return MappingProxyType({"EUR": 2, "USD": 2, "TRY": 2})


@dataclass(frozen=True)
class MonitoringSettings:
    unknown_customers: UnknownCustomerPolicy = UnknownCustomerPolicy.REJECT
    max_batch_items: int = 1000
    max_future_skew_seconds: int = 300  # events dated later than now + this are refused
    minor_units: Mapping[str, int] = field(default_factory=_minor_units)
    scheduled_batch_size: int = 500
    engine: EngineSettings = field(default_factory=EngineSettings)
    alerts: AlertSettings = field(default_factory=AlertSettings)

    @classmethod
    def from_config(cls, extra: Mapping[str, Any],
                    environ: Mapping[str, str] | None = None) -> MonitoringSettings:
        """Defaults, then `KYC_AML_<NAME>` variables, then `extra["aml_<name>"]`."""
        environ = environ or {}
        values: dict[str, Any] = {}
        for name in ("unknown_customers", "max_batch_items", "max_future_skew_seconds",
                     "scheduled_batch_size"):
            raw = extra.get(f"aml_{name}", environ.get(f"KYC_AML_{name.upper()}"))
            if raw is not None and raw != "":
                values[name] = _coerce(name, raw)
        settings = replace(cls(), **values)
        if not 1 <= settings.max_batch_items <= 10_000:
            raise ConfigurationError("aml max_batch_items must be between 1 and 10000")
        return settings

    def decimals(self, currency: str) -> int:
        return self.minor_units.get(currency, 2)


def _coerce(name: str, raw: Any) -> Any:
    template = {f.name: f.default for f in fields(MonitoringSettings)}[name]
    try:
        if isinstance(template, StrEnum):
            return type(template)(str(raw).strip().lower())
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"aml setting {name} has an invalid value {raw!r}") from None

"""Alerts raised by rules, screening and document checks; `raise_alert` is the entry point."""

from cases.alerts.models import Alert, AlertSource, AlertStatus, Resolution
from cases.alerts.service import AlertSettings, AlertWriter, Hit, raise_alert

__all__ = ["Alert", "AlertSettings", "AlertSource", "AlertStatus", "AlertWriter", "Hit",
           "Resolution", "raise_alert"]

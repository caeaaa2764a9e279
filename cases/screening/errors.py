"""Errors of the screening package, each with a stable machine code."""

from __future__ import annotations

from kyc_service.core.errors import ValidationFailed


class ListMalformed(ValidationFailed):
    """A screening list file could not be read; `location` names the line or element.

    Raised instead of returning a partial list: screening against half a list would
    silently miss the people in the other half.
    """

    code = "list_malformed"
    title = "The screening list file is malformed."

    def __init__(self, detail: str, *, source: str, location: str) -> None:
        super().__init__(
            f"{source}: {location}: {detail}",
            extra={"source": source, "location": location},
        )
        self.source = source
        self.location = location

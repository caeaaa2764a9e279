"""Who gets screened: the few decrypted values screening needs, and the person's data key.

Callers above this package (the customer hook, the re-screen source) build these from
customers; this package never reads the customers table itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from cases.screening.countries import to_alpha3
from kyc_service.core.datakeys import DataKey

# The customer fields whose change calls for screening again.
SCREENED_FIELDS = frozenset({"given_names", "surname", "birth_date", "nationality"})


@dataclass(frozen=True)
class ScreenedPerson:
    customer_id: str
    data_key: DataKey
    full_name: str
    birth_date: str | None
    nationality: str | None

    def __repr__(self) -> str:  # never print the personal values
        return f"ScreenedPerson(customer_id={self.customer_id!r})"


def person_from_record(customer_id: str, data_key: DataKey,
                       record: Mapping[str, Any]) -> ScreenedPerson:
    """From a decrypted customer record; an unknown nationality code is left out rather
    than failing the customer's creation."""
    name = " ".join(str(record.get(k) or "").strip() for k in ("given_names", "surname"))
    birth = record.get("birth_date")
    nationality = record.get("nationality")
    return ScreenedPerson(
        customer_id=customer_id,
        data_key=data_key,
        full_name=" ".join(name.split()),
        birth_date=birth.isoformat() if isinstance(birth, date) else (str(birth) or None)
        if birth else None,
        nationality=to_alpha3(nationality) if nationality else None,
    )


# (session, after customer id or None, how many) -> (the next people in customer id
# order, the last customer id looked at, or None when there is nobody left). People
# who cannot be screened (erased) are left out, so a batch may be short or empty.
PeopleSource = Callable[[Session, str | None, int],
                        tuple[Sequence[ScreenedPerson], str | None]]

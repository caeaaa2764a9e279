"""Demo data for `kyc init --demo`: one user per role and a few Turkish customers."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from audits.trail import AuditContext
from kyc_service.accounts import service as accounts
from kyc_service.accounts.models import User
from kyc_service.accounts.roles import Role
from kyc_service.core.vault import Vault
from kyc_service.customers.models import Customer
from kyc_service.customers.national_id import complete_turkish_national_id
from kyc_service.customers.service import CustomerService

DEMO_DOMAIN = "demo.kyc.invalid"
GIVEN = ["Ayşe", "Mehmet", "Zeynep", "Çağrı", "İbrahim", "Gülşen", "Ömer", "Şule", "Ümit"]
SURNAMES = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Güneş", "Doğan"]
CITIES = ["İstanbul", "Ankara", "İzmir", "Bursa", "Antalya"]


def demo_email(role: Role) -> str:
    return f"{role.value.replace('_', '.')}@{DEMO_DOMAIN}"


def ensure_demo_users(session: Session, vault: Vault, ctx: AuditContext) -> dict[Role, User]:
    users = {}
    for role in Role:
        try:
            users[role] = accounts.find_user_by_email(session, vault, demo_email(role))
        except accounts.NotFound:
            users[role] = accounts.create_user(session, vault, ctx, demo_email(role), [role],
                                               password=f"demo-{role.value}-password")
    return users


def demo_customer_data(rng: random.Random, index: int) -> dict[str, object]:
    given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
    birth = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
    ascii_name = given.translate(str.maketrans("ÇĞİÖŞÜçğıöşü", "CGIOSUcgiosu")).lower()
    return {
        "external_ref": f"demo-player-{index:05d}",
        "given_names": given,
        "surname": surname,
        "birth_date": birth,
        "national_id": complete_turkish_national_id(str(rng.randrange(100_000_000, 999_999_999))),
        "nationality": "TUR",
        "email": f"{ascii_name}.{index}@example.com",
        "phone": f"+90532{rng.randrange(1_000_000, 9_999_999)}",
        "address": {"line1": f"Atatürk Cad. No:{rng.randrange(1, 200)}", "city": rng.choice(CITIES),
                    "country": "TUR"},
        "preferred_language": rng.choice(["tr", "en"]),
    }


def ensure_demo_customers(session: Session, vault: Vault, ctx: AuditContext, count: int) -> int:
    """Create the demo customers that are missing; returns how many were created."""
    if session.scalar(select(Customer.id).limit(1)) is not None:
        return 0
    service, rng = CustomerService(vault), random.Random(20261125)  # noqa: S311 (demo data, not secrets)
    for index in range(1, count + 1):
        service.create(session, ctx, demo_customer_data(rng, index))
    return count

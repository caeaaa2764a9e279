"""Deterministic demo stream: realistic play for many customers with planted typologies.

`generate_demo_stream(customers=..., seed=...)` returns time-ordered events plus the
ground truth (which customers were planted with which typology), so the rules can be
demonstrated (`kyc demo transactions`) and their recall and false alerts measured.
Clean players follow closed-loop payouts (withdraw to the funding instrument), mostly
after playing their deposits through, with legitimate look-alikes mixed in; planted
customers add one typology on top of ordinary play. Random draws are floats; every
amount becomes a `Decimal` before it reaches an event.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from cases.rules.base import CustomerProfile
from cases.rules.catalog import RULE_IDS
from cases.rules.events import GameType, MoneySettings, PaymentMethod, TransactionEvent
from cases.rules.events import TransactionKind as K
from cases.rules.names import normalise_name

M = PaymentMethod
DEFAULT_START = datetime(2025, 1, 1, tzinfo=UTC)
CENT = Decimal("0.01")
FIRST = ["Ayşe", "Mehmet", "Fatma", "Mustafa", "Emine", "Ahmet", "Hatice", "Ali", "Zeynep",
         "Hüseyin", "Elif", "İbrahim", "Şükrü", "Özge", "Çağrı", "Gökhan", "Anna", "Lukas",
         "Marco", "Sofia", "Jan", "Eva", "Pierre", "Clara", "Nikos", "Maria"]
LAST = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan",
        "Doğan", "Kılıç", "Aslan", "Çetin", "Koç", "Kurt", "Özdemir", "Müller", "Rossi", "Novak",
        "Papadopoulos", "García", "Schmidt", "Dubois", "Borg", "Camilleri"]
METHOD_CHOICES = [M.BANK_TRANSFER, M.E_WALLET, M.CARD, M.CRYPTO, M.PREPAID]
METHOD_WEIGHTS = {"TRY": [40, 35, 15, 5, 5], "EUR": [15, 30, 50, 3, 2]}
NAMED_METHODS = frozenset({M.BANK_TRANSFER, M.CARD, M.E_WALLET})


@dataclass
class _Player:
    """A simulated player; instrument, device and IP are the opaque keys events carry."""

    ref: str
    name: str
    currency: str
    method: PaymentMethod
    instrument: str
    device: str
    ip: str
    typical_eur: float  # a usual deposit, in the reporting currency
    game: GameType
    balance: Decimal = Decimal(0)
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoStream:
    events: list[TransactionEvent]
    names: dict[str, str]  # customer_ref -> full name, for third-party checks
    planted: dict[str, frozenset[str]]  # typology (rule id) -> planted customer refs

    def clean_customers(self) -> set[str]:
        tainted = set().union(*self.planted.values())
        return {ref for ref in self.names if ref not in tainted}

    def profile(self, customer_ref: str) -> CustomerProfile:
        return CustomerProfile(name=self.names[customer_ref])


class _Builder:
    """Emits events for one player at a time, tracking a play balance in native units."""

    def __init__(self, rng: random.Random, money: MoneySettings) -> None:
        self.rng, self.money = rng, money
        self.events: list[TransactionEvent] = []

    def native(self, p: _Player, eur: float) -> Decimal:
        amount = self.money.from_reporting(Decimal(f"{eur:.2f}"), p.currency)
        return amount.quantize(Decimal(1)) if p.currency == "TRY" else amount

    def emit(self, p: _Player, kind: K, amount: Decimal, at: datetime, **extra: object) -> None:
        money_move = kind in (K.DEPOSIT, K.WITHDRAWAL, K.CHARGEBACK)
        method = extra.pop("method", p.method if money_move else None)
        fields: dict[str, object] = {
            "method": method, "device_key": p.device, "ip_key": p.ip,
            "instrument_key": p.instrument if money_move else None,
            "game_type": p.game if kind in (K.BET, K.WIN, K.BONUS_WAGER) else None,
            "payer_name": self.payer_name(p) if money_move and method in NAMED_METHODS else None,
        } | extra
        self.events.append(TransactionEvent(
            external_id=f"tx-{len(self.events):07d}", customer_ref=p.ref, kind=kind,
            amount=amount, currency=p.currency, occurred_at=at, **fields))  # type: ignore[arg-type]
        sign = {K.DEPOSIT: 1, K.WIN: 1, K.BET: -1, K.WITHDRAWAL: -1}.get(kind, 0)
        p.balance += sign * amount

    def payer_name(self, p: _Player) -> str:
        """The player's own name as banks write it: case, ASCII and word order vary."""
        reordered = " ".join(reversed(p.name.split()))
        return self.rng.choice((p.name, p.name.upper(), reordered, p.extra["bank_name"]))

    def play(self, p: _Player, at: datetime, target: Decimal, stake_base: Decimal) -> datetime:
        """Bets (some winning) until `target` has been staked or the balance is gone."""
        rng, staked = self.rng, Decimal(0)
        while staked < target and p.balance > 0:
            at += timedelta(minutes=rng.randint(1, 9))
            share = Decimal(f"{rng.uniform(0.15, 0.5):.2f}")
            stake = min(p.balance, max(Decimal(1), (stake_base * share).quantize(Decimal(1))),
                        target - staked)
            self.emit(p, K.BET, stake, at)
            staked += stake
            if rng.random() < 0.45:
                payout = (stake * Decimal(f"{rng.uniform(1.5, 2.6):.2f}")).quantize(CENT)
                self.emit(p, K.WIN, payout, at + timedelta(seconds=30))
        return at

    def session(self, p: _Player, at: datetime, *, eur: float | None = None,
                play: float | None = None, cash_out: float | None = 1.0) -> datetime:
        """One visit: deposit, bets (`play` x the deposit), maybe a bonus, maybe a payout
        (only once `cash_out` x the deposit has been staked; None: never)."""
        rng = self.rng
        eur = eur or min(p.typical_eur * rng.lognormvariate(0, 0.5), 20 * p.typical_eur)
        deposit = self.native(p, eur)
        self.emit(p, K.DEPOSIT, deposit, at)
        ratio = play if play is not None else rng.uniform(1.0, 3.0)
        at = self.play(p, at, deposit * Decimal(f"{ratio:.2f}"), deposit)
        if rng.random() < 0.08:
            bonus = self.native(p, 10)
            self.emit(p, K.BONUS_CREDIT, bonus, at)
            self.emit(p, K.BONUS_WAGER, bonus, at + timedelta(minutes=2))
        if (cash_out is not None and ratio >= cash_out
                and p.balance > deposit * Decimal(f"{cash_out:.2f}") and rng.random() < 0.6):
            at += timedelta(minutes=rng.randint(5, 60))
            self.emit(p, K.WITHDRAWAL, (p.balance * Decimal("0.8")).quantize(Decimal(1)), at)
        return at

    def sessions(self, p: _Player, at: datetime, count: int, spread_days: int = 90) -> datetime:
        for offset in sorted(self.rng.sample(range(1, spread_days), count)):
            visit = at + timedelta(days=offset, hours=self.rng.randint(0, 14))
            last = self.session(p, visit)
        return last if count else at



def _low_wagering(b: _Builder, p: _Player, at: datetime) -> None:
    eur = b.rng.uniform(300, 3000)
    at = b.session(p, at, eur=eur, play=b.rng.uniform(0.03, 0.15), cash_out=None)
    at += timedelta(minutes=b.rng.randint(10, 600))
    b.emit(p, K.WITHDRAWAL, b.native(p, eur * b.rng.uniform(0.85, 0.95)), at)


def _structuring(b: _Builder, p: _Player, at: datetime) -> None:
    for _ in range(b.rng.randint(3, 5)):
        deposit = b.native(p, 2000 * b.rng.uniform(0.82, 0.98))
        b.emit(p, K.DEPOSIT, deposit, at)
        b.play(p, at, deposit * Decimal(f"{b.rng.uniform(0.8, 1.5):.2f}"), deposit)
        at += timedelta(hours=b.rng.uniform(2, 30))


def _large(b: _Builder, p: _Player, at: datetime) -> None:
    b.session(p, at, eur=10000 * b.rng.uniform(1.05, 4), play=b.rng.uniform(0.5, 1.5))


def _velocity(b: _Builder, p: _Player, at: datetime) -> None:
    for _ in range(b.rng.randint(6, 10)):
        at = b.session(p, at) + timedelta(days=b.rng.randint(2, 5))
    for _ in range(b.rng.randint(10, 15)):
        deposit = b.native(p, b.rng.uniform(100, 400))
        b.emit(p, K.DEPOSIT, deposit, at)
        at = b.play(p, at, deposit * Decimal(f"{b.rng.uniform(0.5, 1):.2f}"), deposit)
        at += timedelta(minutes=b.rng.randint(5, 40))


def _dormant(b: _Builder, p: _Player, at: datetime) -> None:
    at = b.session(p, at) + timedelta(days=b.rng.uniform(200, 260))
    b.session(p, at, eur=b.rng.uniform(1500, 6000))


def _new_instrument(b: _Builder, p: _Player, at: datetime) -> None:
    at = b.session(p, at, play=2.0, cash_out=None)
    b.emit(p, K.WIN, b.native(p, b.rng.uniform(150, 1200)), at)
    b.emit(p, K.WITHDRAWAL, b.native(p, b.rng.uniform(100, 1000)),
           at + timedelta(minutes=20), instrument_key=f"ins-{p.ref}-payout")


def _third_party(b: _Builder, p: _Player, at: datetime) -> None:
    own = set(p.name.split())
    for n in range(b.rng.randint(1, 3)):
        payer = " ".join((b.rng.choice([f for f in FIRST if f not in own]),
                          b.rng.choice([s for s in LAST if s not in own])))
        at += timedelta(days=b.rng.randint(1, 6))
        deposit = b.native(p, p.typical_eur * b.rng.uniform(1, 3))
        b.emit(p, K.DEPOSIT, deposit, at, payer_name=payer, method=M.CARD,
               instrument_key=f"ins-{p.ref}-tp{n}")
        at = b.play(p, at, deposit * 2, deposit)


def _high_risk(b: _Builder, p: _Player, at: datetime) -> None:
    p.method, p.instrument = b.rng.choice([M.CRYPTO, M.PREPAID]), f"ins-{p.ref}-hr"
    total, count = b.rng.uniform(4000, 15000), b.rng.randint(4, 10)
    for _ in range(count):
        at = b.session(p, at, eur=total / count) + timedelta(days=b.rng.uniform(1, 6))


def _chargeback(b: _Builder, p: _Player, at: datetime) -> None:
    p.method = M.CARD
    for _ in range(b.rng.randint(3, 5)):
        at = b.session(p, at, eur=b.rng.uniform(100, 500), play=1.2, cash_out=None)
        at += timedelta(days=b.rng.randint(1, 4))
    disputes = 1 if b.rng.random() < 0.5 else b.rng.randint(2, 3)
    if disputes == 1:
        b.emit(p, K.WIN, b.native(p, 600), at)
        b.emit(p, K.WITHDRAWAL, b.native(p, b.rng.uniform(300, 600)), at + timedelta(hours=1))
    for _ in range(disputes):
        at += timedelta(days=b.rng.randint(2, 10))
        b.emit(p, K.CHARGEBACK, b.native(p, b.rng.uniform(100, 500)), at)


def _share_keys(players: list[_Player], attrs: tuple[str, ...], size: tuple[int, int],
                rng: random.Random) -> None:
    """Group players into rings (2-4 or 3-6 accounts) that share the given keys."""
    i = 0
    while i < len(players):
        length = rng.randint(*size)
        if len(players) - i - length < size[0]:  # a short tail joins this ring
            length = len(players) - i
        ring = players[i:i + length]
        ring_day = f"{rng.uniform(0, 200):.1f}"
        for member in ring:
            member.extra["ring_day"] = ring_day
            for attr in attrs:
                setattr(member, attr, f"{attr}-ring-{ring[0].ref}")
        i += len(ring)


PLANTERS: dict[str, Callable[[_Builder, _Player, datetime], None]] = {
    "low_wagering_withdrawal": _low_wagering, "structuring": _structuring,
    "large_transaction": _large, "velocity_spike": _velocity,
    "dormant_reactivation": _dormant, "withdrawal_to_new_instrument": _new_instrument,
    "third_party_payment": _third_party, "high_risk_method": _high_risk,
    "chargeback_pattern": _chargeback,
}
RING_KEYS = {"shared_instrument": (("instrument",), (2, 4)),
             "shared_device": (("device", "ip"), (3, 6))}


def _new_player(rng: random.Random, index: int) -> _Player:
    currency = rng.choices(["TRY", "EUR", "USD"], [60, 25, 15])[0]
    weights = METHOD_WEIGHTS["TRY" if currency == "TRY" else "EUR"]
    first, last = rng.choice(FIRST), rng.choice(LAST)
    middle = f" {rng.choice(FIRST)}" if rng.random() < 0.2 else ""
    ref = f"cus-{index:05d}"
    vip = 15 if rng.random() < 0.01 else 1
    return _Player(
        ref=ref, name=f"{first}{middle} {last}", currency=currency, ip=f"ip-{ref}",
        device=f"dev-{ref}", instrument=f"ins-{ref}", typical_eur=min(rng.lognormvariate(
            3.7, 0.8), 600) * vip, method=rng.choices(METHOD_CHOICES, weights)[0],
        game=rng.choices(list(GameType), [45, 25, 10, 6, 6, 8])[0],
        extra={"bank_name": normalise_name(f"{first} {last}").upper()})


def _clean_play(b: _Builder, pool: list[_Player], start: datetime) -> None:
    """Ordinary players plus the legitimate look-alikes that cause false alerts: cash-outs
    after 35-90% play, returns after months away, shared public IPs, renewed cards and
    the odd genuine dispute."""
    rng, public_ips = b.rng, max(1, len(pool) // 40)
    for p in pool:
        style = rng.random()
        if style < 0.05:
            p.ip = f"ip-public-{rng.randrange(public_ips)}"
        at = b.sessions(p, start + timedelta(days=rng.uniform(0, 270)), rng.randint(1, 5))
        if 0.05 <= style < 0.13:
            at = b.session(p, at + timedelta(days=rng.randint(1, 20)),
                           play=rng.uniform(0.35, 0.9), cash_out=0.35)
        elif 0.13 <= style < 0.18:
            at = b.session(p, at + timedelta(days=rng.uniform(100, 300)))
        elif 0.18 <= style < 0.20:
            p.instrument = f"{p.instrument}-renewed"
            at = b.sessions(p, at, rng.randint(1, 3), 30)
        if rng.random() < 0.003:
            b.emit(p, K.CHARGEBACK, b.native(p, p.typical_eur), at + timedelta(days=3))


def generate_demo_stream(customers: int = 1000, *, seed: int = 1, planted_share: float = 0.015,
                         start: datetime = DEFAULT_START,
                         money: MoneySettings | None = None) -> DemoStream:
    """Events for `customers` players over a year, `planted_share` of them per typology."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    builder = _Builder(rng, money or MoneySettings())
    players = [_new_player(rng, i) for i in range(customers)]
    pool, per = rng.sample(players, len(players)), max(3, round(customers * planted_share))
    planted = {typology: pool[i * per:(i + 1) * per] for i, typology in enumerate(RULE_IDS)}
    pool = pool[per * len(RULE_IDS):]
    for index in range(0, len(pool) // 25 * 2, 2):  # ~4% of clean players share a household
        pool[index + 1].device, pool[index + 1].ip = pool[index].device, pool[index].ip
    for typology, (attrs, size) in RING_KEYS.items():
        _share_keys(planted[typology], attrs, size, rng)
    for typology, group in planted.items():
        planter = PLANTERS.get(typology)
        latest_join = 40 if typology == "dormant_reactivation" else 200
        for p in group:
            if planter is None:  # ring members: ordinary play, but on shared keys
                ring_start = start + timedelta(days=float(p.extra["ring_day"]))
                builder.sessions(p, ring_start, rng.randint(3, 5), 40)
                continue
            join = start + timedelta(days=rng.uniform(0, latest_join))
            warm_up = builder.sessions(p, join, rng.randint(1, 2), 30)  # ordinary play first
            planter(builder, p, warm_up + timedelta(days=2))
    _clean_play(builder, pool, start)
    events = sorted(builder.events, key=lambda e: (e.occurred_at, e.external_id))
    return DemoStream(events=events, names={p.ref: p.name for p in players},
                      planted={t: frozenset(p.ref for p in g) for t, g in planted.items()})

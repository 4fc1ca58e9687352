"""Arrears and the collection rate (收缴率) of a property-fee account.

A unit's arrears are its charges raised less its payments recorded (a payment counts from
when the keeper records it; the ledger entry that carries it follows through review).
Payments pay the oldest charges first. For a period (one month or several):

- a charged unit is *paid* when its payments cover every charge up to the period's end;
- the collection rate is the share of the charged units that are paid (GLOSSARY: "the
  share of units that paid"), and the amount share is the part of the period's charges
  covered over all that was charged for it.

Shares are exact fractions until shown: as a percentage with one decimal, rounded half
up; in a snapshot as strings with four places.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext

from compounds.models import Body, Residency, Unit
from finance.banking import unit_code
from finance.models import Account, FeeBatch, FeeCharge, FeePayment, FeeSchedule, UnmatchedLine
from finance.permissions import owned_homes

ZERO = Decimal("0.00")
COMMITTEES = (Body.Kind.OWNERS_COMMITTEE,)


@dataclass(frozen=True)
class UnitFigures:
    """What one unit owed before the period, was charged in it, and has paid in all."""

    before: Decimal
    during: Decimal
    paid: Decimal

    @property
    def covered(self) -> Decimal:
        """The part of the period's charges the payments reach, oldest charges first."""
        return min(max(self.paid - self.before, ZERO), self.during)

    @property
    def is_paid(self) -> bool:
        return self.covered >= self.during


@dataclass
class Collection:
    units: int = 0
    paid_units: int = 0
    charged: Decimal = ZERO
    collected: Decimal = ZERO

    def add(self, unit: UnitFigures) -> None:
        self.units += 1
        self.paid_units += unit.is_paid
        self.charged += unit.during
        self.collected += unit.covered

    @property
    def rate(self) -> Decimal | None:
        return Decimal(self.paid_units) / self.units if self.units else None

    @property
    def amount_rate(self) -> Decimal | None:
        return self.collected / self.charged if self.charged else None

    @property
    def rate_text(self) -> str:
        return percent(self.rate)

    @property
    def amount_rate_text(self) -> str:
        return percent(self.amount_rate)

    def as_plain(self) -> dict:
        def share(value):
            return "" if value is None else f"{value.quantize(Decimal('0.0001'), ROUND_HALF_UP)}"

        return {
            "units": self.units,
            "paid_units": self.paid_units,
            "charged": f"{self.charged:.2f}",
            "collected": f"{self.collected:.2f}",
            "rate": share(self.rate),
            "amount_rate": share(self.amount_rate),
        }


@dataclass
class Collections:
    start: date
    end: date
    compound: Collection = field(default_factory=Collection)
    buildings: dict[str, Collection] = field(default_factory=dict)


def collection(account: Account, start: date, end: date) -> Collections:
    """The collection of the period [start, end] per building and for the compound, in
    two queries (charges by unit with their building, payments by unit)."""
    rows = (
        FeeCharge.objects.filter(account=account, period_start__lte=end)
        .values("unit_id", "unit__building_id", "unit__building__name")
        .annotate(
            before=Sum("amount", filter=Q(period_start__lt=start)),
            during=Sum("amount", filter=Q(period_start__gte=start)),
        )
        .order_by("unit__building_id")
    )
    paid = paid_by_unit(account)
    result = Collections(start, end)
    for row in rows:
        if not row["during"]:
            continue  # not charged in the period
        unit = UnitFigures(row["before"] or ZERO, row["during"], paid.get(row["unit_id"], ZERO))
        result.compound.add(unit)
        building = result.buildings.setdefault(row["unit__building__name"], Collection())
        building.add(unit)
    return result


def paid_by_unit(account: Account, units=None) -> dict[int, Decimal]:
    payments = FeePayment.objects.filter(account=account)
    if units is not None:
        payments = payments.filter(unit__in=units)
    totals = payments.values("unit_id").annotate(total=Sum("amount")).order_by()
    return {row["unit_id"]: row["total"] for row in totals}


def charged_by_unit(account: Account, units=None) -> dict[int, Decimal]:
    charges = FeeCharge.objects.filter(account=account)
    if units is not None:
        charges = charges.filter(unit__in=units)
    totals = charges.values("unit_id").annotate(total=Sum("amount")).order_by()
    return {row["unit_id"]: row["total"] for row in totals}


@dataclass(frozen=True)
class Arrear:
    unit_id: int
    code: str
    amount: Decimal


def arrears_list(account: Account) -> list[Arrear]:
    """Every unit that owes, most owed first (three queries)."""
    charged, paid = charged_by_unit(account), paid_by_unit(account)
    owing = {pk: due - paid.get(pk, ZERO) for pk, due in charged.items()}
    owing = {pk: amount for pk, amount in owing.items() if amount > 0}
    units = Unit.objects.filter(pk__in=owing)
    codes = {unit.pk: unit_code(unit) for unit in units.select_related("building")}
    return sorted(
        (Arrear(pk, codes[pk], amount) for pk, amount in owing.items()),
        key=lambda a: (-a.amount, a.code),
    )


def owing_units(accounts: list[Account]) -> set[int]:
    """The units in arrears in any of the accounts (for the committee page's mark)."""
    owing = set()
    for account in accounts:
        paid = paid_by_unit(account)
        owing |= {pk for pk, due in charged_by_unit(account).items() if due > paid.get(pk, ZERO)}
    return owing


def percent(share: Decimal | None) -> str:
    """0.91666… → "91.7%"; nothing charged → "—"."""
    if share is None:
        return "—"
    return f"{(share * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


def last_charged_month(account: Account) -> date | None:
    return (
        FeeCharge.objects.filter(account=account)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )


def by_building(collections: Collections) -> list[tuple[str, Collection]]:
    return sorted(collections.buildings.items(), key=lambda item: (len(item[0]), item[0]))


def statement_collection(account: Account, start: date, end: date) -> dict:
    """What a property-fee account's statement says of its period's collection."""
    found = collection(account, start, end)
    return {
        "compound": found.compound.as_plain(),
        "buildings": {name: c.as_plain() for name, c in by_building(found)},
    }


def unit_summary(account: Account, unit) -> dict:
    charges = list(FeeCharge.objects.filter(account=account, unit=unit).order_by("-period_start"))
    payments = list(FeePayment.objects.filter(account=account, unit=unit).order_by("-paid_on"))
    due = sum((c.amount for c in charges), ZERO)
    paid = sum((p.amount for p in payments), ZERO)
    return {"charges": charges, "payments": payments, "due": due, "paid": paid, "owing": due - paid}


def totals_by_unit(accounts: list[Account], units: list) -> dict[tuple[int, int], Decimal]:
    """(account, unit) → what is owed (negative: paid ahead), for a few units."""
    owed: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for account in accounts:
        for pk, due in charged_by_unit(account, units).items():
            owed[account.pk, pk] += due
        for pk, paid in paid_by_unit(account, units).items():
            owed[account.pk, pk] -= paid
    return owed


def overview(account: Account, month: date | None) -> dict:
    """The fees page of an account: a month's collection per building and for the
    compound, every unit in arrears, the bank lines no unit was found for, the batches."""
    last = last_charged_month(account)
    month = (month or last or timezone.localdate()).replace(day=1)
    end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    found = collection(account, month, end)
    return {
        "schedule": FeeSchedule.objects.filter(account=account).first(),
        "month": month,
        "this_month": timezone.localdate().replace(day=1),
        "months": list(
            FeeCharge.objects.filter(account=account)
            .order_by("-period_start")
            .values_list("period_start", flat=True)
            .distinct()[:24]
        ),
        "collection": found.compound,
        "buildings": by_building(found),
        "arrears": arrears_list(account),
        "unmatched": list(UnmatchedLine.objects.filter(account=account, payment=None)[:50]),
        "batches": list(
            FeeBatch.objects.filter(account=account).select_related("entry", "created_by")[:10]
        ),
    }


def homes_of(user) -> list[dict]:
    """The user's own homes with each property-fee account of their compound and what the
    home owes in it (negative: paid ahead)."""
    units = owned_homes(user)
    compounds = {unit.building.compound_id for unit in units}
    accounts = list(
        Account.objects.filter(compound_id__in=compounds, kind=Account.Kind.PROPERTY_FEE)
    )
    owed = totals_by_unit(accounts, units)
    return [
        {
            "unit": unit,
            "code": unit_code(unit),
            "account": account,
            "owing": owed[account.pk, unit.pk],
        }
        for unit in units
        for account in accounts
        if account.compound_id == unit.building.compound_id
    ]


def committee_arrears(compound, bodies) -> dict[int, list[str]]:
    """The 北京 rule (北京市物业管理条例 asks committee members to pay their fees): with
    FINANCE_MARK_COMMITTEE_ARREARS on, a current owners' committee member who owns a home
    in arrears in a property-fee account of the compound is marked. Off by default."""
    if not settings.FINANCE_MARK_COMMITTEE_ARREARS:
        return {}
    members = {
        m.pk: m.user_id
        for body in bodies
        if body.kind in COMMITTEES and body.is_current()
        for m in body.memberships.all()
        if m.is_current()
    }
    accounts = list(Account.objects.filter(compound=compound, kind=Account.Kind.PROPERTY_FEE))
    if not members or not accounts:
        return {}
    owing = owing_units(accounts)
    owners = (
        Residency.objects.current()
        .filter(
            user_id__in=set(members.values()),
            unit_id__in=owing,
            status=Residency.Status.VERIFIED,
            relation__in=Residency.OWNER_RELATIONS,
        )
        .values_list("user_id", flat=True)
    )
    late = set(owners)
    text = gettext("In arrears with property fees")
    return {pk: [text] for pk, user_id in members.items() if user_id in late}

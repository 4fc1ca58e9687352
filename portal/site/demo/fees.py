"""Demo property fees for 翡翠谷小区 (issue 14 item 10), made through the services: a
property-fee account kept by the party secretary, ¥1.20 per m² a month, twelve months of
charges, a year's bank statement imported once (every unit pays but five, one line with no
unit code left for the keeper to resolve), the import's entry approved and posted, and
two payments at the counter today waiting in a draft. In arrears: 刘桂英's 18栋 2单元 301
(three months), an owners' committee member's home (two months) and three more units."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from compounds.models import Body, Compound, Membership, Residency, Unit
from finance import services
from finance import workflow as ledger
from finance.banking import unit_code
from finance.models import Account, Disclosure, FeeCharge
from portal.site.demo.places import GIVEN, SURNAMES

RATE = Decimal("1.20")


def _months_back(n: int):
    day = timezone.localdate().replace(day=1)
    for _ in range(n):
        day = (day - timedelta(days=1)).replace(day=1)
    return day


def _committee_home(fcg: Compound, chair) -> Unit | None:
    """The home of an owners' committee member other than the chair (the chair's else)."""
    members = Membership.objects.current().filter(
        body__compound=fcg, body__kind=Body.Kind.OWNERS_COMMITTEE
    )
    users = [m.user_id for m in members.order_by("pk") if m.user_id != chair.pk] + [chair.pk]
    for user_id in users:
        home = Residency.objects.filter(
            user_id=user_id,
            unit__building__compound=fcg,
            status=Residency.Status.VERIFIED,
            relation__in=Residency.OWNER_RELATIONS,
        ).first()
        if home is not None:
            return home.unit
    return None


def _statement(fcg: Compound, owed_months: dict[int, int]) -> bytes:
    """A bank statement in GBK, as online banking exports it: one line per unit for the
    months it paid, and a transfer whose memo names no unit."""
    lines = ["交易日期,金额,对方户名,摘要,流水号"]
    units = Unit.objects.filter(building__compound=fcg).select_related("building").order_by("pk")
    charged = dict(
        FeeCharge.objects.filter(unit__building__compound=fcg)
        .values_list("unit_id", "amount")
        .distinct()
    )
    for n, unit in enumerate(units):
        months_paid = 12 - owed_months.get(unit.pk, 0)
        if months_paid <= 0:
            continue
        day = _months_back(11) + timedelta(days=n % 25)
        amount = charged[unit.pk] * months_paid
        payer = f"{SURNAMES[n % len(SURNAMES)]}*{GIVEN[n % len(GIVEN)][-1]}"  # as banks mask it
        lines.append(f"{day:%Y-%m-%d},{amount:.2f},{payer},物业费 {unit_code(unit)},FCG{n:05d}")
    lines.append(f"{_months_back(2) + timedelta(days=6):%Y-%m-%d},360.00,王先生,物业费,FCG99999")
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


def seed_fees(fcg: Compound, demo: dict) -> None:
    if Account.objects.filter(compound=fcg, kind=Account.Kind.PROPERTY_FEE).exists():
        return
    chair, keeper, checker = demo["03"], demo["04"], demo["05"]
    account = services.open_account(
        compound=fcg, actor=chair, kind=Account.Kind.PROPERTY_FEE, name="物业费",
        opening_balance=Decimal("0.00"), opened_on=_months_back(12), keeper=keeper,
    )  # fmt: skip
    services.fee_schedule_set(account=account, actor=keeper, basis="per_area", rate=RATE)
    for n in range(11, -1, -1):
        services.fee_charges_raise(account=account, actor=keeper, month=_months_back(n))
    units = list(Unit.objects.filter(building__compound=fcg).order_by("pk"))
    owed = {units[7].pk: 12, units[40].pk: 4, units[95].pk: 1}
    owner_home = Residency.objects.filter(user=demo["01"], unit__building__compound=fcg).first()
    if owner_home is not None:
        owed[owner_home.unit_id] = 3
    member_home = _committee_home(fcg, chair)
    if member_home is not None:
        owed[member_home.pk] = 2
    preview = services.fee_import_preview(
        account=account, actor=keeper, data=_statement(fcg, owed), filename="翡翠谷物业费流水.csv"
    )
    batch = services.fee_import_confirm(account=account, actor=keeper, token=preview.token)
    ledger.perform(batch.entry_id, "approve", actor=checker)
    # Its monthly statements of the closed months, drafted as beat drafts them and
    # published on time, as the model compound's books are.
    services.draft_due()
    for statement in account.disclosures.filter(state=Disclosure.State.DRAFT).order_by(
        "period_start"
    ):
        services.disclosure_approve(disclosure=statement, actor=checker)
        services.disclosure_publish(disclosure=statement, actor=keeper)
    # This month at the counter: two owners paid in cash; the day's entry is a draft.
    for unit in units[200:202]:
        charge = FeeCharge.objects.filter(account=account, unit=unit).first()
        services.fee_payment_record(
            account=account, actor=keeper, unit=unit, paid_on=timezone.localdate(),
            amount=charge.amount, method="cash", receipt_no=f"XJ{unit.pk:05d}",
        )  # fmt: skip

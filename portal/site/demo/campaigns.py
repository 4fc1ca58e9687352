"""Demo campaign (issue 14, item 9): 庆丰小区's 铸铁管改造 — the cast-iron drain stacks that
serve the 02 and 04 flats of every floor of 18栋 2单元, 24 households. Made through the
services (parts frozen, answers by each owner, payments by the collector, reviewed by the
supervisory member): 18 agree, 3 decline, 3 have not answered; three have paid their part.

People of 庆丰 sign in with the demo password: the owners' committee chair 13950000202
(18栋 2单元 202), the keeper and collector 13950000304, the supervisory member 13950000404;
an owner who has not answered yet 13950001202."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from compounds.models import Body, Building, Compound, Membership, Unit
from finance import services
from finance import workflow as ledger
from finance.models import Account, Campaign
from portal.site.demo.finance import _receipt
from portal.site.demo.places import TERM_START, reside, unit_area, user_of

FLOORS = range(1, 13)
DOORS = (1, 2, 3, 4)
STACKS = ("02", "04")
NAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋"
DECLINE = {"302", "704", "1102"}
SILENT = {"502", "904", "1202"}
PAID = ("202", "304", "1004")


def _building(compound: Compound) -> Building:
    building, _ = Building.objects.get_or_create(compound=compound, name="18栋")
    existing = set(building.units.values_list("door", flat=True))
    Unit.objects.bulk_create(
        Unit(
            building=building,
            entrance="2单元",
            floor=floor,
            door=f"{floor}{door:02d}",
            area=unit_area(18, floor, door),
        )
        for floor in FLOORS
        for door in DOORS
        if f"{floor}{door:02d}" not in existing
    )
    return building


def _owners(building: Building) -> dict[str, object]:
    """An owner for each flat of the 02 and 04 stacks, phones 1395000{door}."""
    owners = {}
    for n, unit in enumerate(
        building.units.filter(entrance="2单元").order_by("floor", "door").select_related("building")
    ):
        if unit.door[-2:] not in STACKS:
            continue
        user = user_of(f"1395000{int(unit.door):04d}", NAMES[n % len(NAMES)] + "庆丰")
        reside(user, unit, "owner")
        owners[unit.door] = user
    return owners


def _body(compound: Compound, kind: str, user, position: str) -> None:
    body, _ = Body.objects.get_or_create(
        compound=compound, kind=kind, term_number=1, defaults={"start": TERM_START}
    )
    Membership.objects.get_or_create(
        body=body, user=user, start=TERM_START, defaults={"position": position}
    )


def seed_campaigns(compound: Compound) -> None:
    if Campaign.objects.filter(compound=compound).exists():
        return
    building = _building(compound)
    owners = _owners(building)
    chair, keeper, checker = owners["202"], owners["304"], owners["404"]
    _body(compound, Body.Kind.OWNERS_COMMITTEE, chair, "chair")
    _body(compound, Body.Kind.OWNERS_COMMITTEE, keeper, "member")
    _body(compound, Body.Kind.SUPERVISORY_COMMITTEE, checker, "member")
    fund = services.open_account(
        compound=compound,
        actor=chair,
        kind=Account.Kind.PROJECT_FUND,
        name="专项：铸铁管改造",
        opening_balance=Decimal(0),
        opened_on=timezone.localdate() - timedelta(days=10),
        keeper=keeper,
    )
    campaign = services.campaign_open(
        compound=compound,
        actor=chair,
        fields={
            "title": "18栋 2单元铸铁管改造",
            "purpose": "18栋 2单元 02、04 户型共用的铸铁排水立管锈蚀渗漏，整体更换为 PVC-U 管，"
            "每户分摊，同意户数达三分之二以上后动工。",
            "target": Decimal("28800.00"),
            "basis": Campaign.Basis.UNIT,
            "deadline": timezone.localdate() + timedelta(days=20),
            "threshold_numerator": 2,
            "threshold_denominator": 3,
        },
        coverage=services.Coverage(building, "2单元", STACKS),
        collectors=[keeper, chair],
        account=fund,
    )
    parts = {p.unit.door: p for p in campaign.parts.select_related("unit")}
    for door, owner in owners.items():
        if door in SILENT:
            continue
        answer = "decline" if door in DECLINE else "agree"
        services.campaign_answer(part=parts[door], actor=owner, answer=answer)
    for door in PAID:
        payment = services.campaign_pay(
            campaign=campaign,
            actor=keeper,
            part=parts[door],
            amount=parts[door].amount,
            method="transfer" if door == "1004" else "cash",
            paid_on=timezone.localdate(),
            receipt=_receipt(f"QF{door}", f"{parts[door].amount}"),
        )
        ledger.perform(payment.entry_id, "approve", actor=checker)

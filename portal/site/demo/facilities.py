"""Demo facilities (issue 17, item 6): 耐火小区's 42 manholes with the finished survey of
its retired party secretary (a few blocked, each with its request) on a drawn plan of the
compound; 太阳岛小区's lamps (with an evening patrol under way) and lifts; and in 翡翠谷小区,
the demo accounts' compound, a few manholes and lamps with a finished check of the drains
(one blocked, with its request), the property company's monthly rounds of J-01 over two
years (its page pages), a lamp removed when the road was rebuilt (retired) and a lamp
patrol under way. Written through the services, once: a second run finds the surveys and
the lamps there."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from community.models import Facility, Survey
from community.services import facilities, facility_changes, facility_surveys
from compounds.models import Compound
from portal.site.demo.places import _body, _member, reside, unit_of, user_of

# 耐火小区's surveyor and 太阳岛小区's committee chair (phones of the 139 1700 6xxx range).
SURVEYOR = ("13917006001", "彭德明")
SUNISLAND_CHAIR = ("13917006101", "韩桂兰")
BLOCKED = {7, 15, 16, 29, 38}  # the manholes the survey found blocked
ATTENTION = {3, 22, 41}  # loose or cracked covers
BUILDINGS = ("1栋", "2栋", "3栋")


def plan_picture() -> SimpleUploadedFile:
    """A simple plan: three buildings along a road, a green belt and the gate (no text:
    the page's legend says what the marks are)."""
    image = Image.new("RGB", (800, 560), (246, 244, 236))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 250, 800, 310), fill=(200, 200, 200))  # the road
    draw.rectangle((360, 500, 440, 560), fill=(170, 170, 170))  # the gate
    for left in (80, 330, 580):
        draw.rectangle((left, 70, left + 150, 210), fill=(214, 190, 160), outline=(120, 100, 80))
    draw.rectangle((60, 350, 740, 470), fill=(200, 228, 190))  # the green belt
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile("耐火小区平面图.png", out.getvalue(), content_type="image/png")


def _manhole_point(n: int) -> tuple[Decimal, Decimal, str]:
    """Where manhole n (1–42) is: fourteen along each side of the road and fourteen in the
    green belt, in percent of the plan."""
    row, col = divmod(n - 1, 14)
    x = Decimal(6 + col * 6.8).quantize(Decimal("0.01"))
    y = (Decimal("42.5"), Decimal("57.5"), Decimal("75.0"))[row]
    place = ("道路北侧", "道路南侧", "绿化带")[row]
    return x, y, place


def seed_facilities(compounds: dict[str, Compound]) -> None:
    naihuo, sunisland = compounds["耐火小区"], compounds["太阳岛小区"]
    if not Survey.objects.filter(compound=naihuo).exists():
        _naihuo_survey(naihuo)
    if not Facility.objects.filter(compound=sunisland).exists():
        _sunisland(sunisland)
    feicuigu = compounds["翡翠谷小区"]
    if not Facility.objects.filter(compound=feicuigu).exists():
        _feicuigu(feicuigu)


def _feicuigu(compound: Compound) -> None:
    """The owners' committee chair (demo account 03) keeps the register."""
    chair = user_of("13800000003", "")
    building = compound.buildings.get(name="18栋")
    manholes = [
        facilities.facility_add(
            by=chair,
            compound=compound,
            kind="manhole",
            code=f"J-{n:02d}",
            building=building,
            place=f"18栋{'东' if n % 2 else '西'}侧第{(n + 1) // 2}个井盖",
        )
        for n in range(1, 5)
    ]
    for n in range(1, 4):
        facilities.facility_add(
            by=chair,
            compound=compound,
            kind="lamp",
            code=f"LD-{n:02d}",
            building=building,
            place=f"18栋前第{n}根灯杆",
        )
    _monthly_rounds(manholes[0], user_of("13800000006", ""))
    removed = facilities.facility_add(
        by=chair, compound=compound, kind="lamp", code="LD-04", building=building, place="18栋北侧"
    )
    facility_changes.facility_retire(
        by=chair, facility_id=removed.pk, reason="道路改造时拆除，灯杆已移走"
    )
    drains = facility_surveys.survey_start(
        by=chair, compound=compound, kind="manhole", title="雨季前下水井检查"
    )
    for manhole in manholes:
        blocked = manhole.code == "J-03"
        facility_surveys.survey_mark(
            by=chair,
            survey_id=drains.pk,
            facility_id=manhole.pk,
            condition="blocked" if blocked else "good",
            note="井内淤堵，雨天冒水" if blocked else "",
        )
    facility_surveys.survey_finish(by=chair, survey_id=drains.pk)
    lamps = facility_surveys.survey_start(
        by=chair, compound=compound, kind="lamp", title="路灯夜间巡查"
    )
    first = Facility.objects.filter(compound=compound, kind="lamp").order_by("code").first()
    facility_surveys.survey_mark(
        by=chair, survey_id=lamps.pk, facility_id=first.pk, condition="good"
    )


def _monthly_rounds(manhole: Facility, worker, months: int = 24) -> None:
    """The property company's monthly look at a manhole: good but for a loose cover once,
    fixed the month after. Older than the survey's check, which stays the newest."""
    now = timezone.now()
    with transaction.atomic():
        locked = Facility.objects.select_for_update().get(pk=manhole.pk)
        for n in range(months, 0, -1):
            loose = n == 9
            facilities.facility_check(
                facility=locked,
                by=worker,
                condition="attention" if loose else "good",
                note="井盖松动，已报物业紧固" if loose else "月度巡检",
                at=now - timedelta(days=30 * n),
            )


def _naihuo_survey(compound: Compound) -> None:
    secretary = user_of(*SURVEYOR)
    reside(secretary, unit_of(compound, "1栋", "1单元", "101"), "owner")
    _member(_body(compound, "party_branch", None), secretary, "secretary", party=True)
    facilities.plan_upload(by=secretary, compound=compound, image=plan_picture())
    buildings = {b.name: b for b in compound.buildings.all()}
    made = []
    for n in range(1, 43):
        x, y, place = _manhole_point(n)
        near = BUILDINGS[min(int(x) // 34, 2)]
        made.append(
            facilities.facility_add(
                by=secretary,
                compound=compound,
                kind="manhole",
                code=f"J-{n:02d}",
                building=buildings[near] if place != "绿化带" else None,
                place=place if place != "绿化带" else f"{near}前绿化带",
                plan_x=x,
                plan_y=y,
            )
        )
    survey = facility_surveys.survey_start(
        by=secretary, compound=compound, kind="manhole", title="2026年秋季下水井普查"
    )
    for n, manhole in enumerate(made, start=1):
        condition = "blocked" if n in BLOCKED else "attention" if n in ATTENTION else "good"
        note = {"blocked": "井内淤堵，雨天冒水", "attention": "井盖松动"}.get(condition, "")
        facility_surveys.survey_mark(
            by=secretary,
            survey_id=survey.pk,
            facility_id=manhole.pk,
            condition=condition,
            note=note,
        )
    facility_surveys.survey_finish(by=secretary, survey_id=survey.pk)


def _sunisland(compound: Compound) -> None:
    chair = user_of(*SUNISLAND_CHAIR)
    reside(chair, unit_of(compound, "2栋", "1单元", "301"), "owner")
    _member(_body(compound, "owners_committee", 1), chair, "chair", party=True)
    buildings = {b.name: b for b in compound.buildings.all()}
    for n in range(1, 13):
        lamp = facilities.facility_add(
            by=chair,
            compound=compound,
            kind="lamp",
            code=f"LD-{n:02d}",
            building=buildings["1栋" if n <= 6 else "2栋"],
            place=f"主路第{n}根灯杆",
        )
        facilities.facility_record(
            by=chair,
            facility_id=lamp.pk,
            condition="broken" if n in (4, 9) else "good",
            note="灯不亮" if n in (4, 9) else "",
        )
    _lamp_patrol(compound, chair)
    for name in ("1栋", "2栋"):
        for entrance in (1, 2):
            lift = facilities.facility_add(
                by=chair,
                compound=compound,
                kind="lift",
                code=f"DT-{name[0]}-{entrance}",
                building=buildings[name],
                place=f"{entrance}单元",
            )
            facilities.facility_record(
                by=chair,
                facility_id=lift.pk,
                condition="attention" if (name, entrance) == ("2栋", 2) else "good",
                note="年检将到期" if (name, entrance) == ("2栋", 2) else "",
            )


def _lamp_patrol(compound: Compound, chair) -> None:
    """An evening lamp patrol under way: the first five lamps walked, all lit."""
    survey = facility_surveys.survey_start(
        by=chair, compound=compound, kind="lamp", title="路灯夜间巡查"
    )
    lamps = Facility.objects.filter(compound=compound, kind="lamp").order_by("code")[:5]
    for lamp in lamps:
        facility_surveys.survey_mark(
            by=chair, survey_id=survey.pk, facility_id=lamp.pk, condition="good"
        )

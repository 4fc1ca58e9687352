"""The duty roster's demo (issue 17 item 5): a service station in 太阳岛小区 (人人坞党群服务站),
耐火小区 and 翡翠谷小区 (where the demo accounts live), each with this week's shifts —
four a day, the night one a phone watch — taken in turn by the branch's members, the
committee and volunteers; in 翡翠谷小区 the chair offers their next shift to anyone. In
太阳岛小区 and 耐火小区 a resident reports something during the shift on now, so the person
on duty has a request to see.

Past shifts are written as rows (the service refuses a shift already over); idempotent on
(station, start)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from community.models import Shift, ShiftEvent, Station
from community.services.roster import shift_offer_open
from compounds.models import Body, Compound, Membership, RoleAssignment, Unit
from portal.site.demo.places import TERM_START, reside, user_of
from requests.models import Category, Request
from requests.services import request_file

# (start, hours, place): the night shift is a phone watch from home.
SLOTS = ((time(8), 4, ""), (time(12), 5, ""), (time(17), 4, ""), (time(21), 11, "电话值守"))
PEOPLE = {
    "太阳岛小区": ["何春燕", "罗建新", "梁玉珍", "宋德明", "唐秀兰", "许国庆"],
    "耐火小区": ["韩桂芝", "冯志刚", "邓丽华", "曹永红", "彭淑珍"],
}
STATIONS = {
    "太阳岛小区": ("人人坞党群服务站", "1栋旁 党群服务站", "0715-5301234"),
    "耐火小区": ("耐火小区党群服务站", "小区东门 服务站", "0731-5201234"),
    "翡翠谷小区": ("翡翠谷党群服务站", "12栋一楼 党群服务站", "0718-8001234"),
}
REPORTS = {
    "太阳岛小区": "2栋门口路灯不亮，晚上回家看不清路",
    "耐火小区": "3栋后面下水井盖松动，踩上去会响",
}


def _people(compound: Compound, names: list[str], phone_base: int) -> list:
    """Duty people of a compound: its branch's members (the first its secretary) and the
    rest volunteers, each living in the compound."""
    branch = Body.objects.filter(compound=compound, kind=Body.Kind.PARTY_BRANCH).first()
    if branch is None:
        branch = Body.objects.create(
            compound=compound, kind=Body.Kind.PARTY_BRANCH, start=TERM_START
        )
    units = list(Unit.objects.filter(building__compound=compound).order_by("pk")[: len(names)])
    people = []
    for index, name in enumerate(names):
        person = user_of(f"1365{phone_base + index:07d}", name)
        reside(person, units[index], "owner")
        if index < 3:
            Membership.objects.get_or_create(
                body=branch,
                user=person,
                end=None,
                defaults={
                    "start": TERM_START,
                    "position": "secretary" if index == 0 else "member",
                    "is_party_member": True,
                },
            )
        else:
            RoleAssignment.objects.get_or_create(
                user=person,
                role=RoleAssignment.Role.VOLUNTEER,
                compound=compound,
                defaults={"start": TERM_START},
            )
        people.append(person)
    return people


def _week(station: Station, people: list, arranger, on_now=None) -> None:
    """This week's shifts, Monday to Sunday, in turn; `on_now` takes the one on now."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    tz, now, turn = timezone.get_current_timezone(), timezone.now(), 0
    for day in range(7):
        for begins, hours, place in SLOTS:
            start = datetime.combine(monday + timedelta(days=day), begins, tzinfo=tz)
            end = start + timedelta(hours=hours)
            person = people[turn % len(people)]
            turn += 1
            if on_now is not None and start <= now < end:
                person = on_now
            shift, made = Shift.objects.get_or_create(
                station=station,
                start=start,
                defaults={"end": end, "person": person, "place": place, "created_by": arranger},
            )
            if made:
                ShiftEvent.objects.create(
                    shift=shift,
                    action="arranged",
                    actor=arranger,
                    to_person=person,
                    created_at=_arranged_at(monday),
                )


def _arranged_at(monday):
    """When the week was arranged: the Friday before, as a branch would."""
    return datetime.combine(
        monday - timedelta(days=3), time(10), tzinfo=timezone.get_current_timezone()
    )


def _report(compound: Compound, text: str) -> None:
    """A resident's report during the shift on now (once)."""
    if Request.objects.filter(compound=compound, description=text).exists():
        return
    unit = Unit.objects.filter(building__compound=compound).order_by("-pk").first()
    reporter = user_of(f"13651{compound.pk:06d}", "居民" + compound.name[:2])
    reside(reporter, unit, "owner")
    request_file(
        reporter=reporter,
        compound=compound,
        building=unit.building,
        category=Category.objects.get(compound=None, code="other"),
        description=text,
    )


def seed_roster(compounds: dict[str, Compound], demo: dict) -> None:
    for base, (name, people_names) in enumerate(PEOPLE.items()):
        compound = compounds[name]
        people = _people(compound, people_names, base * 100)
        station_name, place, phone = STATIONS[name]
        station, _ = Station.objects.get_or_create(
            compound=compound, name=station_name, defaults={"place": place, "phone": phone}
        )
        _week(station, people, arranger=people[0])
        Shift.objects.filter(station=station, person=people[1], end__gt=timezone.now()).update(
            phone_public=True
        )  # 罗建新 and 冯志刚 chose to show their numbers
        _report(compound, REPORTS[name])
    fcg = compounds["翡翠谷小区"]
    station_name, place, phone = STATIONS["翡翠谷小区"]
    station, _ = Station.objects.get_or_create(
        compound=fcg, name=station_name, defaults={"place": place, "phone": phone}
    )
    # The secretary (04) arranges; the chair (03), the volunteer (08) and the secretary take
    # turns, and the volunteer is on duty now, whatever the hour the demo is opened.
    _week(station, [demo["03"], demo["04"], demo["08"]], arranger=demo["04"], on_now=demo["08"])
    _open_offer(station, demo["03"])


def _open_offer(station: Station, person) -> None:
    """The chair cannot make their next shift (one starting at least two hours from now)
    and offers it to anyone who may be on duty at the station (once)."""
    if Shift.objects.filter(station=station, offered_open=True).exists():
        return
    later = timezone.now() + timedelta(hours=2)
    shift = (
        Shift.objects.filter(station=station, person=person, cancelled_at=None, start__gt=later)
        .order_by("start")
        .first()
    )
    if shift is not None:
        shift_offer_open(shift_id=shift.pk, by=person, note="家里老人住院，这班来不了")

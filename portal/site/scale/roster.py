"""The duty roster at street scale (issue 17): every compound's service station staffed by
its owners' committee, four shifts a day, from DAYS_BACK days ago to two weeks ahead, each
with its "arranged" row; one shift ahead in twelve offered to anyone (an "offered_open"
row), so the week and the duty page read open offers. Compound 0's chair (persona 03) is
on duty now, so the bench's duty page lists the requests filed since the shift began.

A compound's roster does not grow with its homes: the week page and the duty page read
the same number of rows at every scale while the tables grow (the bench's flat ratio)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from community.models import Shift, ShiftEvent, Station
from portal.site.scale.places import Street
from portal.site.scale.plan import Plan
from portal.site.scale.writer import Writer

DAYS_BACK, DAYS_AHEAD = 60, 14
SLOTS = ((time(8), 4), (time(12), 5), (time(17), 4), (time(21), 11))
SHIFT_FIELDS = (
    *("id", "station_id", "person_id", "start", "end", "place", "phone_public"),
    *("reminded_at", "created_by_id", "created_at", "offered_open", "offered_at"),
)
OPEN_EVERY = 12  # one shift ahead in twelve is offered to anyone
EVENT_FIELDS = ("id", "shift_id", "action", "actor_id", "to_person_id", "note", "created_at")


def _people(street: Street, compound_id: int, used: set[int]) -> list[int]:
    """The compound's committee (its chair and the owners seated with them), each on duty
    at one station only (no one's shifts overlap across compounds)."""
    units = street.units[compound_id]
    owners = list(dict.fromkeys(street.owner_of[u] for u in units if street.owner_of.get(u)))
    chair = street.chair_of[compound_id]
    people = [p for p in [chair, *owners[4:9]] if p not in used]
    used.update(people)
    return list(dict.fromkeys(people))


def _slots(now: datetime):
    tz = timezone.get_current_timezone()
    today = timezone.localtime(now).date()
    for day in range(-DAYS_BACK, DAYS_AHEAD):
        for begins, hours in SLOTS:
            start = datetime.combine(today + timedelta(days=day), begins, tzinfo=tz)
            yield start, start + timedelta(hours=hours)


def seed_roster(plan: Plan, writer: Writer, street: Street) -> None:
    stations = Station.objects.bulk_create(
        Station(compound_id=c, name="党群服务站", place="物业楼一楼", phone=f"0710-7{i:06d}")
        for i, c in enumerate(street.compound_ids)
    )
    now, used, shifts, events = plan.now, set(), [], []
    slots = list(_slots(now))
    for station in stations:
        people = _people(street, station.compound_id, used)
        if len(people) < 2:
            continue
        chair = street.chair_of[station.compound_id]
        ids = writer.ids(Shift, len(slots))
        for turn, (pk, (start, end)) in enumerate(zip(ids, slots, strict=True)):
            person = people[turn % len(people)]
            if station.compound_id == street.compound_ids[0] and start <= now < end:
                person = chair
            arranged = start - timedelta(days=7)
            reminded = start - timedelta(hours=18) if start < now else None
            offered = now if start > now and turn % OPEN_EVERY == OPEN_EVERY // 2 else None
            shifts.append(
                (pk, station.pk, person, start, end, "", False, reminded, chair, arranged)
                + (offered is not None, offered)
            )
            events.append((pk, "arranged", chair, person, "", arranged))
            if offered is not None:
                events.append((pk, "offered_open", person, None, "", offered))
    writer.write(Shift, SHIFT_FIELDS, shifts)
    event_ids = writer.ids(ShiftEvent, len(events))
    writer.write(
        ShiftEvent, EVENT_FIELDS, ((pk, *row) for pk, row in zip(event_ids, events, strict=True))
    )

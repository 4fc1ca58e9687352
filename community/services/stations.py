"""Writes of a service station's own life: set up, its name, place and phone changed,
closed. The shifts on its roster are community/services/roster.py's.

Locks: closing locks the station's row, then its shifts not yet over. Arranging a shift
(roster.shift_arrange) locks the station's row first too, so no shift is put on a station
while it closes, and two closings at once are one closing and a message.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Shift, ShiftEvent, Station
from community.permissions.roster import STATION_CHAIN, require_arrange
from portal.audit import audit
from portal.notifications.services import notify
from portal.text import written


def _fields(name: str, place: str, phone: str) -> dict:
    fields = {
        "name": written(name, limit=40),
        "place": written(place, limit=100),
        "phone": written(phone, limit=20),
    }
    if not fields["name"] or not fields["place"]:
        raise ValidationError(_("Give the station a name and say where it is."))
    return fields


def _name_taken(station: Station, name: str) -> bool:
    siblings = Station.objects.filter(
        compound_id=station.compound_id,
        community_id=station.community_id,
        name=name,
        closed_at__isnull=True,
    )
    return siblings.exclude(pk=station.pk).exists()


@transaction.atomic
def station_open(*, by, compound=None, community=None, name: str, place: str, phone: str = ""):
    station = Station(compound=compound, community=community)
    require_arrange(by, station)
    for field, value in _fields(name, place, phone).items():
        setattr(station, field, value)
    if _name_taken(station, station.name):
        raise ValidationError(_("There is already a station of that name here."))
    station.save()
    audit(
        actor=by,
        code="community.station.opened",
        target=station,
        new={"name": station.name, "place": station.place},
        compound=station.compound_id,
    )
    return station


def _locked(station_id: int) -> Station:
    return (
        Station.objects.select_for_update(of=("self",))
        .select_related(*STATION_CHAIN)
        .get(pk=station_id)
    )


@transaction.atomic
def station_edit(*, station_id: int, by, name: str, place: str, phone: str = "") -> Station:
    """Change the station's name, where it is or its phone (what residents read and call);
    audited with the old and new values."""
    station = _locked(station_id)
    require_arrange(by, station)
    if station.closed_at is not None:
        raise ValidationError(_("This station is closed."))
    fields = _fields(name, place, phone)
    if _name_taken(station, fields["name"]):
        raise ValidationError(_("There is already a station of that name here."))
    old = {k: getattr(station, k) for k, v in fields.items() if getattr(station, k) != v}
    if not old:
        return station
    for field in old:
        setattr(station, field, fields[field])
    station.save(update_fields=list(old))
    new = {k: fields[k] for k in old}
    audit(
        actor=by,
        code="community.station.edited",
        target=station,
        old=old,
        new=new,
        compound=station.compound_id,
    )
    return station


@transaction.atomic
def station_close(*, station_id: int, by, reason: str) -> Station:
    """Close the station: its shifts not yet begun are cancelled and the one on now ends
    now, each with a ShiftEvent (one insert); their people (and those a swap was offered
    to) are told once, in one notify(); the closing is audited with its reason. Its past
    shifts and their history stay. Locks the station's row, then those shifts."""
    station = _locked(station_id)
    require_arrange(by, station)
    reason = written(reason, limit=200, blank=_("Say why the station is closing."))
    if station.closed_at is not None:
        raise ValidationError(_("This station is already closed."))
    now = timezone.now()
    shifts = list(
        Shift.objects.select_for_update()
        .filter(station=station, cancelled_at__isnull=True, end__gt=now)
        .only("pk", "person_id", "offered_to_id", "start")
    )
    cleared = {"offered_to": None, "offered_open": False, "offered_at": None}
    ahead = [s.pk for s in shifts if s.start >= now]
    Shift.objects.filter(pk__in=ahead).update(cancelled_at=now, **cleared)
    Shift.objects.filter(pk__in=[s.pk for s in shifts if s.start < now]).update(end=now, **cleared)
    ShiftEvent.objects.bulk_create(
        ShiftEvent(shift_id=s.pk, action=ShiftEvent.Action.CLOSED, actor=by, note=reason)
        for s in shifts
    )
    station.closed_at, station.closed_by, station.closed_reason = now, by, reason
    station.save(update_fields=["closed_at", "closed_by", "closed_reason"])
    audit(
        actor=by,
        code="community.station.closed",
        target=station,
        new={"reason": reason, "shifts": len(shifts)},
        compound=station.compound_id,
    )
    told = {s.person_id for s in shifts} | {s.offered_to_id for s in shifts}
    notify(
        recipients=told - {None, by.pk},
        event="roster.shift",
        params={"station": station.name, "what": "closed", "reason": reason},
        url=reverse("community:roster_duty"),
    )
    return station

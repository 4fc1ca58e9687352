"""Reads of the duty roster: a compound's week, who is on duty now, a shift's page, the
person on duty's own shifts and the requests filed during a shift. Each reads a fixed
number of queries whatever the number of shifts (pinned in tests/community)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    Q,
    QuerySet,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone

from community.hub import hub_section
from community.models import Shift, ShiftEvent, Station
from community.permissions.roster import (
    STATION_CHAIN,
    may_answer,
    may_arrange,
    may_offer,
    may_see_phones,
    may_take,
    place_of_station,
    stations_on_duty,
    stations_on_duty_of,
)
from compounds.models import Compound
from compounds.permissions import Place, can
from compounds.standing import standing_of
from portal.phones import mask_phone
from portal.prepared import Prepared
from requests.models import Request
from requests.permissions import followable, is_dispatcher, is_helper

WEEK = timedelta(days=7)
DUTY_ROWS = 20  # requests a page of the duty page
MY_SHIFTS = 40  # the duty page's own shifts, then open offers to take
REQUEST_FIELDS = (
    *("category__code", "category__name", "category__compound_id", "building__name"),
    *("unit__entrance", "unit__building_id", "compound_id", "compound__name", "place"),
    *("kind", "state", "urgency", "reporter_id", "handler_id", "created_at", "description"),
)


def stations_of(compound: Compound, since: datetime | None = None) -> QuerySet[Station]:
    """The stations serving a compound: its own and its community's, still open — and,
    `since` a moment, those closed after it (a week before a closing shows their shifts)."""
    if since is None:
        return _stations_in(compound.pk, compound.community_id)
    return (
        Station.objects.filter(Q(compound=compound) | Q(community_id=compound.community_id))
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gt=since))
        .order_by("community_id", "name", "pk")
    )


def _stations_in(compound_id: int, community_id: int) -> QuerySet[Station]:
    return (
        Station.objects.filter(Q(compound_id=compound_id) | Q(community_id=community_id))
        .filter(closed_at__isnull=True)
        .order_by("community_id", "name", "pk")
    )


# The community page's stations, as SQL compiled once per process (portal/prepared.py).
_HUB_STATIONS = Prepared(_stations_in, compound_id=int, community_id=int)


def _attach(stations: list[Station], compound: Compound) -> list[Station]:
    """Give each station the compound or community already loaded (place_of_station reads
    their chain)."""
    for station in stations:
        if station.compound_id == compound.pk:
            station.compound = compound
        else:
            station.community = compound.community
    return stations


def phone_of(shift: Shift, full: bool) -> str:
    """The person on duty's number as this reader may see it (permissions/roster.py)."""
    number = shift.person.national_phone
    return number if full or shift.phone_public else mask_phone(shift.person.phone)


@dataclass
class Day:
    day: date
    shifts: list[Shift]


def roster_path(compound_id: int) -> str:
    return reverse("community:roster", args=[compound_id])


def week_start(value: date) -> date:
    return value - timedelta(days=value.weekday())


def _week_stations(user: int, compound: int, community: int, since: datetime, on: date):
    """The stations of a compound's week with whether `user` may be on duty at each."""
    duty_here = ExpressionWrapper(stations_on_duty_of(user, on), output_field=BooleanField())
    return (
        Station.objects.filter(Q(compound_id=compound) | Q(community_id=community))
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gt=since))
        .annotate(duty_here=duty_here)
        .order_by("community_id", "name", "pk")
    )


# The week's stations, as SQL compiled once per process (portal/prepared.py).
_WEEK_STATIONS = Prepared(
    _week_stations, user=int, compound=int, community=int, since=datetime, on=date
)


def roster_week(user, compound: Compound, monday: date) -> dict:
    """The week from `monday` at the compound's stations (and those closed since it): two
    queries. Each station says whether the reader may be on duty there (read in the same
    query), so that a shift offered to anyone shows who may take it."""
    tz = timezone.get_current_timezone()
    first = datetime.combine(monday, datetime.min.time(), tzinfo=tz)
    if getattr(user, "is_active", False):
        stations = _WEEK_STATIONS(
            user=user.pk,
            compound=compound.pk,
            community=compound.community_id,
            since=first,
            on=timezone.localdate(),
        )
    else:
        duty_here = ExpressionWrapper(stations_on_duty(user), output_field=BooleanField())
        stations = list(stations_of(compound, since=first).annotate(duty_here=duty_here))
    stations = _attach(stations, compound)
    by_id = {s.pk: s for s in stations}
    full = {s.pk: may_see_phones(user, s) for s in stations}
    arranges = [s for s in stations if s.closed_at is None and may_arrange(user, s)]
    shifts = list(
        Shift.objects.filter(station_id__in=by_id, cancelled_at__isnull=True)
        .filter(start__lt=first + timedelta(days=7), end__gt=first)
        .select_related("person")
        .order_by("start", "pk")
    )
    now = timezone.now()
    days = [Day(monday + timedelta(days=n), []) for n in range(7)]
    for shift in shifts:
        shift.station = station = by_id[shift.station_id]
        shift.mine = shift.person_id == user.pk  # one's own number is never masked to one
        shift.phone_shown = phone_of(shift, full[shift.station_id] or shift.mine)
        shift.phone_masked = not (full[shift.station_id] or shift.mine or shift.phone_public)
        shift.now = shift.is_on(now) and station.closed_at is None
        shift.takeable = may_take(user, shift, now, eligible=station.duty_here)
        shift.open_shown = shift.offered_open and (
            shift.takeable or shift.mine or station in arranges
        )
        index = (timezone.localtime(shift.start).date() - monday).days
        days[min(max(index, 0), 6)].shifts.append(shift)
    return {
        "stations": [s for s in stations if s.closed_at is None],
        "closed": [s for s in stations if s.closed_at is not None],
        "days": days,
        "on_duty": [s for s in shifts if s.now],
        "open_offers": [s for s in shifts if s.takeable],
        "arranges": arranges,
        "several": len(stations) > 1,
        "today": timezone.localdate(),
    }


def on_duty_now(compound: Compound, now: datetime | None = None) -> list[Shift]:
    """The shifts under way at the compound's stations (SQL compiled once per process)."""
    return _ON_DUTY(
        compound=compound.pk, community=compound.community_id, now=now or timezone.now()
    )


_ON_DUTY = Prepared(
    lambda compound, community, now: (
        Shift.objects.filter(
            Q(station__compound_id=compound) | Q(station__community_id=community),
            station__closed_at__isnull=True,
            cancelled_at__isnull=True,
            start__lte=now,
            end__gt=now,
        )
        .select_related("person", "station")
        .order_by("station__name", "start")
    ),
    compound=int,
    community=int,
    now=datetime,
)


def compounds_served(station: Station) -> list[int]:
    if station.compound_id:
        return [station.compound_id]
    return list(
        Compound.objects.filter(community_id=station.community_id).values_list("pk", flat=True)
    )


def requests_during(shift: Shift, now: datetime | None = None) -> QuerySet[Request]:
    """The requests filed in the station's compounds during the shift (so far)."""
    now = now or timezone.now()
    return (
        Request.objects.filter(
            compound_id__in=compounds_served(shift.station),
            created_at__gte=shift.start,
            created_at__lt=min(shift.end, now),
        )
        .select_related("category", "building", "unit", "compound")
        .only(*REQUEST_FIELDS)
        .order_by("-created_at", "-pk")
    )


def _openable(user, request: Request, station: Place) -> bool:
    """Whether the reader may open the request's page (a subset of
    requests.permissions.access_request that needs no query), so that no link leads to a
    404. A request about a home shows only its building to anyone else."""
    g = standing_of(user)
    place = Place(station.street_office_id, station.community_id, request.compound_id)
    return (
        request.reporter_id == user.pk
        or request.handler_id == user.pk
        or is_dispatcher(g, place, request)
        or (is_helper(g, place) and request.kind in ("help", "wish"))
        or followable(user, request)
    )


def duty_page(user, shift: Shift | None, page: int = 1, now: datetime | None = None) -> dict:
    """The person on duty's page: their shift and the requests filed during it, newest
    first, twenty a page (a busy compound's shift may see dozens). One query for a page,
    whether it holds rows or none: one row more than the page says whether another follows,
    so nothing counts them."""
    now = now or timezone.now()
    if shift is None:
        return {"shift": None, "rows": []}
    first = (page - 1) * DUTY_ROWS
    rows = list(requests_during(shift, now)[first : first + DUTY_ROWS + 1])
    station = place_of_station(shift.station)
    for row in rows:
        row.openable = _openable(user, row, station)
    return {
        "shift": shift,
        "rows": rows[:DUTY_ROWS],
        "newer": page - 1 if page > 1 else None,
        "older": page + 1 if len(rows) > DUTY_ROWS else None,
    }


def _my_shift_rows(user: int, since: datetime, now: datetime, on: date, duty_here: Q | None):
    theirs = Q(person_id=user) | Q(offered_to_id=user)
    eligible = stations_on_duty_of(user, on) if duty_here is None else duty_here
    stations = Station.objects.filter(eligible, closed_at__isnull=True)
    return (
        Shift.objects.filter(
            theirs & Q(end__gt=since)
            | Q(offered_open=True, station__in=stations.values("pk"), end__gt=now),
            cancelled_at__isnull=True,
        )
        .annotate(others=Case(When(theirs, then=Value(False)), default=Value(True)))
        .select_related("station", "person", "offered_to")
        .order_by("others", "start", "pk")[:MY_SHIFTS]
    )


# The duty page's shifts and open offers, as SQL compiled once (portal/prepared.py).
_MY_SHIFTS = Prepared(
    lambda user, since, now, on: _my_shift_rows(user, since, now, on, None),
    user=int,
    since=datetime,
    now=datetime,
    on=date,
)


def my_shifts(user, now: datetime | None = None) -> dict:
    """The user's shifts from today's start on and the shifts offered to them; apart, the
    shifts offered to anyone at a station where they may be on duty, still ahead. One
    query: their own first, so that open offers never push them off the page."""
    now = now or timezone.now()
    since = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if getattr(user, "is_active", False):
        rows = _MY_SHIFTS(user=user.pk, since=since, now=now, on=timezone.localdate())
    else:
        rows = list(_my_shift_rows(user.pk, since, now, None, stations_on_duty(user)))
    return {
        "shifts": [s for s in rows if not s.others],
        "open_offers": [s for s in rows if s.others],
    }


def current_or_last(user, now: datetime | None = None) -> Shift | None:
    """The user's shift on now, or else their latest one that has begun."""
    now = now or timezone.now()
    return (
        Shift.objects.filter(person=user, cancelled_at__isnull=True, start__lte=now)
        .select_related(*(f"station__{chain}" for chain in STATION_CHAIN))
        .order_by("-start", "-pk")
        .first()
    )


def shift_page(user, shift: Shift, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    events = list(
        ShiftEvent.objects.filter(shift=shift)
        .select_related("actor", "from_person", "to_person")
        .order_by("created_at", "pk")
    )
    live = shift.cancelled_at is None and shift.end > now
    arranges = may_arrange(user, shift.station) and shift.station.closed_at is None
    full = may_see_phones(user, shift.station) or shift.person_id == user.pk
    return {
        "shift": shift,
        "events": events,
        "phone": phone_of(shift, full),
        "phone_masked": not (full or shift.phone_public),
        "live": live,
        "mine": shift.person_id == user.pk,
        "begun": shift.start <= now,
        "may_offer": may_offer(user, shift, now),
        "may_answer": may_answer(user, shift, now),
        "may_take": may_take(user, shift, now),
        "arranges": arranges and live,
        "compound_id": shift.station.compound_id,
    }


def on_duty(user, now: datetime | None = None) -> dict | None:
    """For the home page: the shift the user is on now and how many requests were filed
    since it began (two queries). Skipped, with no query, for people without a seat, a
    volunteer role or a community role: a resident on duty only through a team finds the
    shift on the community page's section instead, so a plain resident's home stays at its
    pinned count."""
    g = standing_of(user)
    if not (g.bodies or g.volunteer_compounds or g.communities or g.deployed_communities):
        return None
    now = now or timezone.now()
    shift = (
        Shift.objects.filter(person=user, cancelled_at__isnull=True, start__lte=now, end__gt=now)
        .select_related("station")
        .order_by("start")
        .first()
    )
    if shift is None:
        return None
    return {"shift": shift, "filed": requests_during(shift, now).count()}


def closing(user, station: Station, now: datetime | None = None) -> dict:
    """What closing the station does, for the page that asks to confirm it: how many of its
    shifts are ahead (cancelled), whether one is on now (it ends then) and how many people
    on duty are told — not the one closing it (one query)."""
    now = now or timezone.now()
    figures = Shift.objects.filter(station=station, cancelled_at__isnull=True, end__gt=now)
    figures = figures.aggregate(
        ahead=Count("pk", filter=Q(start__gte=now)),
        on_now=Count("pk", filter=Q(start__lt=now)),
        people=Count("person", distinct=True, filter=~Q(person=user)),
    )
    return {"station": station, **figures}


@hub_section(50)
def roster_section(user, compound: Compound) -> dict | None:
    """Who is on duty now at the compound's stations and how to reach them; for the
    person on duty, how many requests were filed since their shift began."""
    if not can(user, "compound.view", compound):
        return None
    now = timezone.now()
    shifts = on_duty_now(compound, now)
    found = _HUB_STATIONS(compound_id=compound.pk, community_id=compound.community_id)
    stations = _attach(found, compound)
    if not stations:
        return None
    full = {s.pk: may_see_phones(user, s) for s in stations}
    mine = None
    for shift in shifts:
        entitled = full.get(shift.station_id, False) or shift.person_id == user.pk
        shift.phone_shown = phone_of(shift, entitled)
        shift.phone_masked = not (entitled or shift.phone_public)
        if shift.person_id == user.pk:
            mine = shift
    filed = None
    if mine is not None:
        mine.station = next(s for s in stations if s.pk == mine.station_id)
        filed = requests_during(mine, now).count()
    return {
        "template": "community/hub/_roster.html",
        "compound": compound,
        "stations": stations,
        "on_duty": shifts,
        "mine": mine,
        "filed": filed,
    }

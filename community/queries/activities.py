"""Reads of activities: a compound's list (its own and its community's), the reader's
sign-ups among them, the organisers' attendance list, and volunteer hours — a person's,
a team's (`team_hours`, for the team page), and a community's or some people's for the
requests app's ranking and boards (registered as an hours source in apps.py). Each list
is a fixed number of queries whatever the number of activities."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.utils import timezone
from django.utils.translation import ngettext

from community.extras import team_disband_preview, team_section
from community.extras import team_hours as provides_team_hours
from community.hub import hub_section
from community.models import Activity, SignUp
from compounds.models import Compound
from compounds.permissions import can
from portal.prepared import Prepared

PER_PAGE = 20
State = SignUp.State
ROW_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "place",
    "capacity",
    "confirmed_count",
    "needs_signup",
    "is_service",
    "state",
    "audience",
    "compound_id",
    "community_id",
)


def activities_of(compound: Compound) -> QuerySet[Activity]:
    """The compound's activities and its community's community-wide ones."""
    return _activities_in(compound.pk, compound.community_id)


def _activities_in(compound_id: int, community_id: int) -> QuerySet[Activity]:
    return Activity.objects.filter(
        Q(compound_id=compound_id) | Q(compound__isnull=True, community_id=community_id)
    )


def activity_page(compound: Compound, user, *, past: bool, page: str | int | None) -> Page:
    """Upcoming (soonest first) or past (latest first) activities, a page at a time, each
    with the reader's sign-up and hours (`with_mine`)."""
    now = timezone.now()
    rows = with_mine(activities_of(compound).only(*ROW_FIELDS), getattr(user, "pk", None))
    if past:
        rows = rows.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        rows = rows.filter(ends_at__gte=now).order_by("starts_at", "pk")
    found = Paginator(rows, PER_PAGE).get_page(page)
    found.object_list = list(found.object_list)
    return found


def with_mine(rows: QuerySet[Activity], user_id: int | None) -> QuerySet[Activity]:
    """Each activity with the reader's sign-up state (`my_state`, None without one) and the
    reader's volunteer hours (`my_hours`, the same on every row), in the rows' own query."""
    if user_id is None:
        none = Value(None, output_field=CharField())
        return rows.annotate(my_state=none, my_hours=Value(None, output_field=DecimalField()))
    state = SignUp.objects.filter(activity_id=OuterRef("pk"), user_id=user_id)
    hours = _served().filter(user_id=user_id).values("user_id")
    hours = hours.annotate(total=Sum("activity__hours"))
    return rows.annotate(
        my_state=Subquery(state.exclude(state=State.CANCELLED).values("state")[:1]),
        my_hours=Subquery(hours.values("total")[:1]),
    )


def mine_of(user, activities: list[Activity]) -> tuple[dict[int, str], Decimal]:
    """From rows read `with_mine`: the reader's state in each, and their hours (read on
    their own only when there is no row to carry them)."""
    states = {a.pk: a.my_state for a in activities if a.my_state}
    if not activities:
        return states, person_hours(user)
    return states, activities[0].my_hours or Decimal("0")


def waiting_ahead(signup: SignUp) -> int:
    """How many are before this person on the waiting list."""
    return SignUp.objects.filter(
        activity_id=signup.activity_id, state=State.WAITING, position__lt=signup.position
    ).count()


def waiting_count(activity: Activity) -> int:
    return activity.signups.filter(state=State.WAITING).count()


def roll(activity: Activity) -> QuerySet[SignUp]:
    """The organisers' list: who holds a place, then who waits, in order of arrival."""
    return (
        activity.signups.filter(state__in=[State.CONFIRMED, State.WAITING])
        .select_related("user")
        .order_by("state", "position")  # "confirmed" sorts before "waiting"
    )


# Volunteer hours ---------------------------------------------------------------------------


def _served() -> QuerySet[SignUp]:
    return SignUp.objects.filter(
        state=State.CONFIRMED, attended_at__isnull=False, activity__is_service=True
    ).exclude(activity__state=Activity.State.CANCELLED)


def person_hours(user) -> Decimal:
    """A person's volunteer hours from the service activities they attended."""
    total = _served().filter(user=user).aggregate(total=Sum("activity__hours"))["total"]
    return total or Decimal("0")


def _started_in(year: int, month: int | None) -> Q:
    """Activities that started in the local year (or month of it): an activity at 23:30 on
    31 May in Shanghai is 15:30 UTC, and counts in May."""
    zone = timezone.get_default_timezone()
    first = datetime(year, month or 1, 1, tzinfo=zone)
    if month is None or month == 12:
        after = datetime(year + 1, 1, 1, tzinfo=zone)
    else:
        after = datetime(year, month + 1, 1, tzinfo=zone)
    return Q(activity__starts_at__gte=first, activity__starts_at__lt=after)


def hours_in_community(
    community_id: int, year: int, month: int | None = None
) -> dict[int, tuple[str, Decimal]]:
    """The volunteer hours people served at the service activities of a community (its
    compounds' and its own) that started in the year or month: {user id: (name, hours)}.
    One query, for the requests app's ranking (requests.extras.HoursSource)."""
    compounds = Compound.objects.filter(community_id=community_id).values("pk")
    rows = (
        _served()
        .filter(_started_in(year, month))
        .filter(Q(activity__compound_id__in=compounds) | Q(activity__community_id=community_id))
        .values("user_id", "user__display_name")
        .annotate(total=Sum("activity__hours"))
        .order_by()
    )
    return {r["user_id"]: (r["user__display_name"], r["total"]) for r in rows}


def hours_of_people(user_ids, year: int, month: int | None = None) -> dict[int, Decimal]:
    """The volunteer hours each of the people served at service activities anywhere that
    started in the year or month: {user id: hours}. One query (the party-member board)."""
    rows = (
        _served()
        .filter(_started_in(year, month), user_id__in=list(user_ids))
        .values("user_id")
        .annotate(total=Sum("activity__hours"))
        .order_by()
    )
    return {r["user_id"]: r["total"] for r in rows}


@provides_team_hours
def team_hours() -> Subquery:
    """A team's service hours, correlated on the team: for every attendance at a service
    activity the team organised, the activity's length (NULL when none)."""
    return Subquery(
        _served()
        .filter(activity__team_id=OuterRef("pk"))
        .values("activity__team_id")
        .annotate(total=Sum("activity__hours"))
        .values("total")[:1]
    )


TEAM_SHOWN = 5


def _team_rows(team: int, user: int, now: datetime, coming: bool) -> QuerySet[Activity]:
    rows = with_mine(Activity.objects.filter(team_id=team), user).exclude(
        state=Activity.State.CANCELLED
    )
    if coming:
        rows = rows.filter(ends_at__gte=now).order_by("starts_at", "pk")
    else:
        rows = rows.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return rows.only(*ROW_FIELDS)[:TEAM_SHOWN]


# A team's coming and past activities, as SQL compiled once per process (portal/prepared.py).
_TEAM_ROWS = {
    coming: Prepared(
        lambda team, user, now, coming=coming: _team_rows(team, user, now, coming),
        team=int,
        user=int,
        now=datetime,
    )
    for coming in (True, False)
}


@team_section(10)
def team_activities_section(user, team) -> dict:
    """A team's page: the activities it organised, the coming ones first, with the reader's
    sign-ups (two queries)."""
    now = timezone.now()
    reader = getattr(user, "pk", None) or 0  # 0: nobody's sign-ups
    coming = _TEAM_ROWS[True](team=team.pk, user=reader, now=now)
    past = _TEAM_ROWS[False](team=team.pk, user=reader, now=now)
    return {
        "template": "community/teams/_activities.html",
        "coming": coming,
        "past": past,
        "states": {a.pk: a.my_state for a in coming + past if a.my_state},
    }


@team_disband_preview
def team_coming_activities(team) -> str | None:
    """The confirm page of disbanding: how many of the team's activities will be called off
    (those not yet begun; services.activities.activities_call_off_for_team)."""
    coming = Activity.objects.filter(
        team=team, state=Activity.State.PUBLISHED, starts_at__gt=timezone.now()
    ).count()
    if not coming:
        return None
    return ngettext(
        "Its %(n)s coming activity will be cancelled, and everyone signed up is told.",
        "Its %(n)s coming activities will be cancelled, and everyone signed up is told.",
        coming,
    ) % {"n": coming}


# The community page's section ----------------------------------------------------------------

HUB_SHOWN = 3


# The community page's next activities, as SQL compiled once per process (portal/prepared.py).
_HUB_ACTIVITIES = Prepared(
    lambda compound, community, user, now: (
        with_mine(_activities_in(compound, community), user)
        .filter(ends_at__gte=now, state=Activity.State.PUBLISHED)
        .only(*ROW_FIELDS)
        .order_by("starts_at", "pk")[:HUB_SHOWN]
    ),
    compound=int,
    community=int,
    user=int,
    now=datetime,
)


@hub_section(40)
def activities_section(user, compound: Compound) -> dict | None:
    """The next few activities, the reader's sign-ups among them and their hours."""
    if not can(user, "compound.view", compound):
        return None
    upcoming = _HUB_ACTIVITIES(
        compound=compound.pk, community=compound.community_id, user=user.pk, now=timezone.now()
    )
    states, hours = mine_of(user, upcoming)
    return {
        "template": "community/hub/_activities.html",
        "compound": compound,
        "activities": upcoming,
        "states": states,
        "hours": hours,
    }

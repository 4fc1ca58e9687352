"""Reads of activities: a compound's list (its own and its community's), the reader's
sign-ups among them, the organisers' attendance list, and volunteer hours — a person's,
and a team's (`team_hours`, for the team page). Each list is a fixed number of queries
whatever the number of activities."""

from __future__ import annotations

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
    return Activity.objects.filter(
        Q(compound=compound) | Q(compound__isnull=True, community_id=compound.community_id)
    )


def activity_page(compound: Compound, user, *, past: bool, page: str | int | None) -> Page:
    """Upcoming (soonest first) or past (latest first) activities, a page at a time, each
    with the reader's sign-up and hours (`with_mine`)."""
    now = timezone.now()
    rows = with_mine(activities_of(compound).only(*ROW_FIELDS), user)
    if past:
        rows = rows.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        rows = rows.filter(ends_at__gte=now).order_by("starts_at", "pk")
    found = Paginator(rows, PER_PAGE).get_page(page)
    found.object_list = list(found.object_list)
    return found


def with_mine(rows: QuerySet[Activity], user) -> QuerySet[Activity]:
    """Each activity with the reader's sign-up state (`my_state`, None without one) and the
    reader's volunteer hours (`my_hours`, the same on every row), in the rows' own query."""
    if not getattr(user, "is_authenticated", False):
        none = Value(None, output_field=CharField())
        return rows.annotate(my_state=none, my_hours=Value(None, output_field=DecimalField()))
    state = SignUp.objects.filter(activity_id=OuterRef("pk"), user=user)
    hours = _served().filter(user=user).values("user_id").annotate(total=Sum("activity__hours"))
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


def my_states(user, activities) -> dict[int, str]:
    """The reader's sign-up state for each listed activity (one query)."""
    ids = [a.pk for a in activities]
    if not ids or not getattr(user, "is_authenticated", False):
        return {}
    return dict(
        SignUp.objects.filter(user=user, activity_id__in=ids)
        .exclude(state=State.CANCELLED)
        .values_list("activity_id", "state")
    )


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


@team_section(10)
def team_activities_section(user, team) -> dict:
    """A team's page: the activities it organised, the coming ones first (two queries)."""
    now = timezone.now()
    mine = Activity.objects.filter(team=team).exclude(state=Activity.State.CANCELLED)
    coming = list(
        mine.filter(ends_at__gte=now).only(*ROW_FIELDS).order_by("starts_at", "pk")[:TEAM_SHOWN]
    )
    past = list(
        mine.filter(ends_at__lt=now).only(*ROW_FIELDS).order_by("-starts_at", "-pk")[:TEAM_SHOWN]
    )
    shown = coming + past
    return {
        "template": "community/teams/_activities.html",
        "coming": coming,
        "past": past,
        "states": my_states(user, shown),
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


@hub_section(40)
def activities_section(user, compound: Compound) -> dict | None:
    """The next few activities, the reader's sign-ups among them and their hours."""
    if not can(user, "compound.view", compound):
        return None
    upcoming = list(
        with_mine(activities_of(compound), user)
        .filter(ends_at__gte=timezone.now(), state=Activity.State.PUBLISHED)
        .only(*ROW_FIELDS)
        .order_by("starts_at", "pk")[:HUB_SHOWN]
    )
    states, hours = mine_of(user, upcoming)
    return {
        "template": "community/hub/_activities.html",
        "compound": compound,
        "activities": upcoming,
        "states": states,
        "hours": hours,
    }

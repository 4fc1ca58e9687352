"""A person's own community life, for "download my data" (portal/site/mydata/export.py):
the teams they belong to or applied to, their activity sign-ups with the hours counted,
their duty shifts and the swaps they offered or took, the responsibilities (四包) they hold
and those answerable for their homes, the zones they keep and the facility checks they
recorded (in a survey or on their own).

Plain rows (str, bool, Decimal, datetime; the export writes them out), one query a kind
whatever the person did. Other people appear by role only, never by name or phone: a swap
says "from you" or "to you", a responsibility for one's home names the matter, not the
neighbour who holds it."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from community.models import (
    Activity,
    FacilityCheck,
    Responsibility,
    Shift,
    ShiftEvent,
    SignUp,
    TeamMember,
    Zone,
)
from compounds.models import Residency, Unit

Matter = Responsibility.Matter
SWAPS = (
    ShiftEvent.Action.OFFERED,
    ShiftEvent.Action.WITHDRAWN,
    ShiftEvent.Action.DECLINED,
    ShiftEvent.Action.ACCEPTED,
    ShiftEvent.Action.REASSIGNED,
)


def _place(thing) -> str:
    """The compound's name, or the community's for a community-wide team or activity."""
    return (thing.compound or thing.community).name


def teams(user) -> list[dict]:
    rows = (
        TeamMember.objects.filter(user=user)
        .select_related("team__compound", "team__community")
        .order_by("applied_at", "pk")
    )
    return [
        {
            "team": m.team.name,
            "where": _place(m.team),
            "kind": m.team.get_kind_display(),
            "state": m.get_state_display(),
            "you_lead_it": m.team.leader_id == user.pk,
            "your_note": m.note,
            "applied_at": m.applied_at,
            "joined_at": m.joined_at,
            "left_at": m.left_at,
        }
        for m in rows
    ]


def _counted(signup: SignUp) -> Decimal:
    """The hours the sign-up adds to the person's volunteer hours (activities._served)."""
    activity = signup.activity
    served = signup.state == SignUp.State.CONFIRMED and signup.attended_at is not None
    counts = activity.is_service and activity.state != Activity.State.CANCELLED
    return activity.hours if served and counts else Decimal("0")


def signups(user) -> list[dict]:
    rows = (
        SignUp.objects.filter(user=user)
        .select_related("activity__compound", "activity__community")
        .order_by("signed_up_at", "pk")
    )
    return [
        {
            "activity": s.activity.title,
            "where": _place(s.activity),
            "place": s.activity.place,
            "starts": s.activity.starts_at,
            "ends": s.activity.ends_at,
            "activity_state": s.activity.get_state_display(),
            "volunteer_service": s.activity.is_service,
            "state": s.get_state_display(),
            "signed_up_at": s.signed_up_at,
            "confirmed_at": s.confirmed_at,
            "cancelled_at": s.cancelled_at,
            "attended_at": s.attended_at,
            "hours": _counted(s),
        }
        for s in rows
    ]


def shifts(user) -> list[dict]:
    """The shifts the person is (or was last) on duty for; one offered to someone else
    says so without naming them."""
    rows = Shift.objects.filter(person=user).select_related("station").order_by("start", "pk")
    return [
        {
            "station": s.station.name,
            "place": s.place or s.station.place,
            "start": s.start,
            "end": s.end,
            "your_phone_shown": s.phone_public,
            "offered_to_swap": s.offered_to_id is not None,
            "cancelled_at": s.cancelled_at,
        }
        for s in rows
    ]


def swaps(user) -> list[dict]:
    """Every swap of a shift from or to the person: offered, withdrawn, declined, accepted,
    reassigned. The note only when they wrote it."""
    rows = (
        ShiftEvent.objects.filter(Q(from_person=user) | Q(to_person=user), action__in=SWAPS)
        .select_related("shift__station")
        .order_by("created_at", "pk")
    )
    return [
        {
            "station": e.shift.station.name,
            "start": e.shift.start,
            "end": e.shift.end,
            "what": e.get_action_display(),
            "direction": _("from you") if e.from_person_id == user.pk else _("to you"),
            "time": e.created_at,
            "your_note": e.note if e.actor_id == user.pk else "",
        }
        for e in rows
    ]


def responsibilities(user) -> list[dict]:
    """The responsibilities the person holds or held, with the homes of the households in
    contact (homes, not names)."""
    homes = Prefetch("units", queryset=Unit.objects.select_related("building").order_by("pk"))
    rows = (
        Responsibility.objects.filter(person=user)
        .select_related("compound", "building")
        .prefetch_related(homes)
        .order_by("assigned_at", "pk")
    )
    return [
        {
            "compound": r.compound.name,
            "building": r.building.name,
            "matter": r.get_matter_display(),
            "households": [str(u) for u in r.units.all()],
            "from": r.assigned_at,
            "until": r.ended_at,
        }
        for r in rows
    ]


def answerable_for_me(user) -> list[dict]:
    """Who is answerable for the person's current homes today (as the community page says),
    by matter and building — the neighbour who holds it is on the community page, not here."""
    homes = Residency.objects.current().filter(user=user, status=Residency.Status.VERIFIED)
    households = Responsibility.units.through.objects.filter(
        responsibility_id=OuterRef("pk"), unit_id__in=homes.values("unit_id")
    )
    for_me = (Q(matter=Matter.HOUSEHOLDS) & Exists(households)) | (
        ~Q(matter=Matter.HOUSEHOLDS) & Q(building_id__in=homes.values("unit__building_id"))
    )
    rows = (
        Responsibility.objects.filter(for_me, ended_at__isnull=True)
        .exclude(person=user)
        .select_related("compound", "building")
        .order_by("building_id", "matter", "pk")
    )
    return [
        {
            "compound": r.compound.name,
            "building": r.building.name,
            "matter": r.get_matter_display(),
            "since": r.assigned_at,
        }
        for r in rows
    ]


def zones(user) -> list[dict]:
    """The zones the person keeps, themselves or with a team they are a member of."""
    mine = TeamMember.objects.filter(user=user, state=TeamMember.State.MEMBER).values("team_id")
    rows = (
        Zone.objects.filter(Q(keeper_user=user) | Q(keeper_team_id__in=mine))
        .select_related("compound", "keeper_team")
        .order_by("compound_id", "name", "pk")
    )
    return [
        {
            "zone": z.name,
            "compound": z.compound.name,
            "kind": z.get_kind_display(),
            "kept_by": z.keeper_team.name if z.keeper_team_id else _("you"),
            "claimed_at": z.claimed_at,
        }
        for z in rows
    ]


def facility_checks(user, photos: list) -> list[dict]:
    """The conditions the person recorded, in a survey (its title) or on their own; `photos`
    gathers the photos they took, as (file, name in the ZIP)."""
    rows = (
        FacilityCheck.objects.filter(by=user)
        .select_related("facility__compound", "survey")
        .order_by("at", "pk")
    )
    found = []
    for check in rows:
        name = None
        if check.photo:
            name = f"photos/facility-check-{check.pk}.jpg"
            photos.append((check.photo, name))
        found.append(
            {
                "facility": str(check.facility),
                "compound": check.facility.compound.name,
                "condition": check.get_condition_display(),
                "note": check.note,
                "time": check.at,
                "survey": check.survey.title if check.survey_id else None,
                "request": check.request_id,
                "photo": name,
            }
        )
    return found


def community_life(user, photos: list) -> dict[str, list[dict]]:
    """The person's community life, one key a kind (the keys of data.json)."""
    return {
        "teams": teams(user),
        "activity_signups": signups(user),
        "duty_shifts": shifts(user),
        "shift_swaps": swaps(user),
        "responsibilities": responsibilities(user),
        "answerable_for_my_homes": answerable_for_me(user),
        "zones_kept": zones(user),
        "facility_checks": facility_checks(user, photos),
    }

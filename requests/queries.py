"""Reads of requests, scoped to the asking user."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from compounds.standing import standing_of
from requests.models import Request

H = Request.Handler


def _team_filter(user) -> Q:
    """Requests whose current handler kind is a team the user belongs to ("waiting for us")."""
    g = standing_of(user)
    housing = [b for b, codes in g.roles_by_building.items() if "housing_officer" in codes]
    committee = [
        c
        for c, kinds in g.bodies.items()
        if kinds & {"owners_committee", "party_branch", "self_management_committee"}
    ]
    self_managed = [c for c, kinds in g.bodies.items() if "self_management_committee" in kinds]
    return (
        Q(handler=user)
        | Q(handler_kind=H.PROPERTY, compound_id__in=g.property_compounds)
        | Q(handler_kind=H.HOUSING_OFFICER, building_id__in=housing)
        | Q(handler_kind__in=[H.COMMITTEE, H.UTILITY], compound_id__in=committee)
        | Q(handler_kind=H.SELF_MANAGEMENT, compound_id__in=self_managed)
        | Q(handler_kind=H.VOLUNTEERS, compound_id__in=g.volunteer_compounds)
        | Q(handler_kind=H.COMMUNITY, compound__community_id__in=g.communities)
        | Q(
            handler_kind=H.STREET_OFFICE, compound__community__street_office_id__in=g.street_offices
        )
        | Q(whistles__department_id__in=g.departments)
    )


def _area_filter(user) -> Q:
    """Requests of the places the user dispatches for — the same people as
    workflow.is_dispatcher: staff see everything of their area; building heads, 房管员 and
    committee officers see common-area requests only (a home's request stays private)."""
    from requests.workflow import DISPATCH_ROLES

    g = standing_of(user)
    dispatching = [b for b, codes in g.roles_by_building.items() if codes & DISPATCH_ROLES]
    staff = (
        Q(compound_id__in=g.property_compounds)
        | Q(compound__community_id__in=g.communities)
        | Q(compound__community__street_office_id__in=g.street_offices)
    )
    common = Q(unit__isnull=True) & (
        Q(building_id__in=dispatching) | Q(compound_id__in=g.dispatch_compounds)
    )
    return staff | common


def has_queue(user) -> bool:
    g = standing_of(user)
    return bool(
        g.roles_by_building
        or g.bodies
        or g.property_compounds
        or g.communities
        or g.street_offices
        or g.volunteer_compounds
        or g.departments
    )


def queue(
    user,
    *,
    scope: str = "team",
    state: str = "",
    category: str = "",
    building: str = "",
    overdue: bool = False,
    escalated: bool = False,
) -> QuerySet[Request]:
    rows = Request.objects.filter(_team_filter(user) if scope == "team" else _area_filter(user))
    if state in Request.State.values:
        rows = rows.filter(state=state)
    elif state != "all":
        rows = rows.filter(state__in=Request.OPEN_STATES)
    if category.isdigit():
        rows = rows.filter(category_id=int(category))
    if building.isdigit():
        rows = rows.filter(building_id=int(building))
    if escalated:
        rows = rows.filter(escalation_level__gt=0)
    if overdue:
        now = timezone.now()
        rows = rows.filter(state__in=Request.OPEN_STATES).filter(
            Q(state=Request.State.SUBMITTED, accept_due__lt=now) | Q(resolve_due__lt=now)
        )
    return (
        rows.distinct()
        .select_related("category", "compound", "building", "unit__building")
        .order_by("resolve_due", "pk")
    )


def counters(user) -> dict[str, int]:
    """New, overdue and escalated-to-us counts of the user's team queue."""
    now = timezone.now()
    team = Request.objects.filter(_team_filter(user), state__in=Request.OPEN_STATES)
    return {
        "new": team.filter(state=Request.State.SUBMITTED).count(),
        "overdue": team.filter(
            Q(state=Request.State.SUBMITTED, accept_due__lt=now) | Q(resolve_due__lt=now)
        ).count(),
        "escalated": team.filter(escalation_level__gt=0).count(),
    }


def help_board(user) -> QuerySet[Request]:
    """Open help orders and small wishes a volunteer or deployed party member may claim."""
    g = standing_of(user)
    return (
        Request.objects.filter(
            Q(compound_id__in=g.volunteer_compounds)
            | Q(compound__community_id__in=g.deployed_communities),
            kind__in=[Request.Kind.HELP, Request.Kind.WISH],
            state__in=[Request.State.SUBMITTED, Request.State.ACCEPTED],
        )
        .select_related("category", "compound", "building")
        .order_by("created_at", "pk")
    )


def followable(user, request: Request) -> bool:
    """A verified resident of the compound may follow an open request about a common area
    (我也遇到了); requests about someone's home stay private."""
    g = standing_of(user)
    return (
        request.is_open
        and request.unit_id is None
        and request.compound_id in g.resident_compounds
        and request.reporter_id != user.pk
    )


def resolved_board(compound) -> QuerySet[Request]:
    """What was fixed in the compound and how fast — no names, no homes (public board)."""
    return (
        Request.objects.filter(
            compound=compound,
            state=Request.State.CLOSED,
            outcome__in=[Request.Outcome.FIXED, Request.Outcome.PARTLY_FIXED],
            kind=Request.Kind.REPAIR,
        )
        .select_related("category", "building")
        .order_by("-closed_at", "-pk")
    )


def satisfaction(requests: QuerySet[Request]) -> dict:
    """Average rating and how many rated, over closed requests with a rating."""
    from django.db.models import Avg, Count

    figures = requests.filter(rating__isnull=False).aggregate(
        average=Avg("rating"), rated=Count("pk")
    )
    average = figures["average"]
    return {
        "average": round(average, 2) if average is not None else None,
        "rated": figures["rated"],
    }


def hours_ranking(community_id: int, year: int, month: int | None = None) -> list[dict]:
    """Volunteers' service hours in a community for a year (or one month), most first —
    for the 最美志愿者 / 下沉党员 selection."""
    from django.db.models import Sum

    from requests.models import ServiceRecord

    rows = ServiceRecord.objects.filter(
        request__compound__community_id=community_id, served_on__year=year
    )
    if month:
        rows = rows.filter(served_on__month=month)
    return list(
        rows.values("volunteer_id", "volunteer__display_name")
        .annotate(total=Sum("hours"))
        .order_by("-total", "volunteer_id")
    )


def satisfaction_by_handler(requests: QuerySet[Request]) -> list[dict]:
    """Average rating per handler (the person the request was dispatched to, with their
    handler kind), best first — for the dashboards."""
    from django.db.models import Avg, Count

    rows = (
        requests.filter(rating__isnull=False, handler__isnull=False)
        .values("handler_id", "handler__display_name", "handler_kind")
        .annotate(average=Avg("rating"), rated=Count("pk"))
        .order_by("-average", "-rated", "handler_id")
    )
    return [{**row, "average": round(row["average"], 2)} for row in rows]


def department_performance(street_office_id: int, now=None) -> list[dict]:
    """For each department of a street office: how often it was summoned, how fast it
    reported in and responded, and how many deadlines it missed. Two queries."""
    from compounds.models import Department
    from requests.models import Whistle

    now = now or timezone.now()
    departments = list(Department.objects.filter(street_office_id=street_office_id))
    figures = {
        d.pk: {
            "department": d,
            "summoned": 0,
            "acknowledged": 0,
            "acknowledged_late": 0,
            "responded": 0,
            "responded_late": 0,
            "waiting": 0,
            "overdue": 0,
            "_ack": [],
            "_respond": [],
        }
        for d in departments
    }
    for w in Whistle.objects.filter(department__street_office_id=street_office_id).values(
        "department_id",
        "created_at",
        "acknowledge_due",
        "respond_due",
        "acknowledged_at",
        "responded_at",
    ):
        row = figures[w["department_id"]]
        row["summoned"] += 1
        if w["acknowledged_at"]:
            row["acknowledged"] += 1
            row["acknowledged_late"] += w["acknowledged_at"] > w["acknowledge_due"]
            row["_ack"].append((w["acknowledged_at"] - w["created_at"]).total_seconds() / 60)
        if w["responded_at"]:
            row["responded"] += 1
            row["responded_late"] += w["responded_at"] > w["respond_due"]
            row["_respond"].append((w["responded_at"] - w["created_at"]).total_seconds() / 3600)
        else:
            row["waiting"] += 1
            late = (not w["acknowledged_at"] and w["acknowledge_due"] < now) or w[
                "respond_due"
            ] < now
            row["overdue"] += late
    result = []
    for row in figures.values():
        ack, respond = row.pop("_ack"), row.pop("_respond")
        row["ack_minutes"] = round(sum(ack) / len(ack)) if ack else None
        row["respond_hours"] = round(sum(respond) / len(respond), 1) if respond else None
        result.append(row)
    return result


def hours_of(user_ids, year: int) -> dict[int, object]:
    """Each person's service hours in a year (for the party-member board, next to their
    commitments). One query."""
    from django.db.models import Sum

    from requests.models import ServiceRecord

    return dict(
        ServiceRecord.objects.filter(volunteer_id__in=list(user_ids), served_on__year=year)
        .values("volunteer_id")
        .annotate(total=Sum("hours"))
        .values_list("volunteer_id", "total")
    )

"""Reads of requests, scoped to the asking user.

The queue filters restate rules of requests/permissions.py as querysets ("waiting for us"
is TEAM, HANDLER or DEPARTMENT; "everything in my area" is DISPATCHER; the help board is
VOLUNTEER); tests/requests/test_rules_agree.py checks each against the rule, persona by
persona, on the demo data.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.utils import timezone

from compounds.models import Building, Compound, Department, RoleAssignment
from compounds.permissions import visible_compounds
from compounds.standing import HOUSING_OFFICER, Standing, standing_of
from requests.deadlines import late
from requests.models import (
    BOARD,
    Category,
    Follower,
    Request,
    Satisfaction,
    StreetFigures,
    Whistle,
)
from requests.paging import BOARD_ROW_FIELDS, QUEUE_ROW_FIELDS
from requests.permissions import DISPATCH_ROLES, HELP_KINDS

H = Request.Handler
COMMITTEES = {"owners_committee", "party_branch", "self_management_committee"}


def _any(*conditions: Q | None) -> Q:
    """OR of the conditions that apply (none: nothing), so that an empty role adds no
    branch to the plan."""
    result = Q(pk__in=[])
    for condition in conditions:
        if condition is not None:
            result |= condition
    return result


def _where(ids, condition: Q) -> Q | None:
    return condition if ids else None


def _in_communities(ids) -> Q | None:
    """Requests of the compounds of the communities: a subquery, not a join."""
    compounds = Compound.objects.filter(community_id__in=ids).values("pk")
    return _where(ids, Q(compound_id__in=compounds))


def _in_offices(ids) -> Q | None:
    compounds = Compound.objects.filter(community__street_office_id__in=ids).values("pk")
    return _where(ids, Q(compound_id__in=compounds))


def _serving(g: Standing) -> Q:
    """Requests at places where the user holds a role today (permissions.serves)."""
    compounds = g.property_compounds | g.volunteer_compounds | set(g.bodies) | g.role_compounds
    return _any(
        _where(compounds, Q(compound_id__in=compounds)),
        _in_communities(g.communities | g.deployed_communities),
        _in_offices(g.street_offices),
    )


def _team_filter(user) -> Q:
    """Requests whose current handler kind is a team the user belongs to, those dispatched
    to the user, and those the street office summoned the user's department to. Each part
    is a plain condition or an IN subquery: no join multiplies the rows, so no DISTINCT."""
    g = standing_of(user)
    housing = [b for b, codes in g.roles_by_building.items() if HOUSING_OFFICER in codes]
    committee = [c for c, kinds in g.bodies.items() if kinds & COMMITTEES]
    self_managed = [c for c, kinds in g.bodies.items() if "self_management_committee" in kinds]
    summoned = Whistle.objects.filter(department_id__in=g.departments).values("request_id")
    community, office = _in_communities(g.communities), _in_offices(g.street_offices)
    return _any(
        Q(handler=user) & _serving(g),
        _where(
            g.property_compounds, Q(handler_kind=H.PROPERTY, compound_id__in=g.property_compounds)
        ),
        _where(housing, Q(handler_kind=H.HOUSING_OFFICER, building_id__in=housing)),
        _where(committee, Q(handler_kind__in=[H.COMMITTEE, H.UTILITY], compound_id__in=committee)),
        _where(self_managed, Q(handler_kind=H.SELF_MANAGEMENT, compound_id__in=self_managed)),
        _where(
            g.volunteer_compounds,
            Q(handler_kind=H.VOLUNTEERS, compound_id__in=g.volunteer_compounds),
        ),
        Q(handler_kind=H.COMMUNITY) & community if community else None,
        Q(handler_kind=H.STREET_OFFICE) & office if office else None,
        _where(g.departments, Q(pk__in=summoned)),
    )


def _area_filter(user) -> Q:
    """Requests of the places the user dispatches for — the same people as
    permissions.is_dispatcher: staff see everything of their area; building heads, 房管员 and
    committee officers see common-area requests only (a home's request stays private)."""
    g = standing_of(user)
    dispatching = [b for b, codes in g.roles_by_building.items() if codes & DISPATCH_ROLES]
    staff = _any(
        _where(g.property_compounds, Q(compound_id__in=g.property_compounds)),
        _in_communities(g.communities),
        _in_offices(g.street_offices),
    )
    common = Q(unit__isnull=True) & _any(
        _where(dispatching, Q(building_id__in=dispatching)),
        _where(g.dispatch_compounds, Q(compound_id__in=g.dispatch_compounds)),
    )
    return staff | common


def default_scope(user) -> str:
    """The workbench a person opens on: a building head, who dispatches the building's
    common-area requests but is in no team that handles them, sees the building's requests
    ("area"); everyone else what waits for their team."""
    g = standing_of(user)
    roles = set().union(*g.roles_by_building.values()) if g.roles_by_building else set()
    staff = g.property_compounds or g.communities or g.street_offices or g.departments
    return (
        "area"
        if "building_head" in roles and HOUSING_OFFICER not in roles and not staff
        else "team"
    )


def queue(
    user,
    *,
    scope: str = "team",
    state: str = "",
    category: Category | None = None,
    building: Building | None = None,
    compound: Compound | None = None,
    overdue: bool = False,
    escalated: bool = False,
    mine: bool = False,
    due_today: bool = False,
) -> QuerySet[Request]:
    rows = Request.objects.filter(_team_filter(user) if scope == "team" else _area_filter(user))
    if state in Request.State.values:
        rows = rows.filter(state=state)
    elif state != "all":
        rows = rows.filter(state__in=Request.OPEN_STATES)
    if category is not None:
        rows = rows.filter(category=category)
    if building is not None:
        rows = rows.filter(building=building)
    if compound is not None:  # a drill-down from the dashboard (queue_compounds)
        rows = rows.filter(compound=compound)
    if escalated:
        rows = rows.filter(escalation_level__gt=0)
    if overdue:
        rows = rows.filter(late(timezone.now()))
    if mine:  # 派给我的: dispatched to the user by name
        rows = rows.filter(handler=user)
    if due_today:  # to resolve before midnight, not late yet
        rows = rows.filter(_due_today(timezone.now()))
    # Open rows come in due order from a partial index (request_open_due), LIMIT-ed by the
    # paginator: nothing sorts the whole queue. Three relations only: seven made PostgreSQL
    # spend 2.6 ms planning each page; the compounds come after (paging.with_compounds).
    rows = rows.select_related("category", "building", "unit").only(*QUEUE_ROW_FIELDS)
    return rows.order_by("resolve_due", "pk")


def _due_today(now: datetime) -> Q:
    """Open and due to be resolved between now and the end of the local day."""
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return Q(state__in=Request.OPEN_STATES, resolve_due__gte=now) & Q(
        resolve_due__lt=midnight + timedelta(days=1)
    )


def counters(user, scope: str = "team") -> dict[str, int]:
    """New, overdue, escalated and all open requests of the queue shown (the team's, or the
    area's), in one aggregate query."""
    rows = _team_filter(user) if scope == "team" else _area_filter(user)
    return Request.objects.filter(rows, state__in=Request.OPEN_STATES).aggregate(
        new=Count("pk", filter=Q(state=Request.State.SUBMITTED)),
        overdue=Count("pk", filter=late(timezone.now())),
        escalated=Count("pk", filter=Q(escalation_level__gt=0)),
        open=Count("pk"),  # the length of the queue as it opens, for its pages
    )


def unfiltered(chosen: dict) -> bool:
    """The queue as it opens: open requests, no filter but the scope."""
    return not any(value for key, value in chosen.items() if key != "scope")


def queue_categories(user) -> QuerySet[Category]:
    """The default categories and those of the compounds the user works in."""
    return Category.objects.filter(
        Q(compound__isnull=True) | Q(compound__in=visible_compounds(user).values("pk"))
    )


def queue_compounds(user) -> QuerySet[Compound]:
    """The compounds of _area_filter: the workbench's filter the dashboard links to."""
    g = standing_of(user)
    dispatching = {
        r.building.compound_id for r in g.building_roles if r.kind.code in DISPATCH_ROLES
    }
    return Compound.objects.filter(
        Q(pk__in=g.property_compounds | g.dispatch_compounds | dispatching)
        | Q(community_id__in=g.communities)
        | Q(community__street_office_id__in=g.street_offices)
    )


def queue_buildings(user) -> QuerySet[Building]:
    """Buildings to filter by: those of the compounds the user works in directly (a street
    office's hundreds are too many for a select; they filter by category and state)."""
    g = standing_of(user)
    compounds = set(g.bodies) | g.property_compounds | g.role_compounds
    return (
        Building.objects.filter(compound_id__in=compounds)
        .select_related("compound")
        .order_by("compound_id", "pk")
    )


def help_board(user) -> QuerySet[Request]:
    """Open help orders and small wishes a volunteer or deployed party member may claim."""
    g = standing_of(user)
    return (
        Request.objects.filter(
            Q(compound_id__in=g.volunteer_compounds)
            | Q(compound__community_id__in=g.deployed_communities),
            kind__in=HELP_KINDS,
            state__in=[Request.State.SUBMITTED, Request.State.ACCEPTED],
        )
        .exclude(reporter=user)
        .select_related("category", "compound", "building")
        .order_by("created_at", "pk")
    )


def categories_for(compound: Compound) -> list[Category]:
    """The compound's own category set, or the default one."""
    return list(Category.objects.filter(compound=compound)) or list(
        Category.objects.filter(compound__isnull=True)
    )


def similar_open(compound: Compound, category: Category, building=None, place: str = ""):
    """Open requests of the same category at the same building or place (duplicates).
    Requests about someone's home are private: never offered to neighbours."""
    rows = Request.objects.filter(
        compound=compound, category=category, state__in=Request.OPEN_STATES, unit__isnull=True
    )
    rows = rows.filter(building=building) if building is not None else rows.filter(place=place)
    return rows.select_related("category").order_by("-created_at")[:5]


def mine(user) -> QuerySet[Request]:
    """The requests the user reported or follows, newest first: the ids of each come from
    their own index (reporter, follower), united, so nothing scans all requests."""
    reported = Request.objects.filter(reporter=user).order_by().values("pk")
    followed = Follower.objects.filter(user=user).order_by().values("request_id")
    return (
        Request.objects.filter(pk__in=reported.union(followed))
        .select_related("category", "building", "unit__building")
        .order_by("-created_at", "-pk")
    )


def resolved_board(compound: Compound) -> QuerySet[Request]:
    """What was fixed in the compound and how fast — no names, no homes (public board), on
    the partial index request_closed_recent."""
    return (
        Request.objects.filter(BOARD, compound=compound)
        .select_related("category", "building")
        .only(*BOARD_ROW_FIELDS)
        .order_by("-closed_at", "-pk")
    )


def satisfaction(requests: QuerySet[Request]) -> dict:
    """Average rating and how many rated, over closed requests with a rating."""
    figures = requests.filter(rating__isnull=False).aggregate(
        average=Avg("rating"), rated=Count("pk")
    )
    average = figures["average"]
    return {
        "average": round(average, 2) if average is not None else None,
        "rated": figures["rated"],
    }


def satisfaction_by_handler(requests: QuerySet[Request]) -> list[dict]:
    """Average rating per handler (the person the request was dispatched to, with their
    handler kind), best first — for the dashboards."""
    rows = (
        requests.filter(rating__isnull=False, handler__isnull=False)
        .values("handler_id", "handler__display_name", "handler_kind")
        .annotate(average=Avg("rating"), rated=Count("pk"))
        .order_by("-average", "-rated", "handler_id")
    )
    return [{**row, "average": round(row["average"], 2)} for row in rows]


def _since_summoned(field: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(field) - F("created_at"), output_field=DurationField())


def department_performance(street_office_id: int, now: datetime | None = None) -> list[dict]:
    """For each department of a street office: how often it was summoned, how fast it
    reported in and responded, and how many deadlines it missed. Two queries, whatever the
    number of whistles: the figures are aggregated by the database."""
    now = now or timezone.now()
    waiting = Q(responded_at__isnull=True)
    late = Q(acknowledged_at__isnull=True, acknowledge_due__lt=now) | Q(respond_due__lt=now)
    figures = {
        row["department_id"]: row
        for row in Whistle.objects.filter(department__street_office_id=street_office_id)
        .values("department_id")
        .annotate(
            summoned=Count("pk"),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
            acknowledged_late=Count("pk", filter=Q(acknowledged_at__gt=F("acknowledge_due"))),
            responded=Count("pk", filter=Q(responded_at__isnull=False)),
            responded_late=Count("pk", filter=Q(responded_at__gt=F("respond_due"))),
            waiting=Count("pk", filter=waiting),
            overdue=Count("pk", filter=waiting & late),
            ack_time=Avg(_since_summoned("acknowledged_at")),
            respond_time=Avg(_since_summoned("responded_at")),
        )
    }
    result = []
    for department in Department.objects.filter(street_office_id=street_office_id):
        row = figures.get(department.pk, {})
        ack, respond = row.get("ack_time"), row.get("respond_time")
        hours = round(respond.total_seconds() / 3600, 1) if respond is not None else None
        result.append(
            {
                "department": department,
                **{k: row.get(k, 0) for k in COUNTS},
                "ack_minutes": round(ack.total_seconds() / 60) if ack is not None else None,
                "respond_hours": hours,
            }
        )
    return result


COUNTS = (
    "summoned",
    "acknowledged",
    "acknowledged_late",
    "responded",
    "responded_late",
    "waiting",
    "overdue",
)


def department_staff(office) -> dict[int, list]:
    """The people of each department of the street office, by department id."""
    staff: dict[int, list] = {}
    for role in (
        RoleAssignment.objects.current()
        .filter(role=RoleAssignment.Role.DEPARTMENT_STAFF, department__street_office=office)
        .select_related("user")
    ):
        staff.setdefault(role.department_id, []).append(role.user)
    return staff


def department_staff_ids(department_id: int) -> set[int]:
    return set(
        RoleAssignment.objects.current()
        .filter(role=RoleAssignment.Role.DEPARTMENT_STAFF, department_id=department_id)
        .values_list("user_id", flat=True)
    )


def board_satisfaction(compound: Compound) -> dict:
    """The 已解决 board's rating: the kept figure with the time it was last moved, or, for a
    compound not counted yet, the live one (no time)."""
    row = Satisfaction.objects.filter(compound=compound).first()
    if row is None:
        live = satisfaction(Request.objects.filter(compound=compound))
        return {**live, "resolved": None, "updated_at": None}
    average = round(row.rating_sum / row.rated, 2) if row.rated else None
    return {
        "average": average,
        "rated": row.rated,
        "resolved": row.resolved,
        "updated_at": row.updated_at,
    }


def street_figures(office) -> dict:
    """The departments page's figures as last computed (with the time), or live for an
    office not computed yet."""
    row = StreetFigures.objects.filter(street_office=office, computed_at__isnull=False).first()
    if row is None:
        handled = Request.objects.filter(compound__community__street_office=office)
        return {
            "performance": department_performance(office.pk),
            "handlers": satisfaction_by_handler(handled)[:30],
            "computed_at": None,
        }
    figures = {kept["department"]: kept for kept in row.departments}
    empty = {**dict.fromkeys(COUNTS, 0), "ack_minutes": None, "respond_hours": None}
    performance = [  # a department registered since is listed, with nothing yet
        {**figures.get(department.pk, empty), "department": department}
        for department in Department.objects.filter(street_office=office)
    ]
    return {"performance": performance, "handlers": row.handlers, "computed_at": row.computed_at}

"""What can happen to a request: the state machine as data, and the one function that
performs a transition, records it and tells the people concerned.

Who may make a transition is named by the parties of `Party`; `parties_of(user, request)`
answers which of them the user is, from the one permission model in compounds/.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compounds.models import Body, BuildingRole, Membership, RoleAssignment
from compounds.permissions import place_of
from compounds.standing import standing_of
from portal.images import reencode_image
from portal.notifications.services import notify
from requests.models import Follower, Request, RequestEvent, ReturnVisit, Whistle

S = Request.State
H = Request.Handler


class Party(StrEnum):
    REPORTER = "reporter"
    HANDLER = "handler"  # the person the request is dispatched to
    TEAM = "team"  # the people of the current handler kind (e.g. the property company)
    DISPATCHER = "dispatcher"  # building role holders, committees, property and area staff
    VOLUNTEER = "volunteer"
    DEPARTMENT = "department"  # people of a department the street office summoned
    FILER = "filer"  # filed it for a neighbour: follows it, acts through the return visit
    SYSTEM = "system"  # deadlines and escalation: no person


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (escalation)
    who: tuple[Party, ...]
    needs_note: bool = False


OPEN = (S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS)
TRANSITIONS = {
    t.action: t
    for t in [
        Transition("accept", (S.SUBMITTED,), S.ACCEPTED, (Party.TEAM, Party.DISPATCHER)),
        Transition("assign", (S.SUBMITTED, S.ACCEPTED), S.ASSIGNED, (Party.TEAM, Party.DISPATCHER)),
        Transition("claim", (S.SUBMITTED, S.ACCEPTED), S.ASSIGNED, (Party.VOLUNTEER,)),
        Transition("start", (S.ASSIGNED,), S.IN_PROGRESS, (Party.HANDLER,)),
        Transition("resolve", (S.ASSIGNED, S.IN_PROGRESS), S.RESOLVED, (Party.HANDLER, Party.TEAM)),
        Transition("confirm", (S.RESOLVED,), S.CLOSED, (Party.REPORTER,)),
        Transition("reopen", (S.RESOLVED,), S.IN_PROGRESS, (Party.REPORTER,), needs_note=True),
        # Only the team the request is with may turn it down: after an appeal that is the
        # owners' committee, not whoever rejected it first.
        Transition("reject", (S.SUBMITTED, S.ACCEPTED), S.REJECTED, (Party.TEAM,), needs_note=True),
        Transition("appeal", (S.REJECTED,), S.SUBMITTED, (Party.REPORTER,), needs_note=True),
        Transition(
            "transfer",
            (S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS),
            S.ASSIGNED,
            (Party.HANDLER, Party.TEAM, Party.DISPATCHER),
            needs_note=True,
        ),
        # Hand over to another kind of handler (say the property company to the building's
        # 房管员, or to the utility): the new team accepts it afresh.
        Transition(
            "hand_over",
            (S.SUBMITTED, S.ACCEPTED, S.ASSIGNED),
            S.SUBMITTED,
            (Party.HANDLER, Party.TEAM, Party.DISPATCHER),
            needs_note=True,
        ),
        Transition("escalate", OPEN, None, (Party.SYSTEM,)),
        # 街道吹哨、部门报到: at the street-office level its staff summon a department, whose
        # people report in and respond; the request stays with the street office.
        Transition("whistle", OPEN, None, (Party.TEAM,), needs_note=True),
        Transition("report_in", (*OPEN, S.RESOLVED), None, (Party.DEPARTMENT,)),
        Transition("respond", (*OPEN, S.RESOLVED), None, (Party.DEPARTMENT,), needs_note=True),
        # 回访: a call or visit after the work; for a neighbour without an account it closes
        # the request with the rating they gave.
        Transition(
            "return_visit",
            (S.RESOLVED, S.CLOSED),
            None,
            (Party.TEAM, Party.DISPATCHER, Party.FILER),
        ),
        Transition("auto_close", (S.RESOLVED,), S.CLOSED, (Party.SYSTEM,)),
    ]
}

ACTION_LABELS = {
    "file": gettext_lazy("Filed"),
    "accept": gettext_lazy("Accept"),
    "assign": gettext_lazy("Dispatch"),
    "claim": gettext_lazy("I'll take it"),
    "start": gettext_lazy("Start work"),
    "resolve": gettext_lazy("Done"),
    "confirm": gettext_lazy("Confirm and rate"),
    "reopen": gettext_lazy("Not fixed: reopen"),
    "reject": gettext_lazy("Turn down"),
    "appeal": gettext_lazy("Appeal to the owners' committee"),
    "transfer": gettext_lazy("Transfer"),
    "hand_over": gettext_lazy("Hand over to another handler"),
    "escalate": gettext_lazy("Escalated"),
    "auto_close": gettext_lazy("Closed automatically"),
    "whistle": gettext_lazy("Summon a department"),
    "report_in": gettext_lazy("Report in"),
    "respond": gettext_lazy("Respond"),
    "return_visit": gettext_lazy("Record a return visit"),
}

ESCALATION_LADDER = [H.COMMITTEE, H.COMMUNITY, H.STREET_OFFICE]  # after the first handler


def team_ids(request: Request) -> set[int]:
    """The people of the request's current handler kind, now."""
    compound = request.compound
    kind = request.handler_kind
    if kind == H.PROPERTY:
        if not compound.in_contract():
            return set()  # the contract ended: the company's staff no longer handle it
        return (
            set(
                RoleAssignment.objects.current()
                .filter(
                    role=RoleAssignment.Role.PROPERTY_STAFF,
                    property_company_id=compound.property_company_id,
                )
                .values_list("user_id", flat=True)
            )
            if compound.property_company_id
            else set()
        )
    if kind == H.HOUSING_OFFICER and request.building_id:
        return set(
            BuildingRole.objects.current()
            .filter(
                building_id=request.building_id,
                kind__code="housing_officer",
            )
            .values_list("holder_id", flat=True)
        )
    bodies = {
        H.SELF_MANAGEMENT: [Body.Kind.SELF_MANAGEMENT_COMMITTEE],
        # The utility does the work (the resident has its hotline); the committee and the
        # party branch follow it up and close it, and it escalates like any other.
        H.UTILITY: [
            Body.Kind.OWNERS_COMMITTEE,
            Body.Kind.PARTY_BRANCH,
            Body.Kind.SELF_MANAGEMENT_COMMITTEE,
        ],
        H.COMMITTEE: [
            Body.Kind.OWNERS_COMMITTEE,
            Body.Kind.PARTY_BRANCH,
            Body.Kind.SELF_MANAGEMENT_COMMITTEE,
        ],
    }.get(kind)
    if bodies:
        return set(
            Membership.objects.current()
            .filter(
                body__compound=compound,
                body__kind__in=bodies,
                body__in=Body.objects.current(),
            )
            .values_list("user_id", flat=True)
        )
    role, scope = {
        H.VOLUNTEERS: (RoleAssignment.Role.VOLUNTEER, {"compound": compound}),
        H.COMMUNITY: (RoleAssignment.Role.COMMUNITY_STAFF, {"community_id": compound.community_id}),
        H.STREET_OFFICE: (
            RoleAssignment.Role.STREET_STAFF,
            {"street_office_id": compound.community.street_office_id},
        ),
    }.get(kind, (None, None))
    if role is None:
        return set()
    return set(
        RoleAssignment.objects.current()
        .filter(role=role, **scope)
        .values_list("user_id", flat=True)
    )


def parties_of(user, request: Request) -> set[Party]:
    if not getattr(user, "is_authenticated", False):
        return set()
    parties = set()
    if request.reporter_id == user.pk:
        parties.add(Party.REPORTER)
    if request.handler_id == user.pk:
        parties.add(Party.HANDLER)
    if request.filed_by_id == user.pk:
        parties.add(Party.FILER)
    if user.pk in team_ids(request):
        parties.add(Party.TEAM)
    g = standing_of(user)
    place = place_of(request.building or request.compound)
    if is_dispatcher(g, place, request):
        parties.add(Party.DISPATCHER)
    helper = place.compound_id in g.volunteer_compounds or place.community_id in (
        g.deployed_communities
    )
    if (
        helper
        and request.kind in (Request.Kind.HELP, Request.Kind.WISH)
        and request.reporter_id != user.pk  # nobody serves (and logs hours on) their own order
    ):
        parties.add(Party.VOLUNTEER)
    if (
        g.departments
        and Whistle.objects.filter(request=request, department_id__in=g.departments).exists()
    ):
        parties.add(Party.DEPARTMENT)
    return parties


DISPATCH_ROLES = {"building_head", "housing_officer"}


def is_dispatcher(g, place, request: Request) -> bool:
    """Who may accept and dispatch at a place: property, community and street staff; and,
    for requests about common areas, the building head or 房管员 of the building and the
    compound's committee officers. A request about someone's home stays with staff."""
    if (
        place.compound_id in g.property_compounds
        or place.community_id in g.communities
        or place.street_office_id in g.street_offices
    ):
        return True
    if request.unit_id is not None:
        return False
    roles = g.roles_by_building.get(request.building_id, set()) if request.building_id else set()
    return bool(roles & DISPATCH_ROLES) or place.compound_id in g.dispatch_compounds


def allowed_actions(user, request: Request) -> list[str]:
    parties = parties_of(user, request)
    return [
        t.action
        for t in TRANSITIONS.values()
        if request.state in t.sources and parties & set(t.who) and _extra_ok(t, request, user)
    ]


def _my_whistles(request: Request, actor):
    """The whistles on the request to the departments the actor works for."""
    if actor is None:
        return Whistle.objects.none()
    return Whistle.objects.filter(request=request, department_id__in=standing_of(actor).departments)


def _extra_ok(transition: Transition, request: Request, actor=None) -> bool:
    if transition.action == "reopen":
        window = timedelta(days=settings.REQUESTS_REOPEN_DAYS)
        return request.resolved_at is not None and timezone.now() - request.resolved_at <= window
    if transition.action == "appeal":
        return not request.appealed
    if transition.action == "whistle":
        return request.handler_kind == H.STREET_OFFICE
    if transition.action == "report_in":
        return _my_whistles(request, actor).filter(acknowledged_at__isnull=True).exists()
    if transition.action == "respond":
        return _my_whistles(request, actor).filter(responded_at__isnull=True).exists()
    return True


def _apply(transition: Transition, request: Request, actor, data: dict) -> None:
    """The fields each action changes besides the state."""
    now = timezone.now()
    action = transition.action
    if action == "accept":
        request.accepted_at = now
    elif action in ("assign", "transfer"):
        assignee = data.get("assignee")
        if assignee is None or assignee.pk not in team_ids(request):
            raise ValidationError(_("Choose who will handle it."), code="assignee")
        request.handler = assignee
        request.accepted_at = request.accepted_at or now
    elif action == "claim":
        request.handler = actor
        request.accepted_at = request.accepted_at or now
    elif action == "resolve":
        outcome = data.get("outcome") or Request.Outcome.FIXED
        if outcome not in Request.Outcome.values:
            raise ValidationError(_("Say how it ended."), code="outcome")
        request.outcome = outcome
        request.resolved_at = now
    elif action in ("confirm", "auto_close"):
        request.closed_at = now
        if action == "confirm":
            rating = data.get("rating")
            if rating not in (1, 2, 3, 4, 5):
                raise ValidationError(_("Give one to five stars."), code="rating")
            request.rating = rating
            request.rating_comment = (data.get("comment") or "")[:500]
    elif action == "reopen":
        request.resolved_at = None
        request.outcome = ""
        request.resolve_due = due_after(now, _limits(request)[1])
        request.escalation_due = None
    elif action == "reject":
        request.reject_reason = data["note"][:300]
    elif action == "appeal":
        # The owners' committee takes it up afresh, with fresh time limits, on the first
        # rung of the ladder.
        request.appealed = True
        request.handler_kind = H.COMMITTEE
        request.handler = None
        request.escalation_level = ESCALATION_LADDER.index(H.COMMITTEE) + 1
        request.escalation_due = None
        accept, resolve = _limits(request)
        request.accept_due = due_after(now, accept)
        request.resolve_due = due_after(now, resolve)
    elif action == "hand_over":
        kind = data.get("handler_kind")
        if kind not in HAND_OVER_KINDS or kind == request.handler_kind:
            raise ValidationError(_("Choose another handler."), code="handler_kind")
        if kind == H.HOUSING_OFFICER and not request.building_id:
            raise ValidationError(_("Only a building has a housing officer."), code="handler_kind")
        request.handler_kind = kind
        request.handler = None
        request.accepted_at = None
        accept, resolve = _limits(request)
        request.accept_due = due_after(now, accept)  # the new team's own time limits
        request.resolve_due = due_after(now, resolve)
        request.escalation_due = None
    elif action == "escalate":
        level = request.escalation_level
        while level < len(ESCALATION_LADDER) and ESCALATION_LADDER[level] == request.handler_kind:
            level += 1  # already with that rung (a compound whose committee handles repairs)
        if level >= len(ESCALATION_LADDER):
            raise ValidationError(_("It is already at the street office."), code="top")
        request.handler_kind = ESCALATION_LADDER[level]
        request.escalation_level = level + 1
        minutes = settings.REQUESTS_ESCALATION_MINUTES[min(level, 2)]
        request.escalation_due = due_after(now, minutes)
    elif action == "whistle":
        _summon(request, actor, data.get("department"), data["note"], now)
    elif action == "report_in":
        _my_whistles(request, actor).filter(acknowledged_at__isnull=True).update(
            acknowledged_at=now, acknowledged_by=actor
        )
    elif action == "respond":
        mine = _my_whistles(request, actor).filter(responded_at__isnull=True)
        mine.filter(acknowledged_at__isnull=True).update(acknowledged_at=now, acknowledged_by=actor)
        mine.update(responded_at=now, responded_by=actor, response=data["note"])
    elif action == "return_visit":
        _visit(request, actor, data, now)


HAND_OVER_KINDS = (H.PROPERTY, H.SELF_MANAGEMENT, H.HOUSING_OFFICER, H.UTILITY, H.COMMITTEE)


def due_after(start, minutes: int):
    from requests.services import due_after as due

    return due(start, minutes)


def _limits(request: Request) -> tuple[int, int]:
    from requests.services import deadlines_minutes

    return deadlines_minutes(request.compound, request.urgency)


def _summon(request: Request, actor, department, note: str, now) -> None:
    from compounds.models import Department

    if not isinstance(department, Department) or not department.active:
        raise ValidationError(_("Choose a department."), code="department")
    if department.street_office_id != request.compound.community.street_office_id:
        raise ValidationError(_("That department is not registered here."), code="department")
    if Whistle.objects.filter(request=request, department=department).exists():
        raise ValidationError(_("That department is already summoned."), code="department")
    ack, respond = settings.REQUESTS_WHISTLE_MINUTES
    Whistle.objects.create(
        request=request,
        department=department,
        blown_by=actor,
        note=note[:1000],
        created_at=now,
        acknowledge_due=due_after(now, ack),
        respond_due=due_after(now, respond),
    )


def _visit(request: Request, actor, data: dict, now) -> None:
    method = data.get("method") or ReturnVisit.Method.PHONE
    if method not in ReturnVisit.Method.values:
        raise ValidationError(_("Say how you reached the resident."), code="method")
    reached = data.get("reached", True)
    rating = data.get("rating") if reached else None
    if rating is not None and rating not in (1, 2, 3, 4, 5):
        raise ValidationError(_("Give one to five stars."), code="rating")
    ReturnVisit.objects.create(
        request=request,
        visitor=actor,
        method=method,
        reached=reached,
        rating=rating,
        note=data["note"][:500],
        created_at=now,
    )
    if request.state == S.RESOLVED and request.reporter_id is None and rating is not None:
        request.state = S.CLOSED
        request.closed_at = now
        request.rating = rating
        request.rating_comment = data["note"][:500]


def perform(
    request_id: int, action: str, *, actor=None, note: str = "", photos=(), **data
) -> RequestEvent:
    """Make `action` happen to the request, if the actor may. Locks the request row, so of
    two people acting at once (two volunteers claiming) exactly one wins; the other gets a
    ValidationError saying what happened. Writes the event and the notifications in the
    same transaction. `photos` are uploads (the work done, say); they are re-encoded before
    anything is written and attached to the event."""
    from requests.services import photos_save

    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValueError(f"unknown action {action}")
    note = (note or "").strip()
    if transition.needs_note and not note:
        raise ValidationError(_("Please give a reason."), code="note")
    if len(photos) > settings.REQUESTS_MAX_PHOTOS:
        raise ValidationError(
            _("At most %(n)s photos.") % {"n": settings.REQUESTS_MAX_PHOTOS}, code="photos"
        )
    cleaned = [reencode_image(photo) for photo in photos]
    with transaction.atomic():
        request = (
            Request.objects.select_for_update(of=("self",))
            .select_related("compound__community", "building")
            .get(pk=request_id)
        )
        if request.state not in transition.sources or not _extra_ok(transition, request, actor):
            raise ValidationError(
                _("This cannot be done now: the request is %(state)s.")
                % {"state": request.get_state_display()},
                code="state",
            )
        if actor is None:
            if Party.SYSTEM not in transition.who:
                raise PermissionDenied
        elif not parties_of(actor, request) & set(transition.who):
            raise PermissionDenied
        previous = request.state
        _apply(transition, request, actor, {**data, "note": note})
        if transition.target:
            request.state = transition.target
        request.save()
        event = RequestEvent.objects.create(
            request=request,
            actor=actor,
            action=action,
            from_state=previous,
            to_state=request.state,
            note=note,
        )
        photos_save(request, event, cleaned)
        _tell(request, event)
    return event


def _tell(request: Request, event: RequestEvent) -> None:
    """The reporter and followers hear of every change; the next handler of new work."""
    url = reverse("requests:detail", args=[request.pk])
    params = {
        "id": request.pk,
        "category": request.category.name,
        "state": request.get_state_display(),
    }
    watchers = {
        request.reporter_id,
        request.filed_by_id,  # who filed for a neighbour passes the news on
        *Follower.objects.filter(request=request).values_list("user_id", flat=True),
    } - {event.actor_id, None}
    if watchers:
        notify(recipients=watchers, event="request.changed", params=params, url=url)
    if event.action in ("assign", "transfer") and request.handler_id != event.actor_id:
        notify(recipients=[request.handler_id], event="request.assigned", params=params, url=url)
    elif event.action == "reopen":  # back to whoever did the work, and their team
        people = (team_ids(request) | {request.handler_id}) - {None, event.actor_id}
        notify(recipients=people, event="request.new", params=params, url=url)
    elif event.action == "hand_over":
        notify(recipients=team_ids(request), event="request.new", params=params, url=url)
    elif event.action in ("escalate", "appeal"):
        notify(recipients=team_ids(request), event="request.escalated", params=params, url=url)
    elif event.action == "whistle":
        notify(
            recipients=department_staff_ids(request.whistles.order_by("-pk")[0].department_id),
            event="request.summoned",
            params=params,
            url=url,
        )
    elif event.action in ("report_in", "respond"):
        notify(recipients=team_ids(request), event="request.answered", params=params, url=url)


def department_staff_ids(department_id: int) -> set[int]:
    return set(
        RoleAssignment.objects.current()
        .filter(role=RoleAssignment.Role.DEPARTMENT_STAFF, department_id=department_id)
        .values_list("user_id", flat=True)
    )

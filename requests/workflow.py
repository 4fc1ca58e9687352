"""What can happen to a request: the state machine as data, and the one function that
performs a transition, records it and tells the people concerned.

Who may make a transition is named by the parties of `Party`; `parties_of(user, request)`
in requests/permissions.py answers which of them the user is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.images import reencode_image
from requests import escalation, telling, whistles
from requests.deadlines import deadlines_minutes, due_after, on_site_due
from requests.models import Request, RequestEvent, ReturnVisit
from requests.permissions import HELP_KINDS, Party, parties_of, team_ids
from requests.photos import photos_save
from requests.services.figures import satisfaction_closed
from requests.whistles import mine

S = Request.State
H = Request.Handler


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (escalation)
    who: tuple[Party, ...]
    needs_note: bool = False
    follows: str = ""  # made only right after this action, never on its own

    @property
    def offered(self) -> bool:
        """A button a person may press (not the system's own, not a follow-on step)."""
        return not self.follows and self.who != (Party.SYSTEM,)


OPEN = (S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS)
ANSWERING = (Party.TEAM, Party.DISPATCHER)
TRANSITIONS = {
    t.action: t
    for t in [
        Transition("accept", (S.SUBMITTED,), S.ACCEPTED, ANSWERING),
        Transition("assign", (S.SUBMITTED, S.ACCEPTED), S.ASSIGNED, ANSWERING),
        Transition("claim", (S.SUBMITTED, S.ACCEPTED), S.ASSIGNED, (Party.VOLUNTEER,)),
        Transition("start", (S.ASSIGNED,), S.IN_PROGRESS, (Party.HANDLER,)),
        # 到场: someone is on site, by the emergency's on-site deadline (starting the work
        # records it too when nobody did: the work starts on site).
        Transition(
            "arrive", (S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS), None, (Party.HANDLER, Party.TEAM)
        ),
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
            (Party.HANDLER, *ANSWERING),
            needs_note=True,
        ),
        # Hand over to another kind of handler (say the property company to the building's
        # 房管员, or to the utility): the new team accepts it afresh.
        Transition(
            "hand_over",
            (S.SUBMITTED, S.ACCEPTED, S.ASSIGNED),
            S.SUBMITTED,
            (Party.HANDLER, *ANSWERING),
            needs_note=True,
        ),
        Transition("escalate", OPEN, None, (Party.SYSTEM,)),
        # 街道吹哨、部门报到: at the street-office level its staff summon a department, whose
        # people report in and respond; the request stays with the street office.
        Transition("whistle", OPEN, None, (Party.TEAM,), needs_note=True),
        Transition("report_in", (*OPEN, S.RESOLVED), None, (Party.DEPARTMENT,)),
        Transition("respond", (*OPEN, S.RESOLVED), None, (Party.DEPARTMENT,), needs_note=True),
        # 回访: a call or visit after the work. For a neighbour without an account, the
        # rating they gave closes the request (the follow-on step below).
        Transition("return_visit", (S.RESOLVED, S.CLOSED), None, (*ANSWERING, Party.FILER)),
        Transition(
            "close_by_visit",
            (S.RESOLVED,),
            S.CLOSED,
            (*ANSWERING, Party.FILER),
            follows="return_visit",
        ),
        Transition("auto_close", (S.RESOLVED,), S.CLOSED, (Party.SYSTEM,)),
        # 估价: what repairing a common part will cost, in the handler's estimate (above
        # the compound's threshold the maintenance fund's owners decide: finance offers it).
        Transition(
            "estimate", (S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS), None, (Party.HANDLER, *ANSWERING)
        ),
    ]
}

ACTION_LABELS = {
    "file": gettext_lazy("Filed"),
    "accept": gettext_lazy("Accept"),
    "assign": gettext_lazy("Dispatch"),
    "claim": gettext_lazy("I'll take it"),
    "start": gettext_lazy("Start work"),
    "arrive": gettext_lazy("On site"),
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
    "close_by_visit": gettext_lazy("Closed with the rating given on the return visit"),
    "estimate": gettext_lazy("Estimate the cost"),
}

# The next move of the workflow, the page's one primary button: the first of these the
# user may make now; the others are offered beside it as secondary.
NEXT_MOVES = (
    "confirm",
    "claim",
    "accept",
    "start",
    "arrive",
    "resolve",
    "assign",
    "report_in",
    "respond",
    "return_visit",
)
# How a help order ended, in words that fit help rather than repair (the same codes).
HELP_OUTCOMES = [
    (Request.Outcome.FIXED, gettext_lazy("done")),
    (Request.Outcome.PARTLY_FIXED, gettext_lazy("partly done")),
    (Request.Outcome.NOT_FIXED, gettext_lazy("could not be done")),
]


def primary_action(actions) -> str:
    """The next move among the offered `actions` ("" when none is a step forward)."""
    return next((a for a in NEXT_MOVES if a in actions), "")


def outcome_choices(request: Request) -> list:
    return HELP_OUTCOMES if request.kind in HELP_KINDS else Request.Outcome.choices


ESCALATION_LADDER = escalation.LADDER
HAND_OVER_KINDS = (H.PROPERTY, H.SELF_MANAGEMENT, H.HOUSING_OFFICER, H.UTILITY, H.COMMITTEE)


def require_move(user, request: Request, action: str) -> None:
    """403 unless the user is one of the parties who make `action` on this request —
    whatever its state: whether the move can be made now is answered after, as a message."""
    transition = TRANSITIONS[action]
    if not parties_of(user, request) & set(transition.who):
        raise PermissionDenied(_("This step is not yours to take on this request."))


def allowed_actions(user, request: Request, parties: set[Party] | None = None) -> list[str]:
    """The moves the user may make now, in the table's order (the page's buttons)."""
    parties = parties_of(user, request) if parties is None else parties
    return [
        t.action
        for t in TRANSITIONS.values()
        if t.offered
        and request.state in t.sources
        and parties & set(t.who)
        and _extra_ok(t, request, user)
    ]


def _latest_visit(request: Request) -> ReturnVisit | None:
    return request.return_visits.order_by("-created_at", "-pk").first()


def _extra_ok(transition: Transition, request: Request, actor=None) -> bool:
    action = transition.action
    if action == "reopen":
        window = timedelta(days=settings.REQUESTS_REOPEN_DAYS)
        return request.resolved_at is not None and timezone.now() - request.resolved_at <= window
    if action == "appeal":
        return not request.appealed
    if action == "arrive":
        return request.on_site_due is not None and request.on_site_at is None
    if action == "whistle":
        return request.handler_kind == H.STREET_OFFICE
    if action == "report_in":
        return mine(request, actor).filter(acknowledged_at__isnull=True).exists()
    if action == "respond":
        return mine(request, actor).filter(responded_at__isnull=True).exists()
    if action == "estimate":  # a repair of a common part (a home's own is the owner's)
        return request.kind == Request.Kind.REPAIR and request.unit_id is None
    if action == "close_by_visit":  # never overrides a resident's own rating
        visit = _latest_visit(request)
        return request.reporter_id is None and visit is not None and visit.rating is not None
    return True


def _limits(request: Request) -> tuple[int, int]:
    return deadlines_minutes(request.compound, request.urgency)


def _fresh_deadlines(request: Request, now) -> None:
    """The (new) team's own time limits from now, on the first rung afresh."""
    accept, resolve = _limits(request)
    request.accept_due = due_after(now, accept, urgency=request.urgency)
    request.resolve_due = due_after(now, resolve, urgency=request.urgency)
    request.escalation_due = None
    if request.on_site_at is None:  # nobody went yet: the new team has the on-site time
        request.on_site_due = on_site_due(request.urgency, now)


def _apply(transition: Transition, request: Request, actor, data: dict, now) -> None:
    """The fields each action changes besides the state."""
    handler = APPLY.get(transition.action)
    if handler is not None:
        handler(request, actor, data, now)


def _assign(request, actor, data, now) -> None:
    assignee = data.get("assignee")
    if assignee is None or assignee.pk not in team_ids(request):
        raise ValidationError(_("Choose who will handle it."), code="assignee")
    request.handler = assignee
    request.accepted_at = request.accepted_at or now


def _claim(request, actor, data, now) -> None:
    request.handler = actor
    request.accepted_at = request.accepted_at or now


def _resolve(request, actor, data, now) -> None:
    outcome = data.get("outcome") or Request.Outcome.FIXED
    if outcome not in Request.Outcome.values:
        raise ValidationError(_("Say how it ended."), code="outcome")
    request.outcome = outcome
    request.resolved_at = now


def _confirm(request, actor, data, now) -> None:
    rating = data.get("rating")
    if rating not in (1, 2, 3, 4, 5):
        raise ValidationError(_("Give one to five stars."), code="rating")
    request.closed_at = now
    request.rating = rating
    request.rating_comment = (data.get("comment") or "")[:500]


def _reopen(request, actor, data, now) -> None:
    request.resolved_at = None
    request.outcome = ""
    request.resolve_due = due_after(now, _limits(request)[1], urgency=request.urgency)
    request.escalation_due = None


def _appeal(request, actor, data, now) -> None:
    """The owners' committee takes it up afresh, with fresh time limits, on the first rung
    of the ladder."""
    request.appealed = True
    request.handler_kind = H.COMMITTEE
    request.handler = None
    request.escalation_level = ESCALATION_LADDER.index(H.COMMITTEE) + 1
    _fresh_deadlines(request, now)


def _hand_over(request, actor, data, now) -> None:
    kind = data.get("handler_kind")
    if kind not in HAND_OVER_KINDS or kind == request.handler_kind:
        raise ValidationError(_("Choose another handler."), code="handler_kind")
    if kind == H.HOUSING_OFFICER and not request.building_id:
        raise ValidationError(_("Only a building has a housing officer."), code="handler_kind")
    request.handler_kind = kind
    request.handler = None
    request.accepted_at = None
    _fresh_deadlines(request, now)


def _escalate(request, actor, data, now) -> None:
    escalation.climb(request, now, data.get("from_level"))


def _arrive(request, actor, data, now) -> None:
    if request.on_site_due is not None and request.on_site_at is None:
        request.on_site_at = now


def _return_visit(request, actor, data, now) -> None:
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


def _close_by_visit(request, actor, data, now) -> None:
    visit = _latest_visit(request)
    request.closed_at = now
    request.rating = visit.rating
    request.rating_comment = visit.note


def _estimate(request, actor, data, now) -> None:
    amount = data.get("estimate")
    if amount is None or amount <= 0:
        raise ValidationError(_("Enter the estimated cost in yuan."), code="estimate")
    request.estimated_cost = amount


def _auto_close(request, actor, data, now) -> None:
    request.closed_at = now


APPLY = {
    "accept": lambda request, actor, data, now: setattr(request, "accepted_at", now),
    "assign": _assign,
    "transfer": _assign,
    "claim": _claim,
    "start": _arrive,
    "arrive": _arrive,
    "resolve": _resolve,
    "confirm": _confirm,
    "auto_close": _auto_close,
    "reopen": _reopen,
    "reject": lambda request, actor, data, now: setattr(
        request, "reject_reason", data["note"][:300]
    ),
    "appeal": _appeal,
    "hand_over": _hand_over,
    "escalate": _escalate,
    "whistle": whistles.summon,
    "report_in": whistles.report_in,
    "respond": whistles.respond,
    "return_visit": _return_visit,
    "close_by_visit": _close_by_visit,
    "estimate": _estimate,
}


def _step(request: Request, transition: Transition, actor, note: str, data: dict, now):
    """Check and make one transition of the locked request; write its event and tell. Who
    may comes first (403), then whether it can be done now and with what (a message)."""
    if actor is None:
        if Party.SYSTEM not in transition.who:
            raise PermissionDenied
    else:
        require_move(actor, request, transition.action)
    if request.state not in transition.sources or not _extra_ok(transition, request, actor):
        raise ValidationError(
            _("This cannot be done now: the request is %(state)s.")
            % {"state": request.get_state_display()},
            code="state",
        )
    if transition.needs_note and not note:
        raise ValidationError(_("Please give a reason."), code="note")
    previous = request.state
    _apply(transition, request, actor, {**data, "note": note}, now)
    if transition.target:
        request.state = transition.target
    request.save()
    event = RequestEvent.objects.create(
        request=request,
        actor=actor,
        action=transition.action,
        from_state=previous,
        to_state=request.state,
        note=note,
    )
    telling.tell(request, event)
    return event


def perform(
    request_id: int, action: str, *, actor=None, note: str = "", photos=(), **data
) -> RequestEvent:
    """Make `action` happen to the request, if the actor may. Locks the request row, so of
    two people acting at once (two volunteers claiming) exactly one wins; the other gets a
    ValidationError saying what happened. Writes the event and the notifications in the
    same transaction. `photos` are uploads (the work done, say); they are re-encoded before
    anything is written and attached to the event. A follow-on step of the table (closing
    by a return visit) is made in the same transaction when it applies."""
    transition = TRANSITIONS.get(action)
    if transition is None or transition.follows:
        raise ValueError(f"unknown action {action}")
    note = (note or "").strip()
    if len(photos) > settings.REQUESTS_MAX_PHOTOS:
        raise ValidationError(
            _("At most %(n)s photos.") % {"n": settings.REQUESTS_MAX_PHOTOS}, code="photos"
        )
    cleaned = [reencode_image(photo) for photo in photos]
    with transaction.atomic():
        request = (
            Request.objects.select_for_update(of=("self",))
            .select_related("compound__community", "building", "category")
            .get(pk=request_id)
        )
        now, before = timezone.now(), request.state
        event = _step(request, transition, actor, note, data, now)
        photos_save(request, event, cleaned)
        for follow_on in TRANSITIONS.values():
            if (
                follow_on.follows == action
                and request.state in follow_on.sources
                and _extra_ok(follow_on, request, actor)
            ):
                _step(request, follow_on, actor, "", data, now)
        if request.state == S.CLOSED and before != S.CLOSED:
            satisfaction_closed(request)  # the 已解决 board's figures, in this transaction
    return event

"""Who hears of a move of the workflow, and what: one notification per person per move.

Those with a part to play hear what is asked of them (dispatched to you, escalated to you,
summoned); the reporter, the neighbour who filed it and the followers hear what happened —
the new state, or, when the state stays, the step itself (passed up to the community: not
accepted in time). Nobody hears of their own move, and nobody hears of one move twice: the
notifications carry the event's key, so a move told again (a retried task) is told once.
"""

from __future__ import annotations

from django.urls import reverse

from portal.notifications.services import notify
from requests import escalation
from requests.models import Follower, Request, RequestEvent
from requests.permissions import team_ids
from requests.queries import department_staff_ids

# What watchers are told of a move that leaves the state as it was
# (portal/notifications/events.py "request.progress" names the steps).
PROGRESS = ("whistle", "report_in", "respond", "arrive", "hand_over", "transfer")


def _reason(request: Request, event: RequestEvent) -> str:
    if event.action == "appeal":
        return "appeal"
    return escalation.reason(request, event.created_at)


def _roles(request: Request, event: RequestEvent) -> tuple[str, set]:
    """The event type for the people with a part in the move, and who they are."""
    action = event.action
    if action in ("assign", "transfer"):
        return "request.assigned", {request.handler_id}
    if action == "reopen":  # back to whoever did the work, and their team
        return "request.new", team_ids(request) | {request.handler_id}
    if action == "hand_over":
        return "request.new", team_ids(request)
    if action in ("escalate", "appeal"):
        return "request.escalated", team_ids(request)
    if action == "whistle":
        department = request.whistles.order_by("-pk")[0].department_id
        return "request.summoned", department_staff_ids(department)
    if action in ("report_in", "respond"):
        return "request.answered", team_ids(request)
    return "", set()


def _watchers(request: Request, event: RequestEvent) -> tuple[str, set]:
    """What the reporter, the filer and the followers are told, and who they are."""
    if event.from_state != event.to_state:
        kind = "request.changed"
    elif event.action == "escalate":
        kind = "request.passed_up"
    elif event.action in PROGRESS:
        kind = "request.progress"
    else:
        return "", set()
    people = {
        request.reporter_id,
        request.filed_by_id,  # who filed for a neighbour passes the news on
        *Follower.objects.filter(request=request).values_list("user_id", flat=True),
    }
    return kind, people


def tell(request: Request, event: RequestEvent) -> None:
    """Notify everyone concerned by `event` once, in the caller's transaction."""
    params = {
        "id": request.pk,
        # lazy labels, shown in the reader's language (events.py `labels`)
        "category": request.category.display_name,
        "state": Request.State(request.state).label,
        "what": event.action,  # picks the wording of what happened
        "who": str(event.actor or ""),
        "handler": str(request.handler or ""),
        "note": event.note,
    }
    if event.action in ("escalate", "appeal"):
        params |= {"reason": _reason(request, event), "rung": request.handler_kind}
    told: set = {event.actor_id, None}
    # The reporter of a resolved request is asked plainly to confirm and rate it.
    resolved = event.to_state == Request.State.RESOLVED != event.from_state
    confirm = ("request.resolved", {request.reporter_id}) if resolved else ("", set())
    for kind, people in (_roles(request, event), confirm, _watchers(request, event)):
        people = people - told
        if kind and people:
            notify(
                recipients=people,
                event=kind,
                params=params,
                url=reverse("requests:detail", args=[request.pk]),
                key=f"request.event.{event.pk}",
            )
        told |= people

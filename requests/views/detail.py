"""A request's page and what can be done from it: the workflow's moves, following it, a
volunteer's hours, its photos."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from compounds.models import Department
from portal.files import serve_file
from portal.http import reported
from requests import services, workflow
from requests.capabilities import RequestCapabilities, request_capabilities
from requests.extras import sections_of
from requests.forms import ActionForm
from requests.models import Request
from requests.permissions import access_photo, access_request, team_ids


def _page(item: Request, can: RequestCapabilities) -> dict:
    """What the page shows besides the request: its timeline and photos, and the choices
    the offered moves need (who to dispatch to, which departments to summon)."""
    offered = set(can.actions)
    return {
        "item": item,
        "can": can,
        "primary": (can.primary, workflow.ACTION_LABELS[can.primary]) if can.primary else None,
        "secondary": [(a, workflow.ACTION_LABELS[a]) for a in can.secondary],
        "labels": workflow.ACTION_LABELS,
        "people": get_user_model().objects.filter(pk__in=team_ids(item)).order_by("pk")
        if offered & {"assign", "transfer"}
        else [],
        "departments": Department.objects.filter(
            street_office_id=item.compound.community.street_office_id, active=True
        ).exclude(whistles__request=item)
        if "whistle" in offered
        else [],
        "events": item.events.select_related("actor").prefetch_related("photos"),
        "photos": item.photos.filter(event__action="file"),
        "outcomes": workflow.outcome_choices(item),
        "outcome": dict(workflow.outcome_choices(item)).get(item.outcome, ""),
        "hand_over_kinds": [
            (k, Request.Handler(k).label)
            for k in workflow.HAND_OVER_KINDS
            if k != Request.Handler.HOUSING_OFFICER or item.building_id
        ],
        "whistles": item.whistles.select_related("department", "acknowledged_by"),
        "visits": item.return_visits.select_related("visitor") if can.see_visits else [],
    }


@require_GET
@login_required
def detail(request: HttpRequest, request_id: int) -> HttpResponse:
    item = access_request(request.user, request_id)
    can = request_capabilities(request.user, item)
    extras = {"extras": sections_of(request.user, item)}
    return render(request, "requests/detail.html", _page(item, can) | extras)


@require_POST
@login_required
def act(request: HttpRequest, request_id: int) -> HttpResponse:
    """One move of the workflow. A move the user may not make is refused with 403 before
    anything else is looked at; a move that cannot be made now, or bad input, comes back
    as a message."""
    item = access_request(request.user, request_id)
    action = request.POST.get("action", "")
    if action in workflow.TRANSITIONS and workflow.TRANSITIONS[action].offered:
        workflow.require_move(request.user, item, action)
    form = ActionForm(request.POST, item=item)
    if not form.is_valid():
        error = form.errors.get("action") or [_("Please check what you entered.")]
        messages.error(request, " ".join(error))
        return redirect("requests:detail", item.pk)
    action, data = form.move()
    with reported(request, _("Done.")):
        photos = request.FILES.getlist("photos")
        workflow.perform(item.pk, action, actor=request.user, photos=photos, **data)
    return redirect("requests:detail", item.pk)


@require_POST
@login_required
def follow(request: HttpRequest, request_id: int) -> HttpResponse:
    """我也遇到了: a neighbour follows an open common-area request."""
    item = access_request(request.user, request_id)
    if not request_capabilities(request.user, item).follow:
        raise PermissionDenied(_("Only neighbours may follow an open common-area request."))
    with reported(request, _("You will be told of every change.")):
        services.request_follow(request=item, user=request.user)
    return redirect("requests:detail", item.pk)


@require_POST
@login_required
def record_hours(request: HttpRequest, request_id: int) -> HttpResponse:
    item = access_request(request.user, request_id)
    if not request_capabilities(request.user, item).record_hours:
        raise PermissionDenied(_("The volunteer who took a help order records its hours."))
    with reported(request, _("Thank you. Your hours are recorded.")):
        services.service_hours_record(
            request=item, volunteer=request.user, hours=request.POST.get("hours", "")
        )
    return redirect("requests:detail", item.pk)


@require_GET
@login_required
def photo(request: HttpRequest, photo_id: int, size: str) -> HttpResponse:
    """A request's photo (or its thumbnail), for those who may see the request."""
    if size not in ("full", "thumb"):
        raise Http404
    item = access_photo(request.user, photo_id)
    return serve_file(item.thumbnail if size == "thumb" and item.thumbnail else item.image)

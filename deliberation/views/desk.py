"""The committee desk: one page per compound with what waits for whom."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from compounds.permissions import can
from deliberation.desk import desk_of
from deliberation.permissions import access_desk


@require_GET
@login_required
def desk(request: HttpRequest, compound_id: int) -> HttpResponse:
    """业委会、党支部、监委会 at work: proposals by stage with the next move and whose it is,
    votes open against the 2/3 line, suggestions due, minutes unpublished, holds."""
    compound = access_desk(request.user, compound_id)
    now = timezone.now()
    sees_private = can(request.user, "proposal.lead", compound) or can(
        request.user, "community.view", compound.community
    )
    return render(
        request,
        "deliberation/desk.html",
        {
            "compound": compound,
            "desk": desk_of(compound, now),
            "sees_private": sees_private,
            "now": now,
        },
    )

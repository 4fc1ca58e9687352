"""Lists for residents and the public: my requests, the 已解决 board, volunteers' hours."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_GET

from compounds.permissions import access_public_compound
from portal.paging import Counted
from requests import hours, queries
from requests.forms import HoursFilterForm
from requests.models import Request
from requests.permissions import access_hours

# Labels looked up in a dict: get_outcome_display rebuilt the choices on every call.
OUTCOMES = dict(Request.Outcome.choices)


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.mine(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "requests/mine.html", {"page": page})


@require_GET
def resolved(request: HttpRequest, compound_id: int) -> HttpResponse:
    """已解决: a public board of what was fixed and how fast, with no personal data."""
    compound = access_public_compound(request.user, compound_id)
    satisfaction = queries.board_satisfaction(compound)
    rows = Counted(queries.resolved_board(compound), 30, satisfaction["resolved"])
    page = rows.get_page(request.GET.get("page"))
    return render(
        request,
        "requests/resolved.html",
        {
            "compound": compound,
            "page": page,
            "satisfaction": satisfaction,
            # Translated once here, not once a card.
            "outcome_labels": {k: capfirst(str(v)) for k, v in OUTCOMES.items()},
        },
    )


@require_GET
@login_required
def hours_ranking(request: HttpRequest, community_id: int) -> HttpResponse:
    """Volunteers' service hours in a community: for the community's own people only."""
    community = access_hours(request.user, community_id)
    year, month = HoursFilterForm(request.GET).period(timezone.localdate().year)
    rows = hours.hours_ranking(community.pk, year, month)
    context = {"community": community, "year": year, "month": month, "rows": rows}
    return render(request, "requests/hours.html", context)

"""The compound's community page (社区生活): a section per area (community/hub.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from community.hub import sections_for
from compounds.permissions import access_compound


@require_GET
@login_required
def hub(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    sections = sections_for(request.user, compound)
    return render(request, "community/hub.html", {"compound": compound, "sections": sections})

"""The public boards of a compound: a building's 两长四员 (on screen and as an A4 poster
with a QR code for repairs) and its committees with their history."""

import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from compounds import queries, services
from compounds.marks import marks_of
from compounds.models import Building
from compounds.permissions import access_public_building, access_public_compound, can


def _board_context(request: HttpRequest, building: Building) -> dict:
    repair_path = settings.PORTAL_REPAIR_FORM_PATH.format(building_id=building.pk)
    return {
        "building": building,
        "compound": building.compound,
        "rows": queries.building_board(building),
        "may_see_phones": can(request.user, "phone.view", building),
        "repair_url": request.build_absolute_uri(repair_path),
    }


@require_GET
def building_board(request: HttpRequest, building_id: int) -> HttpResponse:
    building = access_public_building(request.user, building_id)
    return render(request, "compounds/building_board.html", _board_context(request, building))


@require_GET
def building_poster(request: HttpRequest, building_id: int) -> HttpResponse:
    """The board on one A4 page for the stairwell, with a QR code to report a repair."""
    building = access_public_building(request.user, building_id)
    context = _board_context(request, building)
    context["qr_svg"] = segno.make(context["repair_url"], error="m").svg_inline(
        scale=6, border=2, title=_("QR code: report a repair in this building")
    )
    return render(request, "compounds/building_poster.html", context)


@require_GET
def compound_bodies(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_public_compound(request.user, compound_id)
    bodies = queries.compound_bodies(compound)
    return render(
        request,
        "compounds/bodies.html",
        {
            "compound": compound,
            "bodies": bodies,
            "today": timezone.localdate(),
            "problems": {b.pk: services.body_problems(b) for b in bodies if b.is_current()},
            "marks": marks_of(compound, bodies),
        },
    )

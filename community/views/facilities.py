"""The facilities register's pages: a compound's list, adding a facility, a facility's page
(its condition history and every request about it), recording its condition, its QR
sticker and a printable sheet of stickers, the photo of a check."""

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.forms.facilities import ConditionForm, FacilityForm
from community.models import Facility
from community.permissions.facilities import (
    access_check_photo,
    access_facilities_of,
    access_facility,
    may_keep,
    require_keeper,
)
from community.queries import facilities as queries
from community.queries.facilities import Filters, condition_choices
from community.queries.places import plan_of
from community.services import facilities as services
from portal.files import serve_file
from portal.http import reported
from portal.security import camera_allowed


def sticker_url(request: HttpRequest, facility: Facility) -> str:
    """What a facility's QR sticker opens: the filing form with the facility filled in."""
    return request.build_absolute_uri(reverse("requests:new") + f"?about=facility:{facility.pk}")


def _qr(request: HttpRequest, facility: Facility, scale: int = 5) -> str:
    return segno.make(sticker_url(request, facility), error="m").svg_inline(
        scale=scale, border=2, title=_("QR code: report a problem with %(f)s") % {"f": facility}
    )


@require_GET
@login_required
def facility_list(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_facilities_of(request.user, compound_id)
    filters = Filters.of(request.GET)
    context = {
        "compound": compound,
        "filters": filters,
        "page": queries.facility_page(compound, filters, request.GET.get("page")),
        "kinds": Facility.Kind.choices,
        "conditions": condition_choices(filters.kind),
        "keeper": may_keep(request.user, compound),
    }
    return render(request, "community/facilities/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def facility_new(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_facilities_of(request.user, compound_id)
    require_keeper(request.user, compound)
    form = FacilityForm(request.POST or None, compound=compound)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("The facility is in the register."), form) as outcome:
            outcome.result = services.facility_add(
                by=request.user, compound=compound, **form.cleaned_data
            )
        if outcome.ok:
            return redirect("community:facility", outcome.result.pk)
    context = {"compound": compound, "form": form, "plan": plan_of(compound)}
    return render(request, "community/facilities/new.html", context)


@require_GET
@login_required
def facility(request: HttpRequest, facility_id: int) -> HttpResponse:
    """Its page: a page of its checks (?page=) and of its requests (?requests=); a retired
    one's says so, off the plan, and offers its keepers to restore it."""
    item = access_facility(request.user, facility_id)
    keeper = may_keep(request.user, item.compound)
    in_use = not item.is_retired
    context = {
        "item": item,
        "compound": item.compound,
        "history": queries.history_of(item, request.GET.get("page")),
        "requests": queries.requests_of(item, request.GET.get("requests")),
        "plan": plan_of(item.compound) if item.on_plan and in_use else None,
        "marks": [item],
        "keeper": keeper,
        "form": ConditionForm(kind=item.kind) if keeper and in_use else None,
        "qr": _qr(request, item, scale=4),
        "report_url": reverse("requests:new") + f"?about=facility:{item.pk}",
    }
    return render(request, "community/facilities/detail.html", context)


@camera_allowed
@require_POST
@login_required
def facility_record(request: HttpRequest, facility_id: int) -> HttpResponse:
    item = access_facility(request.user, facility_id)
    require_keeper(request.user, item.compound)
    form = ConditionForm(request.POST, request.FILES, kind=item.kind)
    if form.is_valid():
        with reported(request, _("The condition is recorded.")):
            services.facility_record(by=request.user, facility_id=item.pk, **form.cleaned_data)
        return redirect("community:facility", item.pk)
    context = {"item": item, "compound": item.compound, "form": form}
    return render(request, "community/facilities/record.html", context, status=400)


@require_GET
@login_required
def facility_stickers(request: HttpRequest, compound_id: int) -> HttpResponse:
    """A printable sheet of QR stickers (A4, twelve to a page), for one kind or all."""
    compound = access_facilities_of(request.user, compound_id)
    require_keeper(request.user, compound)
    filters = Filters.of(request.GET)
    page = queries.facility_page(compound, filters, request.GET.get("page"))
    stickers = [(f, _qr(request, f, scale=3)) for f in page.object_list]
    context = {"compound": compound, "page": page, "stickers": stickers, "filters": filters}
    return render(request, "community/facilities/stickers.html", context)


@require_GET
@login_required
def check_photo(request: HttpRequest, check_id: int) -> HttpResponse:
    return serve_file(access_check_photo(request.user, check_id).photo)

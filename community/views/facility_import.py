"""Importing the facilities register from a spreadsheet, for its keepers: the empty
template, the upload with its preview (nothing kept), and the confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.forms.facility_import import FacilityImportConfirmForm, FacilityImportForm
from community.models import Condition, Facility
from community.permissions.facilities import access_facilities_of, require_keeper
from community.services import facility_import as services
from community.services.facility_rows import template_csv
from portal.http import reported


def _keeper_of(request: HttpRequest, compound_id: int):
    compound = access_facilities_of(request.user, compound_id)
    require_keeper(request.user, compound)
    return compound


@require_GET
@login_required
def import_template(request: HttpRequest, compound_id: int) -> HttpResponse:
    _keeper_of(request, compound_id)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="facilities-template.csv"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def facility_import(request: HttpRequest, compound_id: int) -> HttpResponse:
    """Upload the register: the preview shows every row's result; nothing is kept."""
    compound = _keeper_of(request, compound_id)
    form = FacilityImportForm(request.POST or None, request.FILES or None)
    context = {
        "compound": compound,
        "form": form,
        "kinds": Facility.Kind.choices,
        "conditions": Condition.choices,
    }
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            outcome.result = services.facility_import_preview(
                by=request.user, compound=compound, table=form.table
            )
        if outcome.ok:
            context["preview"] = outcome.result
            context["filename"] = form.cleaned_data["file"].name
            context["confirm"] = FacilityImportConfirmForm(initial={"token": outcome.result.token})
    return render(request, "community/facilities/import.html", context)


@require_POST
@login_required
def facility_import_confirm(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = _keeper_of(request, compound_id)
    form = FacilityImportConfirmForm(request.POST)
    token = form.cleaned_data["token"] if form.is_valid() else ""
    with reported(request) as outcome:
        outcome.result = services.facility_import_confirm(
            by=request.user, compound=compound, token=token
        )
    if not outcome.ok:
        return redirect("community:facility_import", compound.pk)
    n = outcome.result
    text = ngettext(
        "%(n)s facility is added to the register.", "%(n)s facilities are added to the register.", n
    )
    messages.success(request, text % {"n": n})
    return redirect("community:facilities", compound.pk)

"""A service station's own pages, for those who arrange its roster: setting one up, changing
its name, place or phone, and closing it (a reason, then a step that says what closing
does and asks to confirm)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from community.forms.roster import CloseStationForm, StationForm
from community.permissions.roster import access_roster, access_station, require_arrange_in
from community.queries import roster as queries
from community.services import stations as services
from portal.forms import id_from
from portal.http import reported

FORM_PAGE = "community/roster/station_form.html"


def _back(request: HttpRequest, station) -> str:
    """Where the station's pages lead back to: its compound's roster, or the roster of the
    compound the arranger came from (a community's station serves several)."""
    compound_id = station.compound_id or id_from(request.GET, "compound")
    return queries.roster_path(compound_id) if compound_id else ""


@require_http_methods(["GET", "POST"])
@login_required
def new_station(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_roster(request.user, compound_id)
    staff = require_arrange_in(request.user, compound)
    form = StationForm(request.POST or None, community_staff=staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wide = data.pop("community_wide", False)
        place = {"community": compound.community} if wide else {"compound": compound}
        with reported(request, _("The station is set up: now arrange its shifts."), form) as out:
            out.result = services.station_open(by=request.user, **place, **data)
        if out.ok:
            return redirect("community:roster", compound.pk)
    context = {"form": form, "back": queries.roster_path(compound.pk)}
    return render(request, FORM_PAGE, context)


@require_http_methods(["GET", "POST"])
@login_required
def station_edit(request: HttpRequest, station_id: int) -> HttpResponse:
    station = access_station(request.user, station_id, arrange=True)
    initial = {"name": station.name, "place": station.place, "phone": station.phone}
    form = StationForm(request.POST or None, initial=initial)
    back = _back(request, station)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("The station's details are saved."), form) as out:
            services.station_edit(station_id=station.pk, by=request.user, **form.cleaned_data)
        if out.ok:
            return redirect(back or request.get_full_path())
    context = {"form": form, "station": station, "back": back}
    return render(request, FORM_PAGE, context)


@require_http_methods(["GET", "POST"])
@login_required
def station_close(request: HttpRequest, station_id: int) -> HttpResponse:
    """GET: what closing does. POST with a reason: the step that asks to confirm; POST
    confirmed: closed. A closed station's page says so (a second closing: a message)."""
    station = access_station(request.user, station_id, arrange=True)
    form = CloseStationForm(request.POST or None)
    back, confirming = _back(request, station), False
    if request.method == "POST" and form.is_valid():
        confirming = not (form.cleaned_data["confirmed"] or station.closed_at)
        if not confirming:
            reason = form.cleaned_data["reason"]
            with reported(request, _("The station is closed; its people are told."), form) as out:
                services.station_close(station_id=station.pk, by=request.user, reason=reason)
            if out.ok:
                return redirect(back or request.get_full_path())
    context = queries.closing(request.user, station) | {
        "form": form,
        "confirming": confirming,
        "back": back,
    }
    return render(request, "community/roster/station_close.html", context)

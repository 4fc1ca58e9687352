"""The duty roster's pages: a compound's week, a shift set up by the arrangers, a shift's
page with its swaps (to one person, or open to anyone who may be on duty there) and
history, and the person on duty's page. A station's own pages are views/stations.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.forms.roster import (
    AnswerForm,
    CancelForm,
    OfferForm,
    OpenOfferForm,
    PhoneForm,
    ReassignForm,
    ShiftForm,
    WeekForm,
)
from community.permissions.roster import (
    access_roster,
    access_shift,
    access_station,
    arranges_in,
    require_arrange,
    require_may_be_on_duty,
    require_offered,
    require_on_duty,
)
from community.queries import roster as queries
from community.services import roster as services
from portal.forms import id_from
from portal.http import reported

SHIFT_PAGE = "community/roster/shift.html"


@require_GET
@login_required
def roster(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_roster(request.user, compound_id)
    form = WeekForm(request.GET)
    day = (form.cleaned_data.get("week") if form.is_valid() else None) or timezone.localdate()
    monday = queries.week_start(day)
    context = queries.roster_week(request.user, compound, monday)
    context |= {
        "compound": compound,
        "monday": monday,
        "previous": monday - queries.WEEK,
        "next": monday + queries.WEEK,
        "may_open_station": arranges_in(request.user, compound),
    }
    return render(request, "community/roster/week.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def new_shift(request: HttpRequest, station_id: int) -> HttpResponse:
    station = access_station(request.user, station_id, arrange=True)
    form = ShiftForm(request.POST or None, station=station)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("The shift is on the roster."), form) as out:
            out.result = services.shift_arrange(
                station=station, by=request.user, **form.cleaned_data
            )
        if out.ok:
            week = timezone.localtime(out.result.start).date().isoformat()
            compound_id = station.compound_id or id_from(request.GET, "compound")
            if compound_id:
                return redirect(f"{queries.roster_path(compound_id)}?week={week}")
            return redirect("community:roster_shift", out.result.pk)
    context = {"station": station, "form": form, "back": id_from(request.GET, "compound")}
    return render(request, "community/roster/shift_form.html", context)


def _shift_page(request: HttpRequest, shift, **forms) -> HttpResponse:
    context = queries.shift_page(request.user, shift)
    context["offer_form"] = forms.get("offer") or OfferForm(shift=shift)
    context["reassign_form"] = forms.get("reassign") or ReassignForm(shift=shift)
    context["open_form"] = forms.get("open") or OpenOfferForm()
    return render(request, SHIFT_PAGE, context, status=200)


@require_GET
@login_required
def shift(request: HttpRequest, shift_id: int) -> HttpResponse:
    return _shift_page(request, access_shift(request.user, shift_id))


@require_POST
@login_required
def shift_offer(request: HttpRequest, shift_id: int) -> HttpResponse:
    item = access_shift(request.user, shift_id)
    require_on_duty(request.user, item)
    form = OfferForm(request.POST, shift=item)
    if form.is_valid():
        with reported(request, _("Asked; the shift stays yours until they accept."), form) as out:
            services.shift_offer(shift_id=item.pk, by=request.user, **form.cleaned_data)
        if out.ok:
            return redirect("community:roster_shift", item.pk)
    return _shift_page(request, item, offer=form)


@require_POST
@login_required
def shift_offer_open(request: HttpRequest, shift_id: int) -> HttpResponse:
    item = access_shift(request.user, shift_id)
    require_on_duty(request.user, item)
    form = OpenOfferForm(request.POST)
    if form.is_valid():
        done = _("Offered to everyone who may be on duty here; it stays yours until one takes it.")
        with reported(request, done, form) as out:
            services.shift_offer_open(shift_id=item.pk, by=request.user, **form.cleaned_data)
        if out.ok:
            return redirect("community:roster_shift", item.pk)
    return _shift_page(request, item, open=form)


@require_POST
@login_required
def shift_take(request: HttpRequest, shift_id: int) -> HttpResponse:
    """Take a shift from its open offer: for those who may be on duty at its station (403
    for others); a shift no longer open, or an overlap, is a message."""
    item = access_shift(request.user, shift_id)
    require_may_be_on_duty(request.user, item.station)
    with reported(request, _("The shift is yours now.")):
        services.shift_take(shift_id=item.pk, by=request.user)
    return redirect("community:roster_shift", item.pk)


@require_POST
@login_required
def shift_withdraw(request: HttpRequest, shift_id: int) -> HttpResponse:
    item = access_shift(request.user, shift_id)
    require_on_duty(request.user, item)
    with reported(request, _("The offer is withdrawn; the shift is yours.")):
        services.shift_withdraw(shift_id=item.pk, by=request.user)
    return redirect("community:roster_shift", item.pk)


@require_POST
@login_required
def shift_answer(request: HttpRequest, shift_id: int) -> HttpResponse:
    item = access_shift(request.user, shift_id)
    require_offered(request.user, item)
    form = AnswerForm(request.POST)
    accept = form.is_valid() and form.cleaned_data["answer"] == "accept"
    done = _("The shift is yours now.") if accept else _("Declined; the shift stays with them.")
    with reported(request, done):
        if not form.is_valid():
            raise ValidationError(form.errors["answer"])
        services.shift_answer(shift_id=item.pk, by=request.user, accept=accept)
    return redirect("community:roster_shift", item.pk)


@require_POST
@login_required
def shift_reassign(request: HttpRequest, shift_id: int) -> HttpResponse:
    item = access_shift(request.user, shift_id)
    require_arrange(request.user, item.station)
    form = ReassignForm(request.POST, shift=item)
    if form.is_valid():
        with reported(request, _("The shift has a new person on duty."), form) as out:
            services.shift_reassign(shift_id=item.pk, by=request.user, **form.cleaned_data)
        if out.ok:
            return redirect("community:roster_shift", item.pk)
    return _shift_page(request, item, reassign=form)


@require_POST
@login_required
def shift_cancel(request: HttpRequest, shift_id: int) -> HttpResponse:
    item = access_shift(request.user, shift_id)
    require_arrange(request.user, item.station)
    form = CancelForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    with reported(request, _("The shift is cancelled.")):
        services.shift_cancel(shift_id=item.pk, by=request.user, note=note)
    return redirect("community:roster_shift", item.pk)


@require_POST
@login_required
def shift_phone(request: HttpRequest, shift_id: int) -> HttpResponse:
    item = access_shift(request.user, shift_id)
    require_on_duty(request.user, item)
    form = PhoneForm(request.POST)
    shown = form.is_valid() and form.cleaned_data["shown"]
    done = _("Residents see your number on this shift.") if shown else _("Your number is hidden.")
    with reported(request, done):
        services.shift_show_phone(shift_id=item.pk, by=request.user, shown=shown)
    return redirect("community:roster_shift", item.pk)


@require_GET
@login_required
def duty(request: HttpRequest) -> HttpResponse:
    chosen = id_from(request.GET, "shift")
    item = queries.current_or_last(request.user) if chosen is None else None
    if chosen is not None:
        item = access_shift(request.user, chosen)
        if item.person_id != request.user.pk:
            raise Http404
    context = queries.duty_page(request.user, item, min(id_from(request.GET, "page") or 1, 500))
    context |= queries.my_shifts(request.user)
    return render(request, "community/roster/duty.html", context)

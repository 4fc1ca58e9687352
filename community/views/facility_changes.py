"""Changing a facility of the register: correcting it, retiring it (拆除/报废) with the
reason, and putting a retired one back in use. For its keepers; the services lock it and
check again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from community.forms.facilities import FacilityEditForm, RetireForm
from community.models import Condition
from community.permissions.facilities import access_facility, require_keeper
from community.queries.places import plan_of
from community.services import facility_changes as services
from portal.http import reported

EDITED = ("kind", "code", "building", "place", "plan_x", "plan_y", "zone", "note")


def _kept(request: HttpRequest, facility_id: int):
    item = access_facility(request.user, facility_id)
    require_keeper(request.user, item.compound)
    return item


@require_http_methods(["GET", "POST"])
@login_required
def facility_edit(request: HttpRequest, facility_id: int) -> HttpResponse:
    item = _kept(request, facility_id)
    initial = {name: getattr(item, name) for name in EDITED}
    form = FacilityEditForm(request.POST or None, compound=item.compound, initial=initial)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("The changes are saved."), form) as outcome:
            outcome.result = services.facility_edit(
                by=request.user, facility_id=item.pk, **form.cleaned_data
            )
        if outcome.ok:
            _tell_reset(request, item.condition, outcome.result)
            return redirect("community:facility", item.pk)
    marks = [item] if item.on_plan else []
    context = {"item": item, "compound": item.compound, "form": form, "marks": marks}
    context["plan"] = plan_of(item.compound)
    return render(request, "community/facilities/edit.html", context)


def _tell_reset(request: HttpRequest, before: str, facility) -> None:
    """A new kind its condition did not apply to: say why it is not checked yet."""
    if facility.condition == Condition.UNKNOWN and before != Condition.UNKNOWN:
        messages.info(
            request,
            _("“%(condition)s” does not apply to a %(kind)s: record its condition again.")
            % {"condition": Condition(before).label, "kind": facility.get_kind_display()},
        )


@require_http_methods(["GET", "POST"])
@login_required
def facility_retire(request: HttpRequest, facility_id: int) -> HttpResponse:
    """The retire step: what retiring does, and the reason."""
    item = _kept(request, facility_id)
    form = RetireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _("It is retired: out of the register and the surveys.")
        with reported(request, done, form) as outcome:
            services.facility_retire(by=request.user, facility_id=item.pk, **form.cleaned_data)
        if outcome.ok:
            return redirect("community:facility", item.pk)
    context = {"item": item, "compound": item.compound, "form": form}
    return render(request, "community/facilities/retire.html", context)


@require_POST
@login_required
def facility_restore(request: HttpRequest, facility_id: int) -> HttpResponse:
    item = _kept(request, facility_id)
    with reported(request, _("It is back in use and in the register.")):
        services.facility_restore(by=request.user, facility_id=item.pk)
    return redirect("community:facility", item.pk)

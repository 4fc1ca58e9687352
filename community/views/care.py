"""Responsibilities' pages (四包 / 党员联系户): who is answerable for what in the compound,
assigning and ending, and the answerable person's own households."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.forms.care import AssignForm
from community.permissions.care import access_responsibility, require_assign
from community.queries import care as queries
from community.services import care as services
from compounds.permissions import access_compound
from portal.http import reported


@require_GET
@login_required
def care_list(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    context = queries.care_list(request.user, compound)
    return render(request, "community/care/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def care_assign(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    require_assign(request.user, compound)
    form = AssignForm(request.POST or None, compound=compound)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with reported(request, _("The responsibility is recorded."), form) as outcome:
            services.responsibility_assign(
                by=request.user,
                building=data["building"],
                person=data["person"],
                matter=data["matter"],
                units=data["units"],
            )
        if outcome.ok:
            return redirect("community:care", compound.pk)
    return render(request, "community/care/assign.html", {"compound": compound, "form": form})


@require_POST
@login_required
def care_end(request: HttpRequest, responsibility_id: int) -> HttpResponse:
    found = access_responsibility(request.user, responsibility_id)
    with reported(request, _("The responsibility has ended.")):
        services.responsibility_end(by=request.user, responsibility=found)
    return redirect("community:care", found.compound_id)


@require_GET
@login_required
def my_care(request: HttpRequest) -> HttpResponse:
    return render(request, "community/care/mine.html", queries.my_care(request.user))

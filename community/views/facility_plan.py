"""The compound's plan (平面图): its page with the facilities marked on it, uploading it,
and its image, served to those who may see the compound."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from community.forms.facilities import PlanForm
from community.permissions.facilities import access_facilities_of, may_plan, require_planner
from community.queries import facilities as queries
from community.queries.places import plan_of
from community.services import facilities as services
from portal.files import serve_file
from portal.http import reported


@require_http_methods(["GET", "POST"])
@login_required
def plan(request: HttpRequest, compound_id: int) -> HttpResponse:
    """The plan with the marked facilities (problems first in the legend); its planners
    upload or replace it here."""
    compound = access_facilities_of(request.user, compound_id)
    planner = may_plan(request.user, compound)
    if request.method == "POST":
        require_planner(request.user, compound)
    form = PlanForm(request.POST or None, request.FILES or None) if planner else None
    if request.method == "POST" and form.is_valid():
        with reported(request, _("The plan is up."), form) as outcome:
            services.plan_upload(by=request.user, compound=compound, **form.cleaned_data)
        if outcome.ok:
            return redirect("community:plan", compound.pk)
    context = {
        "compound": compound,
        "plan": plan_of(compound),
        "marks": queries.marked_on_plan(compound),
        "form": form,
    }
    return render(request, "community/facilities/plan.html", context)


@require_GET
@login_required
def plan_image(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_facilities_of(request.user, compound_id)
    found = plan_of(compound)
    if found is None:
        raise Http404
    return serve_file(found.image)

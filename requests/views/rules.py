"""The compound's routing rules and time limits, edited by its committee."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.http import reported
from requests import services
from requests.deadlines import deadlines_minutes
from requests.forms import CategoryFormSet, ServiceLevelsForm
from requests.models import Category
from requests.permissions import access_rules

URGENCIES = ("emergency", "normal")


def _levels_initial(compound) -> dict:
    """The compound's time limits in hours, as the form shows them."""
    initial = {}
    for urgency in URGENCIES:
        accept, resolve = deadlines_minutes(compound, urgency)
        initial[f"{urgency}_accept"] = round(accept / 60, 1)
        initial[f"{urgency}_resolve"] = round(resolve / 60, 1)
    return initial


@require_http_methods(["GET", "POST"])
@login_required
def rules(request: HttpRequest, compound_id: int) -> HttpResponse:
    """Categories (whose queue each goes to, a utility's hotline) and the service levels.
    Each form posts on its own: `customise`, `categories` or `levels`."""
    compound = access_rules(request.user, compound_id)
    post = request.POST
    own = Category.objects.filter(compound=compound)
    if "customise" in post:
        with reported(request, _("The compound now has its own categories to edit.")):
            services.categories_customise(compound, by=request.user)
        return redirect("requests:rules", compound.pk)
    formset = CategoryFormSet(post if "categories" in post else None, queryset=own)
    levels_form = ServiceLevelsForm(
        post if "levels" in post else None, initial=_levels_initial(compound)
    )
    if "categories" in post and own.exists() and formset.is_valid():
        changed = formset.save(commit=False)
        with reported(request, _("Saved.")) as outcome:
            services.categories_save(
                compound=compound,
                by=request.user,
                changed=changed,
                deleted=formset.deleted_objects,
            )
        if outcome.ok:
            return redirect("requests:rules", compound.pk)
    if "levels" in post and levels_form.is_valid():
        with reported(request, _("Saved."), levels_form) as outcome:
            services.service_levels_set(compound, levels_form.minutes(), by=request.user)
        if outcome.ok:
            return redirect("requests:rules", compound.pk)
    defaults = Category.objects.filter(compound__isnull=True)
    context = {"compound": compound, "own": own.exists(), "defaults": defaults}
    context |= {"formset": formset, "levels_form": levels_form}
    return render(request, "requests/rules.html", context)

"""A compound's page, the header's compound switch, and a resident's homes: joining one,
naming who votes for it (the other owners confirm, or a reviewer verifies), and its proof
photo."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds import queries, services
from compounds.capabilities import compound_capabilities
from compounds.context_processors import SESSION_KEY
from compounds.forms import HomePlaceForm, JoinHomeForm, SwitchCompoundForm
from compounds.permissions import (
    access_compound,
    access_residency_as_owner,
    access_residency_for_review,
    access_residency_proof,
)
from compounds.services import voter_nomination_verify
from portal.http import reported, safe_next


@require_POST
@login_required
def switch_compound(request: HttpRequest) -> HttpResponse:
    form = SwitchCompoundForm(request.POST)
    if not form.is_valid():
        raise Http404
    compound = access_compound(request.user, form.cleaned_data["compound"])
    request.session[SESSION_KEY] = compound.pk
    return redirect(safe_next(request, reverse("site:home")))


@require_GET
@login_required
def compound_detail(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    return render(
        request,
        "compounds/compound_detail.html",
        {
            "compound": compound,
            "buildings": compound.buildings.all(),
            "may": compound_capabilities(request.user, compound),
        },
    )


@require_GET
@login_required
def my_homes(request: HttpRequest) -> HttpResponse:
    context = {
        "residencies": queries.homes_of(request.user),
        "voters": queries.home_voters(request.user),  # co-owned homes: who votes, who agreed
    }
    return render(request, "compounds/my_homes.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def join_home(request: HttpRequest) -> HttpResponse:
    """Choose compound, then building (plain GET steps that work without JavaScript), then
    the unit, the relation and a photo of the proof."""
    places = HomePlaceForm(request.GET)
    compound, building = places.chosen()
    form = JoinHomeForm(request.POST or None, request.FILES or None, building=building)
    if request.method == "POST" and building is not None and form.is_valid():
        with reported(
            request,
            _("Thank you. Your request is waiting for verification; you will be told by SMS."),
            form,
        ) as outcome:
            services.residency_request(user=request.user, **form.cleaned_data)
        if outcome.ok:
            return redirect("compounds:my_homes")
    context = {
        "form": form,
        "compounds": places.fields["compound"].queryset,
        "compound": compound,
        "building": building,
        "buildings": compound.buildings.all() if compound else [],
    }
    return render(request, "compounds/join_home.html", context)


@require_POST
@login_required
def residency_name_voter(request: HttpRequest, residency_id: int) -> HttpResponse:
    """An owner of the home agrees that this co-owner votes for it (naming them, agreeing
    to another owner's naming, or keeping the present voter)."""
    residency = access_residency_as_owner(request.user, residency_id)
    with reported(request) as outcome:
        naming = services.residency_name_voter(by=request.user, residency=residency)
    if outcome.ok:
        messages.success(request, _voter_message(naming, residency))
    return redirect("compounds:my_homes")


def _voter_message(naming, residency) -> str:
    who = {"who": residency.user}
    if naming is None:
        return _("%(who)s still votes for this home.") % who
    if naming.state == naming.State.IN_FORCE:
        return _("%(who)s now votes for this home.") % who
    return (
        _(
            "Noted. %(who)s will vote for this home once every other owner has confirmed; "
            "until then the present voter stands."
        )
        % who
    )


@require_GET
@login_required
def voter_namings(request: HttpRequest) -> HttpResponse:
    """The namings of a voter waiting in the homes the user verifies residencies of."""
    namings = queries.voter_namings_to_verify(request.user)
    return render(request, "compounds/voter_namings.html", {"namings": namings})


@require_POST
@login_required
def voter_naming_verify(request: HttpRequest, residency_id: int) -> HttpResponse:
    """Who verifies residencies puts a naming in force (the owners agreed on paper)."""
    residency = access_residency_for_review(request.user, residency_id)
    done = _("%(who)s now votes for %(unit)s.") % {"who": residency.user, "unit": residency.unit}
    with reported(request, done):
        voter_nomination_verify(by=request.user, residency=residency)
    return redirect("compounds:voter_namings")


@require_GET
@login_required
def residency_evidence(request: HttpRequest, residency_id: int) -> FileResponse:
    """The proof photo, only to its owner and to those who may review it."""
    residency = access_residency_proof(request.user, residency_id)
    response = FileResponse(residency.evidence.open("rb"))
    response["Cache-Control"] = "private, no-store"
    return response

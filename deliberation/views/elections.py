"""换届选举 pages: open nominations, stand or nominate, close nominations into a vote."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds.permissions import access_compound, require
from deliberation import permissions, services
from deliberation.forms import ElectionForm, NominationForm, form_errors
from deliberation.models import Election
from deliberation.permissions import access_election
from portal.http import reported


@require_http_methods(["GET", "POST"])
@login_required
def elections(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    organiser = permissions.deliberation_capabilities(request.user, compound).may_organise
    if request.method == "POST":
        require(request.user, "vote.organise", compound)
    form = ElectionForm(request.POST or None) if organiser else None
    if request.method == "POST" and form.is_valid():
        with reported(request, _("Nominations are open."), form) as outcome:
            election = services.election_open(
                by=request.user, compound=compound, **form.cleaned_data
            )
        if outcome.ok:
            return redirect("deliberation:election", election.pk)
    rows = Election.objects.filter(compound=compound).select_related("vote")
    context = {"compound": compound, "form": form, "rows": rows}
    return render(request, "deliberation/elections.html", context)


@require_GET
@login_required
def election_detail(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access_election(request.user, election_id)
    return render(
        request,
        "deliberation/election.html",
        {
            "e": election,
            "candidates": election.candidates.select_related("user"),
            "can": permissions.election_capabilities(request.user, election),
        },
    )


@require_POST
@login_required
def election_act(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access_election(request.user, election_id)
    op = request.POST.get("op", "")
    if op == "start_vote":
        return _start_vote(request, election)
    if op != "nominate":
        messages.error(request, _("Unknown action."))
        return redirect("deliberation:election", election.pk)
    form = NominationForm(request.POST, election=election)
    with reported(request, _("The candidate is on the list.")):
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        data = form.cleaned_data
        services.candidate_nominate(
            election=election,
            user=data["phone"] or request.user,
            by=request.user,
            profile=data["profile"],
            recommended_by_branch=data["recommended"],
        )
    return redirect("deliberation:election", election.pk)


def _start_vote(request: HttpRequest, election: Election) -> HttpResponse:
    """Close nominations: the draft vote opens for its dates and notice."""
    success = _("The vote is drafted: set its dates and publish the notice.")
    with reported(request, success) as outcome:
        outcome.result = services.election_start_vote(
            election=election, by=request.user, method=request.POST.get("method", "")
        )
    if outcome.ok:
        return redirect("deliberation:vote", outcome.result.pk)
    return redirect("deliberation:election", election.pk)

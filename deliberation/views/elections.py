"""换届选举 pages: open nominations, stand or nominate, close nominations into a vote, and
decide a tie at the last seat (draft the run-off, or record the lots drawn)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds.models import Body
from compounds.permissions import access_compound, require
from compounds.services import committee_sizes
from deliberation import permissions, services
from deliberation.forms import ElectionForm, LotsForm, NominationForm, form_errors
from deliberation.models import Election
from deliberation.permissions import access_election
from deliberation.permissions.elections import check_draw_lots
from deliberation.services.elections import election_draw_lots, election_runoff_start
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
    sizes = committee_sizes(Body.Kind.OWNERS_COMMITTEE, compound)
    context = {"compound": compound, "form": form, "rows": rows, "sizes": sizes}
    return render(request, "deliberation/elections.html", context)


@require_GET
@login_required
def election_detail(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access_election(request.user, election_id)
    ties = election.tie_breaks.select_related("vote", "drawn_by").prefetch_related(
        "candidates__user", "winners__user"
    )
    return render(
        request,
        "deliberation/election.html",
        {
            "e": election,
            "candidates": election.candidates.select_related("user"),
            "ties": ties,
            "can": permissions.election_capabilities(request.user, election),
        },
    )


@require_POST
@login_required
def election_act(request: HttpRequest, election_id: int) -> HttpResponse:
    election = access_election(request.user, election_id)
    act = ACTS.get(request.POST.get("op", ""))
    if act is None:
        messages.error(request, _("Unknown action."))
        return redirect("deliberation:election", election.pk)
    return act(request, election)


def _nominate(request: HttpRequest, election: Election) -> HttpResponse:
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


def _runoff(request: HttpRequest, election: Election) -> HttpResponse:
    """A tie at the last seat: draft the run-off vote among the tied candidates."""
    success = _("The run-off vote is drafted: set its dates and publish the notice.")
    with reported(request, success) as outcome:
        outcome.result = election_runoff_start(
            election=election, by=request.user, method=request.POST.get("method", "")
        )
    if outcome.ok:
        return redirect("deliberation:vote", outcome.result.pk)
    return redirect("deliberation:election", election.pk)


def _lots(request: HttpRequest, election: Election) -> HttpResponse:
    """A tie at the last seat: the supervisory committee records the lots drawn."""
    with reported(request, _("The drawing of lots is recorded.")):
        check_draw_lots(request.user, election)  # a refusal is a 403 before the form
        form = LotsForm(request.POST, election=election)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        election_draw_lots(
            election=election,
            by=request.user,
            winners=list(form.cleaned_data["winners"]),
            record=form.cleaned_data["record"],
        )
    return redirect("deliberation:election", election.pk)


ACTS = {"nominate": _nominate, "start_vote": _start_vote, "runoff": _runoff, "lots": _lots}

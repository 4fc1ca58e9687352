from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds.permissions import access_compound, can
from compounds.standing import standing_of
from deliberation import services
from deliberation.forms import ElectionForm
from deliberation.models import Election
from portal.phones import normalize_phone

__all__ = ["elections", "election_detail", "election_act"]


@require_http_methods(["GET", "POST"])
@login_required
def elections(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    organiser = can(request.user, "vote.organise", compound)
    form = ElectionForm(request.POST or None) if organiser else None
    if request.method == "POST":
        if form is None:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            try:
                election = services.election_open(
                    by=request.user, compound=compound, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Nominations are open."))
                return redirect("deliberation:election", election.pk)
    return render(
        request,
        "deliberation/elections.html",
        {
            "compound": compound,
            "form": form,
            "rows": Election.objects.filter(compound=compound).select_related("vote"),
        },
    )


def _access(user, election_id: int) -> Election:
    election = (
        Election.objects.filter(pk=election_id)
        .select_related("compound__community__street_office", "vote", "body")
        .first()
    )
    if election is None or not can(user, "compound.view", election.compound):
        raise Http404
    return election


@require_GET
@login_required
def election_detail(request: HttpRequest, election_id: int) -> HttpResponse:
    election = _access(request.user, election_id)
    compound = election.compound
    return render(
        request,
        "deliberation/election.html",
        {
            "e": election,
            "candidates": election.candidates.select_related("user"),
            "organiser": can(request.user, "vote.organise", compound),
            "lead": can(request.user, "proposal.lead", compound),
            "owner": compound.pk in standing_of(request.user).owner_compounds,
            "branch_officer": compound.pk in standing_of(request.user).branch_officer_compounds,
            "standing": election.candidates.filter(user=request.user).exists(),
        },
    )


@require_POST
@login_required
def election_act(request: HttpRequest, election_id: int) -> HttpResponse:
    election = _access(request.user, election_id)
    op, post = request.POST.get("op", ""), request.POST
    try:
        if op == "nominate":
            person = request.user
            if post.get("phone"):
                phone = normalize_phone(post["phone"])  # a clear message if it is no mobile
                person = get_user_model().objects.filter(phone=phone).first()
                if person is None:
                    raise ValidationError(_("Nobody with that number uses Gongzhi yet."))
            services.candidate_nominate(
                election=election,
                user=person,
                by=request.user,
                profile=post.get("profile", ""),
                recommended_by_branch=post.get("recommended") == "1",
            )
            messages.success(request, _("The candidate is on the list."))
        elif op == "start_vote":
            if not can(request.user, "vote.organise", election.compound):
                from django.core.exceptions import PermissionDenied

                raise PermissionDenied
            vote = services.election_start_vote(
                election=election, by=request.user, method=post.get("method", "")
            )
            messages.success(
                request, _("The vote is drafted: set its dates and publish the notice.")
            )
            return redirect("deliberation:vote", vote.pk)
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("deliberation:election", election.pk)

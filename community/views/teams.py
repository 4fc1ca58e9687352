"""Volunteer teams' pages: the compound's teams, a new team, a team's page, and the
application, the leader's answer and leaving; handing the team to a new leader, and
disbanding it (a confirm page with the reason)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community import extras
from community.forms.teams import ApplyForm, DecideForm, DisbandForm, HandOverForm, TeamForm
from community.permissions.teams import (
    REFUSE_MANAGE,
    access_team,
    may_create_community_team,
    may_create_team,
    require_create,
)
from community.queries import teams as queries
from community.services import teams as services
from compounds.permissions import access_compound
from portal.http import reported


@require_GET
@login_required
def team_list(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    teams = extras.with_hours(queries.teams_of(compound))
    page = Paginator(teams, 30).get_page(request.GET.get("page"))
    teams = list(page.object_list)
    return render(
        request,
        "community/teams/list.html",
        {
            "compound": compound,
            "page": page,
            "teams": teams,
            "states": queries.my_states(request.user, teams),
            "may_create": may_create_team(request.user, compound),
            "disbanded": queries.disbanded_of(request.user, compound),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def team_new(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    may_community = may_create_community_team(request.user, compound.community)
    if not may_community:
        require_create(request.user, compound)
    form = TeamForm(request.POST or None, may_community=may_community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with reported(request, _("The team is set up."), form) as outcome:
            outcome.result = services.team_create(
                by=request.user,
                compound=compound,
                name=data["name"],
                kind=data["kind"],
                description=data["description"],
                leader=data["leader_phone"] or request.user,
                community_wide=data.get("community_wide", False),
            )
        if outcome.ok:
            return redirect("community:team", outcome.result.pk)
    return render(request, "community/teams/new.html", {"compound": compound, "form": form})


@require_GET
@login_required
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team(request.user, team_id)
    context = queries.team_page(request.user, team)
    context["apply_form"] = ApplyForm()
    return render(request, "community/teams/detail.html", context)


@require_POST
@login_required
def team_apply(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team(request.user, team_id)
    form = ApplyForm(request.POST)
    if form.is_valid():
        with reported(request, _("Your application is with the team's leader.")):
            services.team_apply(team=team, user=request.user, note=form.cleaned_data["note"])
    else:
        messages.error(request, " ".join(form.errors["note"]))
    return redirect("community:team", team.pk)


@require_POST
@login_required
def team_decide(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team(request.user, team_id, manage=True)
    form = DecideForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        with reported(request, _("Accepted.") if accept else _("Declined.")):
            services.team_decide(
                team=team, member_id=form.cleaned_data["member"], by=request.user, accept=accept
            )
    else:
        messages.error(request, _("Accept or decline an application of the list."))
    return redirect("community:team", team.pk)


@require_POST
@login_required
def team_leave(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team(request.user, team_id)
    with reported(request, _("You have left the team.")):
        services.team_leave(team=team, user=request.user)
    return redirect("community:team", team.pk)


def _managed(request: HttpRequest, team_id: int):
    """The team to hand over or disband: 404 outside one's scope, 403 for those who may
    not. Once it is disbanded nothing is left to do: these pages send to its page."""
    return access_team(request.user, team_id, manage=True, refusal=REFUSE_MANAGE)


@require_http_methods(["GET", "POST"])
@login_required
def team_leader(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _managed(request, team_id)
    if team.disbanded_at:
        return redirect("community:team", team.pk)
    form = HandOverForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["member"]
        done = _("%(who)s now leads the team.") % {"who": member.user}
        with reported(request, done, form) as outcome:
            services.team_hand_over(team=team, by=request.user, member_id=member.pk)
        if outcome.ok:
            return redirect("community:team", team.pk)
    leads = team.leader_id == request.user.pk
    context = {"team": team, "form": form, "leads": leads}
    return render(request, "community/teams/leader.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def team_disband(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _managed(request, team_id)
    if team.disbanded_at:  # a second tap: its page says it is disbanded
        return redirect("community:team", team.pk)
    form = DisbandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("The team is disbanded."), form) as outcome:
            services.team_disband(team=team, by=request.user, reason=form.cleaned_data["reason"])
        if outcome.ok:
            return redirect("community:team", team.pk)
    context = {"team": team, "form": form, "summary": queries.disband_summary(team)}
    return render(request, "community/teams/disband.html", context)

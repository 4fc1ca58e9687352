"""双报到: party members of government units report to a community; its staff confirm."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from compounds import queries, services
from compounds.capabilities import deployed_capabilities
from compounds.forms import DeployedForm
from compounds.permissions import access_deployed_member, community_of_any
from portal.http import reported


@require_http_methods(["GET", "POST"])
@login_required
def deployed_members(request: HttpRequest, community_id: int) -> HttpResponse:
    """Anyone signed in may report in (it waits for confirmation); those the page allows
    see who has reported."""
    community = community_of_any(community_id)
    form = DeployedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with reported(
            request, _("You have reported to %(community)s.") % {"community": community.name}, form
        ) as outcome:
            services.deployed_member_register(
                user=request.user, community=community, employer=form.cleaned_data["employer"]
            )
        if outcome.ok:
            return redirect("compounds:deployed_members", community.pk)
    may = deployed_capabilities(request.user, community)
    members = queries.deployed_members(community) if may.see_members else []
    return render(
        request,
        "compounds/deployed_members.html",
        {"community": community, "form": form, "members": members, "may": may},
    )


@require_POST
@login_required
def deployed_member_confirm(request: HttpRequest, community_id: int, role_id: int) -> HttpResponse:
    role = access_deployed_member(request.user, community_id, role_id)
    with reported(request):
        services.deployed_member_confirm(role=role, by=request.user)
    return redirect("compounds:deployed_members", role.community_id)

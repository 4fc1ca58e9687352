"""Service zones' pages: the compound's zones on its plan, a new zone, a zone's page with
its clean-ups, claiming and releasing, scheduling and recording a clean-up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.forms.zones import ClaimForm, RecordForm, ScheduleForm, ZoneForm
from community.models import CleanupPhoto
from community.permissions.zones import (
    access_cleanup,
    access_zone,
    access_zone_to_keep,
    claimable_teams,
    require_draw,
    require_record,
)
from community.queries import zones as queries
from community.services import zones as services
from compounds.permissions import access_compound
from portal.files import serve_file
from portal.http import reported


@require_GET
@login_required
def zone_list(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    return render(request, "community/zones/list.html", queries.zone_list(request.user, compound))


@require_http_methods(["GET", "POST"])
@login_required
def zone_new(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    require_draw(request.user, compound)
    form = ZoneForm(request.POST or None, compound=compound)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("The zone is drawn."), form) as outcome:
            outcome.result = services.zone_create(
                by=request.user, compound=compound, **form.cleaned_data
            )
        if outcome.ok:
            return redirect("community:zone", outcome.result.pk)
    return render(request, "community/zones/new.html", {"compound": compound, "form": form})


@require_GET
@login_required
def zone_detail(request: HttpRequest, zone_id: int) -> HttpResponse:
    zone = access_zone(request.user, zone_id)
    context = queries.zone_page(request.user, zone)
    context["claim_form"] = ClaimForm(teams=claimable_teams(request.user, zone))
    context["schedule_form"], context["record_form"] = ScheduleForm(), RecordForm()
    return render(request, "community/zones/detail.html", context)


@require_POST
@login_required
def zone_claim(request: HttpRequest, zone_id: int) -> HttpResponse:
    zone = access_zone(request.user, zone_id)
    form = ClaimForm(request.POST, teams=claimable_teams(request.user, zone))
    if not form.is_valid():
        raise PermissionDenied(" ".join(form.errors["team"]))
    with reported(request, _("You keep this zone now.")):
        services.zone_claim(zone=zone, by=request.user, team=form.cleaned_data["team"])
    return redirect("community:zone", zone.pk)


@require_POST
@login_required
def zone_release(request: HttpRequest, zone_id: int) -> HttpResponse:
    zone = access_zone_to_keep(request.user, zone_id)
    with reported(request, _("The zone is free to claim again.")):
        services.zone_release(zone=zone, by=request.user)
    return redirect("community:zone", zone.pk)


@require_POST
@login_required
def cleanup_schedule(request: HttpRequest, zone_id: int) -> HttpResponse:
    zone = access_zone_to_keep(request.user, zone_id)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        with reported(request, _("The clean-up is scheduled.")):
            services.cleanup_schedule(zone=zone, by=request.user, day=form.cleaned_data["day"])
    else:
        messages.error(request, " ".join(form.errors["day"]))
    return redirect("community:zone", zone.pk)


@require_POST
@login_required
def cleanup_record(request: HttpRequest, cleanup_id: int) -> HttpResponse:
    cleanup = access_cleanup(request.user, cleanup_id)
    require_record(request.user, cleanup.zone)
    form = RecordForm(request.POST, request.FILES)
    if form.is_valid():
        with reported(request, _("The clean-up is recorded. Thank you!")):
            services.cleanup_record(cleanup=cleanup, by=request.user, **form.cleaned_data)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("community:zone", cleanup.zone_id)


@require_GET
@login_required
def cleanup_photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    photo = CleanupPhoto.objects.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    access_cleanup(request.user, photo.cleanup_id)
    return serve_file(photo.image)

"""Running an activity: the organisers' attendance list, the QR code for the door, the
attendee's check-in from that code, and the photos and report afterwards."""

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.forms.activities import AttendanceForm, PhotosForm, ReportForm
from community.models import ActivityPhoto
from community.permissions import activities as rules
from community.queries import activities as queries
from community.services import activities as services
from portal.files import serve_file
from portal.http import reported


@require_http_methods(["GET", "POST"])
@login_required
def activity_roll(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The organisers' list: who holds a place and who came; a tick marks attendance."""
    activity = rules.access_activity(request.user, activity_id)
    rules.require_manage(request.user, activity)
    if request.method == "POST":
        form = AttendanceForm(request.POST)
        with reported(request, _("Attendance recorded.")):
            if not form.is_valid():
                raise ValidationError(_("Choose a person on the list."))
            services.attendance_mark(
                activity=activity,
                by=request.user,
                signup_id=form.cleaned_data["signup"],
                present=form.cleaned_data["present"],
            )
        return redirect("community:activity_roll", activity.pk)
    context = {
        "activity": activity,
        "roll": queries.roll(activity),
        "marking": services.attendance_open(activity),
    }
    return render(request, "community/activities/roll.html", context)


@require_GET
@login_required
def activity_door(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The QR code to print or show at the door: it opens the check-in page."""
    activity = rules.access_activity(request.user, activity_id)
    rules.require_manage(request.user, activity)
    token = services.checkin_token(activity)
    url = request.build_absolute_uri(
        reverse("community:activity_check_in", args=[activity.pk, token])
    )
    qr_svg = segno.make(url, error="m").svg_inline(
        scale=8, border=2, title=_("QR code: check in to this activity")
    )
    return render(
        request, "community/activities/door.html", {"activity": activity, "qr_svg": qr_svg}
    )


@require_http_methods(["GET", "POST"])
@login_required
def activity_check_in(request: HttpRequest, activity_id: int, token: str) -> HttpResponse:
    """What the door's QR code opens: one big button that marks the attendee present."""
    activity = rules.access_activity(request.user, activity_id)
    if not services.checkin_token_valid(activity, token):
        raise Http404
    if request.method == "POST":
        with reported(request, _("You are checked in. Welcome!")) as outcome:
            services.checkin(activity=activity, user=request.user, token=token)
        if outcome.ok:
            return redirect("community:activity", activity.pk)
    return render(request, "community/activities/check_in.html", {"activity": activity})


@require_POST
@login_required
def activity_photos(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = rules.access_activity(request.user, activity_id)
    rules.require_manage(request.user, activity)  # before the upload is read
    form = PhotosForm(request.POST, request.FILES)
    with reported(request, _("Photos added.")):
        if not form.is_valid():
            raise ValidationError(_("Choose a photo."))
        services.activity_photos_add(
            activity=activity, by=request.user, uploads=form.cleaned_data["photos"]
        )
    return redirect("community:activity", activity.pk)


@require_POST
@login_required
def activity_report(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = rules.access_activity(request.user, activity_id)
    rules.require_manage(request.user, activity)
    form = ReportForm(request.POST)
    with reported(request, _("The report is published.")):
        if not form.is_valid():
            raise ValidationError(form.errors["report"])
        services.activity_report(activity=activity, by=request.user, **form.cleaned_data)
    return redirect("community:activity", activity.pk)


@require_GET
@login_required
def activity_photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    photo = ActivityPhoto.objects.filter(pk=photo_id).only("activity_id", "image").first()
    if photo is None:
        raise Http404
    rules.access_activity(request.user, photo.activity_id)
    return serve_file(photo.image)

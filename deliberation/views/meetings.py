"""Meetings: call one, sign in on the day, attach the sign-in sheet, publish the minutes."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds.permissions import access_compound
from deliberation import permissions, services
from deliberation.forms import MeetingForm, MinutesForm
from deliberation.models import Meeting
from deliberation.permissions import access_meeting
from portal.forms import id_from
from portal.http import reported


@require_http_methods(["GET", "POST"])
@login_required
def meeting_new(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id, "meeting.organise")
    initial = {}
    if proposal_id := id_from(request.GET, "proposal"):
        initial["proposals"] = [proposal_id]
    if (kind := request.GET.get("kind", "")) in Meeting.Kind.values:
        initial["kind"] = kind
    form = MeetingForm(request.POST or None, compound=compound, initial=initial)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("The meeting is on the calendar."), form) as outcome:
            meeting = services.meeting_create(
                by=request.user, compound=compound, **form.cleaned_data
            )
        if outcome.ok:
            return redirect("deliberation:meeting", meeting.pk)
    return render(request, "deliberation/meeting_new.html", {"form": form, "compound": compound})


@require_GET
@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    can = permissions.meeting_capabilities(request.user, meeting)
    return render(
        request,
        "deliberation/meeting.html",
        {
            "meeting": meeting,
            "can": can,
            "attendance": meeting.attendance.select_related("user"),
            "signed_in": meeting.attendance.filter(user=request.user).exists(),
            "minutes_form": MinutesForm() if can.may_publish_minutes else None,
            "minutes_due": services.minutes_due(meeting.held_at),
            "proposals": meeting.proposals.all(),
            "attachments": meeting.attachments.all(),
        },
    )


DONE = {
    "sign_in": gettext_lazy("You are signed in."),
    "attach": gettext_lazy("Attached."),
    "minutes": gettext_lazy("The minutes are published."),
}


@require_POST
@login_required
def meeting_act(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, user = access_meeting(request.user, meeting_id), request.user
    op = request.POST.get("op", "")
    with reported(request, DONE.get(op, "")):
        if op == "sign_in":
            services.meeting_sign_in(meeting=meeting, user=user, by=user)
        elif op == "attach":
            if not permissions.may_run_meeting(user, meeting):
                raise PermissionDenied  # before the upload is read
            if "file" not in request.FILES:
                raise ValidationError(_("Choose a file."))
            services.meeting_attach(meeting=meeting, by=user, upload=request.FILES["file"])
        elif op == "minutes":
            permissions.check_minutes(user, meeting)
            form = MinutesForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Write the minutes."))
            services.minutes_publish(meeting=meeting, by=user, **form.cleaned_data)
        else:
            raise ValidationError(_("Unknown action."))
    return redirect("deliberation:meeting", meeting.pk)

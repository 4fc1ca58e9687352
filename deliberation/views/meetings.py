from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds.permissions import access_compound, can
from deliberation import services
from deliberation.forms import MeetingForm, MinutesForm
from deliberation.models import Meeting

__all__ = ["meeting_new", "meeting_detail", "meeting_act"]


def _access_meeting(user, meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.filter(pk=meeting_id)
        .select_related("compound__community__street_office", "organiser")
        .first()
    )
    if meeting is None or not can(user, "compound.view", meeting.compound):
        raise Http404
    return meeting


@require_http_methods(["GET", "POST"])
@login_required
def meeting_new(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id, "meeting.organise")
    initial = {}
    if (p := request.GET.get("proposal", "")).isdigit():
        initial["proposals"] = [int(p)]
    if (k := request.GET.get("kind", "")) in Meeting.Kind.values:
        initial["kind"] = k
    form = MeetingForm(request.POST or None, compound=compound, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                by=request.user, compound=compound, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting is on the calendar."))
            return redirect("deliberation:meeting", meeting.pk)
    return render(request, "deliberation/meeting_new.html", {"form": form, "compound": compound})


@require_GET
@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _access_meeting(request.user, meeting_id)
    organiser = request.user.pk == meeting.organiser_id or can(
        request.user, "meeting.organise", meeting.compound
    )
    return render(
        request,
        "deliberation/meeting.html",
        {
            "meeting": meeting,
            "attendance": meeting.attendance.select_related("user"),
            "signed_in": meeting.attendance.filter(user=request.user).exists(),
            "organiser": organiser,
            "minutes_form": MinutesForm() if organiser else None,
            "proposals": meeting.proposals.all(),
            "attachments": meeting.attachments.all(),
        },
    )


@require_POST
@login_required
def meeting_act(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _access_meeting(request.user, meeting_id)
    op = request.POST.get("op", "")
    try:
        if op == "sign_in":
            services.meeting_sign_in(meeting=meeting, user=request.user, by=request.user)
            messages.success(request, _("You are signed in."))
        elif op == "attach":
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError(_("Choose a file."))
            services.meeting_attach(meeting=meeting, by=request.user, upload=upload)
            messages.success(request, _("Attached."))
        elif op == "minutes":
            form = MinutesForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Write the minutes."))
            services.minutes_publish(meeting=meeting, by=request.user, **form.cleaned_data)
            messages.success(request, _("The minutes are published."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("deliberation:meeting", meeting.pk)

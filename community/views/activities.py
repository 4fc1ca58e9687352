"""Activities for residents: a compound's list, publishing one, its page, signing up and
cancelling from the phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.forms.activities import ActivityForm, PhotosForm, ReportForm
from community.models import SignUp
from community.permissions import activities as rules
from community.queries import activities as queries
from community.services import activities as services
from compounds.permissions import access_compound
from portal.http import reported


@require_GET
@login_required
def activity_list(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    past = request.GET.get("when") == "past"
    page = queries.activity_page(compound, request.user, past=past, page=request.GET.get("page"))
    states, hours = queries.mine_of(request.user, page.object_list)
    context = {
        "compound": compound,
        "past": past,
        "page": page,
        "states": states,
        "may_publish": rules.may_publish(request.user, compound),
        "hours": hours,
    }
    return render(request, "community/activities/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def activity_new(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    rules.require_publish(request.user, compound)
    options = rules.organiser_options(request.user, compound)
    staff = rules.is_staff_of(request.user, compound)
    choices = [(key, label) for key, (label, _obj) in options.items()]
    form = ActivityForm(request.POST or None, organisers=choices, staff=staff)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organiser = options[data.pop("organiser")][1]
        with reported(request, _("The activity is published."), form) as outcome:
            activity = services.activity_publish(
                by=request.user, compound=compound, organiser=organiser, **data
            )
        if outcome.ok:
            return redirect("community:activity", activity.pk)
    return render(request, "community/activities/new.html", {"compound": compound, "form": form})


@require_GET
@login_required
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = rules.access_activity(request.user, activity_id)
    can = rules.activity_capabilities(request.user, activity)
    signup = can.signup
    context = {
        "activity": activity,
        "can": can,
        "holding": signup is not None and signup.state != SignUp.State.CANCELLED,
        "ahead": queries.waiting_ahead(signup)
        if signup and signup.state == SignUp.State.WAITING
        else None,
        "waiting": queries.waiting_count(activity),
        "photos": activity.photos.all(),
        "report_form": ReportForm(initial={"report": activity.report}) if can.may_manage else None,
        "photos_form": PhotosForm() if can.may_manage else None,
    }
    return render(request, "community/activities/detail.html", context)


@require_POST
@login_required
def activity_sign_up(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = rules.access_activity(request.user, activity_id)
    rules.require_sign_up(request.user, activity)
    with reported(request) as outcome:
        outcome.result = services.signup_join(activity=activity, user=request.user)
    if outcome.ok:
        confirmed = outcome.result.state == SignUp.State.CONFIRMED
        messages.success(
            request,
            _("You are signed up.")
            if confirmed
            else _("The activity is full: you are on the waiting list."),
        )
    return redirect("community:activity", activity.pk)


@require_POST
@login_required
def activity_withdraw(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = rules.access_activity(request.user, activity_id)
    with reported(request, _("Your sign-up is cancelled.")):
        services.signup_cancel(activity=activity, user=request.user)
    return redirect("community:activity", activity.pk)


@require_POST
@login_required
def activity_cancel(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = rules.access_activity(request.user, activity_id)
    if not rules.may_manage(request.user, activity):
        raise PermissionDenied(_("Only the organisers of this activity may do this."))
    with reported(request, _("The activity is cancelled; everyone signed up is told.")):
        services.activity_cancel(activity=activity, by=request.user)
    return redirect("community:activity", activity.pk)

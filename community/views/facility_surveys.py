"""Surveys (the 42-manhole survey): a compound's surveys and starting one, the walk (each
facility of the kind with one button per condition), marking one, finishing, the result
(the problems found, listed and on the plan)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.forms.facilities import ConditionForm, SurveyForm, recordable
from community.models import Condition
from community.models.facilities import condition_applies
from community.permissions.facilities import (
    access_facilities_of,
    access_survey,
    access_survey_facility,
    may_keep,
    may_survey,
    require_keeper,
    require_surveyor,
)
from community.queries import facilities as queries
from community.queries.places import plan_of
from community.services import facility_surveys as services
from portal.forms import id_from
from portal.http import reported
from portal.security import camera_allowed


@require_http_methods(["GET", "POST"])
@login_required
def surveys(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_facilities_of(request.user, compound_id)
    keeper = may_keep(request.user, compound)
    if request.method == "POST":
        require_keeper(request.user, compound)
    form = SurveyForm(request.POST or None, compound=compound) if keeper else None
    if request.method == "POST" and form.is_valid():
        with reported(request, _("The survey is open: walk and record."), form) as outcome:
            outcome.result = services.survey_start(
                by=request.user, compound=compound, **form.cleaned_data
            )
        if outcome.ok:
            return redirect("community:survey", outcome.result.pk)
    context = {"compound": compound, "surveys": queries.surveys_of(compound), "form": form}
    return render(request, "community/facilities/surveys.html", context)


@camera_allowed  # the photo of what the surveyor found
@require_GET
@login_required
def survey(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The walk, for those who record; anyone else (or once finished) sees the result."""
    item = access_survey(request.user, survey_id)
    if not item.is_open or not may_survey(request.user, item):
        return redirect("community:survey_result", item.pk)
    context = {
        "item": item,
        "compound": item.compound,
        "page": queries.survey_rows(item, request.GET.get("page")),
        "conditions": recordable(item.kind),
        "blockable": condition_applies(item.kind, Condition.BLOCKED),
    }
    return render(request, "community/facilities/survey.html", context)


@camera_allowed
@require_POST
@login_required
def survey_mark(request: HttpRequest, survey_id: int, facility_id: int) -> HttpResponse:
    item = access_survey(request.user, survey_id)
    access_survey_facility(item, facility_id)
    require_surveyor(request.user, item)
    form = ConditionForm(request.POST, request.FILES, kind=item.kind)
    if not form.is_valid():
        context = {"item": item, "compound": item.compound, "form": form}
        return render(request, "community/facilities/survey_mark.html", context, status=400)
    with reported(request, "") as outcome:
        outcome.result = services.survey_mark(
            by=request.user, survey_id=item.pk, facility_id=facility_id, **form.cleaned_data
        )
    if outcome.ok:
        _tell(request, outcome.result)
    page = id_from(request.POST, "page")
    back = reverse("community:survey", args=[item.pk]) + (f"?page={page}" if page else "")
    return redirect(f"{back}#facility-{facility_id}")


def _tell(request: HttpRequest, check) -> None:
    text = _("%(facility)s: %(condition)s.") % {
        "facility": check.facility,
        "condition": check.get_condition_display(),
    }
    if check.request_id:
        text += " " + _("Request #%(id)s is about it.") % {"id": check.request_id}
    messages.success(request, text)


@require_POST
@login_required
def survey_finish(request: HttpRequest, survey_id: int) -> HttpResponse:
    item = access_survey(request.user, survey_id)
    require_surveyor(request.user, item)
    with reported(request, _("The survey is finished.")):
        services.survey_finish(by=request.user, survey_id=item.pk)
    return redirect("community:survey_result", item.pk)


@require_GET
@login_required
def survey_result(request: HttpRequest, survey_id: int) -> HttpResponse:
    item = access_survey(request.user, survey_id)
    rows, counts = queries.survey_result(item)
    plan = plan_of(item.compound)
    context = {
        "item": item,
        "compound": item.compound,
        "rows": rows,
        "counts": [(label, counts.get(value, 0), value) for value, label in recordable(item.kind)],
        "plan": plan,
        "marks": [row.facility for row in rows if row.facility.on_plan] if plan else [],
        "may_record": item.is_open and may_survey(request.user, item),
    }
    return render(request, "community/facilities/survey_result.html", context)

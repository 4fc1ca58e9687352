"""Verifying homes: the queue of pending requests, and the decision on each."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from compounds import queries, services
from compounds.forms import RejectForm
from compounds.permissions import access_residency_to_decide
from portal.http import reported


@require_GET
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.review_queue(request.user), 20).get_page(request.GET.get("page"))
    return render(
        request, "compounds/review_queue.html", {"page": page, "reject_form": RejectForm()}
    )


@require_POST
@login_required
def residency_verify(request: HttpRequest, residency_id: int) -> HttpResponse:
    residency = access_residency_to_decide(request.user, residency_id)
    done = _("Verified: %(who)s, %(unit)s.") % {"who": residency.user, "unit": residency.unit}
    with reported(request, done):
        services.residency_verify(reviewer=request.user, residency=residency)
    return redirect("compounds:review_queue")


@require_POST
@login_required
def residency_reject(request: HttpRequest, residency_id: int) -> HttpResponse:
    residency = access_residency_to_decide(request.user, residency_id)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please say why the request is rejected."))
        return redirect("compounds:review_queue")
    done = _("Rejected: %(who)s, %(unit)s.") % {"who": residency.user, "unit": residency.unit}
    with reported(request, done):
        services.residency_reject(
            reviewer=request.user, residency=residency, reason=form.cleaned_data["reason"]
        )
    return redirect("compounds:review_queue")

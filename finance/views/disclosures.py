"""A compound's disclosures (公示: published ones, and drafts for the committees) and one
disclosure's page with its figures, lines and digest."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from compounds.models import Compound
from compounds.permissions import can
from finance import queries, services
from finance.models import Category, Disclosure
from finance.permissions import access_disclosure, may_publish
from portal.http import reported

ACTIONS = {
    "approve": (services.disclosure_approve, _("Approved: it may be published.")),
    "publish": (services.disclosure_publish, _("Published on the notice board.")),
}


@require_GET
@login_required
def disclosures(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = Compound.objects.select_related("community").filter(pk=compound_id).first()
    if compound is None:
        raise Http404
    rows = queries.disclosures_of(request.user, compound)
    if not rows and not can(request.user, "finance.ledger", compound):
        raise Http404
    return render(request, "finance/disclosures.html", {"compound": compound, "rows": rows})


@require_GET
@login_required
def disclosure(request: HttpRequest, disclosure_id: int) -> HttpResponse:
    found = access_disclosure(request.user, disclosure_id)
    figures = found.snapshot or queries.draft_figures(found)
    context = {
        "item": found,
        "figures": figures,
        "categories": dict(Category.choices),
        "may_approve": found.state == Disclosure.State.DRAFT
        and can(request.user, "finance.review", found.account),
        "may_publish": found.state == Disclosure.State.APPROVED
        and may_publish(request.user, found.account),
    }
    return render(request, "finance/disclosure.html", context)


@require_POST
@login_required
def disclosure_action(request: HttpRequest, disclosure_id: int, action: str) -> HttpResponse:
    found = access_disclosure(request.user, disclosure_id)
    if action not in ACTIONS:
        raise Http404
    service, success = ACTIONS[action]
    with reported(request, str(success)):
        service(disclosure=found, actor=request.user)
    return redirect("finance:disclosure", found.pk)

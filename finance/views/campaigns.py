"""Campaigns (众筹/分摊): a compound's list, starting one, its page with the progress per
building and entrance, a home's answer and a collector's payment."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds.permissions import require
from finance import books, queries, services
from finance.capabilities import campaign_capabilities
from finance.forms import AnswerForm, CampaignForm, PaymentForm
from finance.permissions import (
    access_campaign,
    access_compound,
    access_part,
    may_start_campaign,
    require_collector,
)
from portal.http import reported
from portal.paging import Counted


@require_GET
@login_required
def campaigns(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    context = {
        "compound": compound,
        "campaigns": queries.campaigns_of(compound),
        "may_start": may_start_campaign(request.user, compound),
    }
    return render(request, "finance/campaigns.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def new_campaign(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    require(request.user, "finance.campaign", compound)
    form = CampaignForm(request.POST or None, compound=compound)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        coverage = services.Coverage(data["building"], data["entrance"].strip(), data["endings"])
        with reported(request, _("The campaign is open: its parts are fixed."), form) as out:
            out.result = services.campaign_open(
                compound=compound,
                actor=request.user,
                fields=form.campaign_fields(),
                coverage=coverage,
                collectors=list(data["collectors"]),
                account=data["account"],
            )
        if out.ok:
            return redirect("finance:campaign", out.result.pk)
    return render(request, "finance/campaign_form.html", {"compound": compound, "form": form})


@require_GET
@login_required
def campaign(request: HttpRequest, campaign_id: int) -> HttpResponse:
    item = access_campaign(request.user, campaign_id)
    groups, total = queries.campaign_progress(item)
    can = campaign_capabilities(request.user, item)
    homes = Counted(queries.households(item), 50, total.covered) if can.households else None
    context = {
        "item": item,
        "groups": groups,
        "total": total,
        "reached": item.reached(total.agreed, total.covered),
        "needed": item.needed(total.agreed, total.covered),
        "collected": books.collected(item.pk),
        "spent": books.spent_on(campaign_id=item.pk, states=(books.S.POSTED,)),
        "mine": queries.my_parts(request.user, item),
        "collector": can.collect,
        "homes": homes.get_page(request.GET.get("page")) if homes is not None else None,
    }
    return render(request, "finance/campaign.html", context)


@require_POST
@login_required
def campaign_answer(request: HttpRequest, campaign_id: int, unit_id: int) -> HttpResponse:
    item = access_campaign(request.user, campaign_id)
    part = access_part(request.user, item, unit_id)
    form = AnswerForm(request.POST)
    answer = form.cleaned_data["answer"] if form.is_valid() else ""
    with reported(request, _("Your answer is recorded; you may change it until the deadline.")):
        services.campaign_answer(part=part, actor=request.user, answer=answer)
    return redirect("finance:campaign", item.pk)


@require_http_methods(["GET", "POST"])
@login_required
def campaign_pay(request: HttpRequest, campaign_id: int) -> HttpResponse:
    item = access_campaign(request.user, campaign_id)
    require_collector(request.user, item)
    initial = {"part": request.GET.get("part")}  # from a household's link on the page
    form = PaymentForm(request.POST or None, request.FILES or None, campaign=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("The payment is recorded and sent for review."), form) as out:
            services.campaign_pay(campaign=item, actor=request.user, **form.cleaned_data)
        if out.ok:
            return redirect("finance:campaign", item.pk)
    return render(request, "finance/campaign_pay.html", {"item": item, "form": form})

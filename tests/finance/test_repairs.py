"""From a repair to the fund and back (issue 14, item 4): a request on a common part whose
handler estimates a cost above the threshold offers "发起维修资金使用决议"; the proposal is
pre-filled from the request and cites it; the request's page then shows the proposal's
stage and, later, the spending."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from deliberation.models import MatterItem, Proposal
from finance.models import FinancePolicy
from requests import workflow
from requests.models import Category, Request
from requests.services import request_file
from tests import factories as f
from tests.finance.conftest import post
from tests.requests.test_workflow import file

pytestmark = pytest.mark.django_db


def on_common_part(where, resident, worker_place):
    return request_file(
        reporter=resident,
        compound=worker_place.compound,
        building=worker_place.building,
        category=Category.objects.get(compound=None, code="lighting"),
        description="下水道盖板破损",
        place=where,
    )


def estimated(item, worker, amount="8400.00"):
    workflow.perform(item.pk, "accept", actor=worker)
    workflow.perform(item.pk, "estimate", actor=worker, estimate=Decimal(amount))
    item.refresh_from_db()
    return item


def page(client, user, item) -> str:
    client.force_login(user)
    response = client.get(reverse("requests:detail", args=[item.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_handler_estimates_a_common_part_not_a_home(place, resident, worker):
    shared = estimated(on_common_part("8栋东侧下水道", resident, place), worker)
    assert shared.estimated_cost == Decimal("8400.00")
    event = shared.events.get(action="estimate")
    assert event.actor == worker
    home = file(place, resident, building=None, unit=f.UnitFactory(building=place.building))
    workflow.perform(home.pk, "accept", actor=worker)
    with pytest.raises(ValidationError):
        workflow.perform(home.pk, "estimate", actor=worker, estimate=Decimal("10.00"))
    with pytest.raises(ValidationError):
        workflow.perform(shared.pk, "estimate", actor=worker, estimate=Decimal("0"))


def test_the_estimate_is_posted_from_the_page_with_its_sum_on_the_timeline(
    client, place, resident, worker
):
    item = file(place, resident)
    workflow.perform(item.pk, "accept", actor=worker)
    client.force_login(worker)
    url = reverse("requests:act", args=[item.pk])
    client.post(url, {"action": "estimate", "estimate": "8400.001"})
    assert Request.objects.get(pk=item.pk).estimated_cost is None  # three decimals refused
    client.post(url, {"action": "estimate", "estimate": "8400", "note": "更换盖板"})
    assert Request.objects.get(pk=item.pk).estimated_cost == Decimal("8400.00")
    body = page(client, worker, item)
    assert "¥8,400.00 · 更换盖板" in body and 'data-testid="estimate"' in body


def test_above_the_threshold_the_leads_are_offered_a_fund_resolution(
    client, place, resident, worker, committee_chair
):
    below = estimated(file(place, resident), worker, "2000.00")  # "above": not 2,000 itself
    assert 'data-testid="raise-fund"' not in page(client, committee_chair, below)
    above = estimated(file(place, resident), worker, "2000.01")
    assert 'data-testid="raise-fund"' in page(client, committee_chair, above)
    assert 'data-testid="fund"' not in page(client, resident, above)  # only the leads
    FinancePolicy.objects.create(compound=place.compound, mandate_threshold=Decimal("5000"))
    assert 'data-testid="raise-fund"' not in page(client, committee_chair, above)


def test_the_proposal_is_prefilled_cites_the_request_and_the_loop_closes(
    client, place, resident, worker, committee_chair, party_secretary, supervisor, fund
):
    item = estimated(on_common_part("8栋东侧下水道", resident, place), worker)
    client.force_login(committee_chair)
    new = reverse("deliberation:proposal_new", args=[place.compound.pk]) + f"?request={item.pk}"
    form = client.get(new).context["form"]
    assert form.initial["budget_estimate"] == Decimal("8400.00")
    assert form.initial["funding_source"] == "maintenance_fund"
    assert form.initial["matter_item"] == MatterItem.USE_FUND
    assert "8栋东侧下水道" in form.initial["title"] and f"#{item.pk}" in form.initial["background"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    client.post(new, data)
    proposal = Proposal.objects.get(request=item)
    assert proposal.budget_estimate == Decimal("8400.00")
    body = page(client, committee_chair, item)
    assert 'data-testid="raise-fund"' not in body  # raised once
    assert 'data-testid="fund-proposal"' in body and proposal.get_stage_display() in body
    dossier = client.get(reverse("deliberation:proposal", args=[proposal.pk])).content.decode()
    assert 'data-testid="source-request"' in dossier

    Proposal.objects.filter(pk=proposal.pk).update(stage="evaluate", decision="approved")
    proposal.refresh_from_db()
    post(fund, party_secretary, supervisor, amount=Decimal("6000.00"), mandate=proposal)
    body = page(client, resident, item)  # residents see the loop closed too
    assert "¥6,000.00" in body and "¥8,400.00" in body and 'data-testid="fund-spending"' in body


def test_a_request_that_is_not_a_common_part_of_this_compound_is_not_a_source(
    client, place, resident, worker, committee_chair
):
    home = file(place, resident, building=None, unit=f.UnitFactory(building=place.building))
    elsewhere = file(
        place,
        resident,
        compound=place.other_compound,
        building=f.BuildingFactory(compound=place.other_compound),
    )
    client.force_login(committee_chair)
    base = reverse("deliberation:proposal_new", args=[place.compound.pk])
    assert client.get(f"{base}?request={home.pk}").status_code == 404
    assert client.get(f"{base}?request={elsewhere.pk}").status_code == 404
    assert client.get(f"{base}?request=abc").status_code == 200  # no id: an empty form

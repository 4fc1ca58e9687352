"""Fixes after the review of the merged finance work (issue 14): an entry whose amount
follows another is re-dated rather than stranded in a closed month; a household's campaign
payment is not published by flat, and a reversed one no longer counts as paid; a campaign
is the basis of its expenses on the statement; the supervisory committee sets its rules;
community staff told of a late statement land on the calendar."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from finance import services, statements
from finance import workflow as ledger
from finance.models import Entry, FinancePolicy
from tests.finance.conftest import last_month, post
from tests.finance.test_campaigns_mandate import _campaign, agree, collect, spend

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(place, resident, tenant, committee_chair, party_secretary, supervisor):
    return _campaign(place, committee_chair, party_secretary)


def test_a_returned_reversal_stranded_in_a_closed_month_is_re_dated_and_posted(
    place, books, party_secretary, supervisor
):
    wrong = post(books, party_secretary, supervisor, occurred_on=last_month())
    reversal = services.reverse_entry(
        entry=wrong, actor=party_secretary, reason="重复记账", on=last_month()
    )
    ledger.perform(reversal.pk, "submit", actor=party_secretary)
    ledger.perform(reversal.pk, "return", actor=supervisor, note="请写明原因")
    services.close_month(compound=place.compound, month=last_month(), actor=party_secretary)
    with pytest.raises(ValidationError):
        ledger.perform(reversal.pk, "submit", actor=party_secretary)  # its month is closed
    today = timezone.localdate()
    changed = {"occurred_on": today, "description": "冲销重复记账", "amount": Decimal("1.00")}
    services.change_entry(entry=reversal, actor=party_secretary, fields=changed)
    reversal.refresh_from_db()
    assert (reversal.occurred_on, reversal.amount) == (today, wrong.amount)  # amount kept
    ledger.perform(reversal.pk, "submit", actor=party_secretary)
    ledger.perform(reversal.pk, "approve", actor=supervisor)
    assert Entry.objects.get(pk=reversal.pk).state == "posted"


def test_the_edit_page_of_a_reversal_offers_its_date_and_description_only(
    client, books, party_secretary, supervisor
):
    wrong = post(books, party_secretary, supervisor)
    reversal = services.reverse_entry(entry=wrong, actor=party_secretary, reason="重复")
    client.force_login(party_secretary)
    form = client.get(reverse("finance:edit_entry", args=[reversal.pk])).context["form"]
    assert set(form.fields) == {"occurred_on", "description", "receipts"}


def test_a_campaign_payment_is_published_without_its_flat_and_reversed_is_unpaid(
    funded, party_secretary, supervisor, resident
):
    campaign = funded
    agree(campaign, [resident])
    collect(campaign, party_secretary, supervisor, [resident])
    part = campaign.parts.get(unit__residencies__user=resident)
    assert part.paid == part.amount
    payment = part.payments.get()
    assert (
        payment.entry.counterparty == "各户业主"
        and str(part.unit) not in payment.entry.counterparty
    )
    reversal = services.reverse_entry(entry=payment.entry, actor=party_secretary, reason="记错户")
    ledger.perform(reversal.pk, "submit", actor=party_secretary)
    ledger.perform(reversal.pk, "approve", actor=supervisor)
    part.refresh_from_db()
    assert part.paid == 0  # the household has its part to pay again


def test_an_expense_under_a_campaign_says_so_on_the_statement(
    funded, place, committee_chair, party_secretary, supervisor, resident, tenant, building_head
):
    campaign = funded
    users = [resident, committee_chair, party_secretary, supervisor]
    agree(campaign, users)
    collect(campaign, party_secretary, supervisor, users)
    entry = spend(campaign, party_secretary, "30.00")
    ledger.perform(entry.pk, "approve", actor=supervisor)
    start, end = statements.period_of(campaign.account, timezone.localdate())
    line = next(
        x
        for x in statements.figures(campaign.account, start, end)["lines"]
        if x["entry"] == entry.pk
    )
    assert line["campaign"] == campaign.pk and line["campaign_title"] == campaign.title


def test_the_supervisory_committee_sets_its_rules(
    client, place, supervisor, resident, committee_chair
):
    url = reverse("finance:policy", args=[place.compound.pk])
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.force_login(committee_chair)
    assert (
        client.post(url, {"approvals_required": "2", "mandate_threshold": "5000"}).status_code
        == 403
    )
    client.force_login(supervisor)
    for bad in ({"approvals_required": "3", "mandate_threshold": "5000"},
                {"approvals_required": "2", "mandate_threshold": "-1"},
                {"approvals_required": "2", "mandate_threshold": "十元"}):  # fmt: skip
        assert client.post(url, bad).status_code == 200
    assert not FinancePolicy.objects.exists()
    client.post(url, {"approvals_required": "2", "mandate_threshold": "5000.00"})
    policy = FinancePolicy.of(place.compound.pk)
    assert (policy.approvals_required, policy.mandate_threshold) == (2, Decimal("5000.00"))
    with pytest.raises(PermissionDenied):
        services.policy_set(compound=place.compound, actor=resident, approvals_required=1,
                            mandate_threshold=Decimal(0))  # fmt: skip


def test_an_account_is_opened_public_or_for_residents(
    client, place, committee_chair, party_secretary
):
    client.force_login(committee_chair)
    url = reverse("finance:open_account", args=[place.compound.pk])
    data = {
        "kind": "grant",
        "name": "启动资金",
        "opening_balance": "30000",
        "keeper": party_secretary.pk,
    }
    client.post(url, data | {"visibility": "public"})
    assert books_named("启动资金").visibility == "public"


def books_named(name):
    from finance.models import Account

    return Account.objects.get(name=name)


def test_community_staff_told_of_a_late_statement_land_on_the_calendar(
    place, books, party_secretary, supervisor, community_staff
):
    from finance.models import Account, Disclosure
    from portal.notifications.models import Notification

    opened = last_month().replace(day=1)
    Account.objects.filter(pk=books.pk).update(cadence="monthly", opened_on=opened)
    Disclosure.objects.create(account=books, period_start=opened, period_end=last_month())
    assert services.flag_late(timezone.now() + timedelta(days=40)) >= 1
    told = Notification.objects.filter(recipient=community_staff, event="finance.disclosure")
    assert told.exists()
    assert all(n.url == reverse("finance:calendar", args=[place.compound.pk]) for n in told)

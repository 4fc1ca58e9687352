"""A campaign as the mandate of an expense from its project fund: only once its threshold
is reached; its budget is what its payments brought in (posted), held cumulatively by every
expense citing it from submission on, under a lock of the campaign's row."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from finance import books, services
from finance import workflow as ledger
from finance.models import Entry
from tests.compounds.test_services import photo
from tests.finance.campaigning import project_fund, start
from tests.finance.conftest import at_once, open_kept, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def homes(resident, tenant, committee_chair, party_secretary, supervisor):
    return [resident, committee_chair, party_secretary, supervisor]  # the owners who answer


def _campaign(place, committee_chair, party_secretary):
    fund = project_fund(place, committee_chair, party_secretary)
    return start(place, committee_chair, [party_secretary], account=fund)  # 5 homes of ¥20


def agree(campaign, users):
    for user in users:
        part = campaign.parts.get(unit__residencies__user=user)
        services.campaign_answer(part=part, actor=user, answer="agree")


def collect(campaign, collector, checker, users, post=True):
    """Each user's home pays its ¥20; the supervisory member approves (posts) the entries."""
    for user in users:
        part = campaign.parts.get(unit__residencies__user=user)
        payment = services.campaign_pay(
            campaign=campaign,
            actor=collector,
            part=part,
            amount=part.amount,
            method="cash",
            paid_on=timezone.localdate(),
            receipt=photo(),
        )
        if post:
            ledger.perform(payment.entry_id, "approve", actor=checker)


def spend(campaign, keeper, amount):
    entry = record(
        campaign.account, keeper, amount=Decimal(amount), category="repairs", campaign=campaign
    )
    ledger.perform(entry.pk, "submit", actor=keeper)
    return entry


def test_below_its_threshold_a_campaign_cannot_be_cited(
    place, homes, committee_chair, party_secretary, supervisor
):
    campaign = _campaign(place, committee_chair, party_secretary)
    agree(campaign, homes[:3])  # 3 of 5 < 2/3
    collect(campaign, party_secretary, supervisor, homes)
    with pytest.raises(ValidationError) as refused:
        spend(campaign, party_secretary, "10.00")
    assert refused.value.code == "mandate"
    agree(campaign, homes[3:])  # 4 of 5 ≥ 2/3
    spend(campaign, party_secretary, "10.00")


def test_its_budget_is_what_was_collected_and_posted_counted_cumulatively(
    place, homes, committee_chair, party_secretary, supervisor
):
    campaign = _campaign(place, committee_chair, party_secretary)
    agree(campaign, homes)
    collect(campaign, party_secretary, supervisor, homes[:3])  # ¥60 posted
    collect(campaign, party_secretary, supervisor, homes[3:], post=False)  # ¥20 under review
    assert books.collected(campaign.pk) == Decimal("60.00")
    first = spend(campaign, party_secretary, "45.00")
    with pytest.raises(ValidationError) as over:
        spend(campaign, party_secretary, "15.01")
    assert over.value.code == "budget" and "15.00" in over.value.messages[0]
    spend(campaign, party_secretary, "15.00")  # exactly what is left
    assert books.spent_on(campaign_id=campaign.pk) == Decimal("60.00")
    ledger.perform(first.pk, "approve", actor=supervisor)
    assert books.spent_on(campaign_id=campaign.pk, states=(Entry.State.POSTED,)) == Decimal(45)


def test_a_reversed_payment_no_longer_counts_as_collected(
    place, homes, committee_chair, party_secretary, supervisor
):
    campaign = _campaign(place, committee_chair, party_secretary)
    collect(campaign, party_secretary, supervisor, homes[:2])
    paid = Entry.objects.filter(direction="income").order_by("pk").first()
    reversal = services.reverse_entry(entry=paid, actor=party_secretary, reason="退还")
    ledger.perform(reversal.pk, "submit", actor=party_secretary)
    ledger.perform(reversal.pk, "approve", actor=supervisor)
    assert books.collected(campaign.pk) == Decimal("20.00")


def test_a_campaign_is_cited_only_from_its_own_fund_and_never_with_a_resolution(
    place, homes, committee_chair, party_secretary, supervisor
):
    campaign = _campaign(place, committee_chair, party_secretary)
    agree(campaign, homes)
    collect(campaign, party_secretary, supervisor, homes)
    other = open_kept(place, committee_chair, party_secretary, kind="project_fund", name="另一专项")
    entry = record(
        other, party_secretary, amount=Decimal("10.00"), category="repairs", campaign=campaign
    )
    with pytest.raises(ValidationError):
        ledger.perform(entry.pk, "submit", actor=party_secretary)
    from tests.finance.conftest import resolution

    decided = resolution(place, committee_chair, funding="campaign")
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(mandate=decided)


def test_the_ledger_line_and_the_entry_cite_the_campaign(
    client, place, homes, committee_chair, party_secretary, supervisor, resident
):
    campaign = _campaign(place, committee_chair, party_secretary)
    agree(campaign, homes)
    collect(campaign, party_secretary, supervisor, homes)
    entry = spend(campaign, party_secretary, "80.00")
    ledger.perform(entry.pk, "approve", actor=supervisor)
    client.force_login(resident)
    html = client.get(reverse("finance:account", args=[campaign.account_id])).content.decode()
    assert f"#{campaign.pk}</span>" in html.split('data-testid="mandate">')[1][:80]
    page = client.get(reverse("finance:entry", args=[entry.pk])).content.decode()
    assert reverse("finance:campaign", args=[campaign.pk]) in page


def test_the_keepers_form_offers_the_funds_campaigns(
    client, place, homes, committee_chair, party_secretary, supervisor
):
    campaign = _campaign(place, committee_chair, party_secretary)
    client.force_login(party_secretary)
    url = reverse("finance:new_entry", args=[campaign.account_id])
    data = {
        "direction": "income",
        "occurred_on": timezone.localdate().isoformat(),
        "amount": "5.00",
        "category": "other",
        "counterparty": "x",
        "campaign": campaign.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200 and not Entry.objects.exists()  # an income cites nothing


def two_expenses(place, resident, committee_chair, party_secretary, supervisor):
    """A campaign agreed by 4 of 5 homes that collected ¥80, and two drafts of ¥50 citing it."""
    homes = [resident, committee_chair, party_secretary, supervisor]
    campaign = _campaign(place, committee_chair, party_secretary)
    agree(campaign, homes)
    collect(campaign, party_secretary, supervisor, homes)
    entries = [
        record(campaign.account, party_secretary, amount=Decimal("50.00"), category="repairs",
               campaign=campaign)
        for _ in range(2)
    ]  # fmt: skip
    return campaign, entries


@pytest.mark.django_db(transaction=True)
def test_two_expenses_at_once_cannot_together_overspend_a_campaign(
    place, resident, tenant, committee_chair, party_secretary, supervisor
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")
    campaign, entries = two_expenses(place, resident, committee_chair, party_secretary, supervisor)

    def submit(entry):
        ledger.perform(entry.pk, "submit", actor=party_secretary)

    assert at_once(submit, entries) == ["done", "refused"]
    assert books.spent_on(campaign_id=campaign.pk) == Decimal("50.00")


@pytest.mark.django_db(transaction=True)
def test_the_campaigns_row_lock_alone_orders_two_checks(
    place, resident, tenant, committee_chair, party_secretary, supervisor
):
    """The workflow's submission also locks the compound's row (against closing a month),
    which would hide a missing lock above: here two checks run in two transactions with
    only the campaign's lock between them, each holding its result a moment before
    committing — without the lock both would pass."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")
    import time

    from django.db import transaction

    _campaign_, entries = two_expenses(
        place, resident, committee_chair, party_secretary, supervisor
    )

    def check_and_hold(entry):
        with transaction.atomic():
            books.check_mandate(Entry.objects.select_related("account").get(pk=entry.pk))
            time.sleep(0.3)
            Entry.objects.filter(pk=entry.pk).update(state=Entry.State.SUBMITTED)

    assert at_once(check_and_hold, entries) == ["done", "refused"]

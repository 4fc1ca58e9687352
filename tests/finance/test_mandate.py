"""Money tied to its mandate (issue 14, item 3): the maintenance fund and any expense above
the compound's threshold cite a passed resolution whose budget they do not exceed,
cumulatively, checked under a lock of the resolution's row."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from finance import books as rules
from finance import workflow as ledger
from finance.models import Entry, FinancePolicy
from tests.finance.conftest import at_once, open_kept, post, record, resolution

pytestmark = pytest.mark.django_db


def submit(entry, keeper):
    ledger.perform(entry.pk, "submit", actor=keeper)


def test_the_maintenance_fund_is_never_spent_without_a_resolution(
    fund, party_secretary, supervisor
):
    entry = record(fund, party_secretary, amount=Decimal("50.00"), category="repairs")
    with pytest.raises(ValidationError, match="维修资金"):
        submit(entry, party_secretary)
    assert Entry.objects.get(pk=entry.pk).state == "draft"


def test_an_expense_within_its_resolution_is_posted_and_counted_against_it(
    place, fund, committee_chair, party_secretary, supervisor
):
    decided = resolution(place, committee_chair, budget="12000.00")
    post(fund, party_secretary, supervisor, amount=Decimal("8400.00"), mandate=decided)
    assert rules.spent_on(decided.pk) == Decimal("8400.00")
    over = record(fund, party_secretary, amount=Decimal("3600.01"), mandate=decided)
    with pytest.raises(ValidationError, match="3,600.00"):
        submit(over, party_secretary)  # 8,400 + 3,600.01 > 12,000
    exact = record(fund, party_secretary, amount=Decimal("3600.00"), mandate=decided)
    submit(exact, party_secretary)  # exactly the budget: allowed


def test_what_does_not_count_as_a_mandate(place, fund, books, committee_chair, party_secretary):
    rejected = resolution(place, committee_chair, decision="rejected")
    undecided = resolution(place, committee_chair, decision="")
    no_budget = resolution(place, committee_chair, budget=None)
    wrong_fund = resolution(place, committee_chair, funding="common_income")
    elsewhere = resolution(place, committee_chair)
    elsewhere.compound = place.other_compound
    elsewhere.save()
    for proposal in (rejected, undecided, no_budget, wrong_fund, elsewhere):
        entry = record(fund, party_secretary, amount=Decimal("10.00"), mandate=proposal)
        with pytest.raises(ValidationError):
            submit(entry, party_secretary)


def test_the_threshold_is_a_setting_and_above_means_above(
    place, books, committee_chair, party_secretary
):
    # 超过 ¥2,000 needs a resolution: ¥2,000.00 itself does not.
    submit(record(books, party_secretary, amount=Decimal("2000.00")), party_secretary)
    above = record(books, party_secretary, amount=Decimal("2000.01"))
    with pytest.raises(ValidationError, match="2,000.00"):
        submit(above, party_secretary)
    FinancePolicy.objects.create(compound=place.compound, mandate_threshold=Decimal("5000"))
    submit(above, party_secretary)
    decided = resolution(place, committee_chair, funding="common_income", budget="9000")
    cited = record(books, party_secretary, amount=Decimal("6000.00"), mandate=decided)
    submit(cited, party_secretary)


def test_a_reversal_gives_back_what_its_entry_held(
    place, fund, committee_chair, party_secretary, supervisor
):
    from finance import services

    decided = resolution(place, committee_chair, budget="1000.00")
    spent = post(fund, party_secretary, supervisor, amount=Decimal("1000.00"), mandate=decided)
    reversal = services.reverse_entry(entry=spent, actor=party_secretary, reason="退款")
    submit(reversal, party_secretary)
    ledger.perform(reversal.pk, "approve", actor=supervisor)
    assert rules.spent_on(decided.pk) == Decimal(0)
    submit(
        record(fund, party_secretary, amount=Decimal("1000.00"), mandate=decided), party_secretary
    )


@pytest.mark.django_db(transaction=True)
def test_two_expenses_at_once_cannot_together_overspend_a_resolution(
    place, committee_chair, party_secretary, supervisor
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")
    fund = open_kept(
        place, committee_chair, party_secretary, kind="maintenance_fund", name="维修资金"
    )
    decided = resolution(place, committee_chair, budget="10000.00")
    entries = [
        record(fund, party_secretary, amount=Decimal("6000.00"), mandate=decided) for _ in range(2)
    ]
    outcomes = at_once(lambda entry: submit(entry, party_secretary), entries)
    assert outcomes == ["done", "refused"]
    assert rules.spent_on(decided.pk) == Decimal("6000.00")


def test_the_dossier_shows_the_spending_against_the_budget(
    client, place, fund, committee_chair, party_secretary, supervisor, resident
):
    from django.urls import reverse

    decided = resolution(place, committee_chair, budget="12000.00")
    client.force_login(resident)
    url = reverse("deliberation:proposal", args=[decided.pk])
    zh = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    assert "已支出 ¥0.00 / 预算 ¥12,000.00" in client.get(url, **zh).content.decode()
    post(fund, party_secretary, supervisor, amount=Decimal("8400.00"), mandate=decided)
    html = client.get(url, **zh).content.decode()
    assert "已支出 ¥8,400.00 / 预算 ¥12,000.00" in html

"""Defects a review found, each with the test that failed before its fix."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from compounds.models import Membership
from finance import books as rules
from finance import services
from finance import workflow as ledger
from finance.models import Account
from finance.permissions import keeps
from tests.finance.conftest import open_kept, post, record, resolution

pytestmark = pytest.mark.django_db


def test_hostile_boxes_are_refused_with_a_message_not_a_500(client, books, party_secretary):
    entry = record(books, party_secretary)
    receipt = entry.receipts.get()
    client.force_login(party_secretary)
    url = reverse("finance:cover_receipt", args=[receipt.pk])
    for boxes in ("[" * 100_000, '[{"x": 1' + "0" * 400 + ', "y": 0, "w": 0.1, "h": 0.1}]'):
        assert client.post(url, {"boxes": boxes}).status_code == 302
    receipt.refresh_from_db()
    assert not receipt.redacted


def test_a_long_account_name_publishes_in_english(
    place, committee_chair, party_secretary, supervisor
):
    from datetime import date

    from django.utils import translation

    from finance.models import Disclosure

    books = open_kept(place, committee_chair, party_secretary, name="账" * 60)
    statement = Disclosure.objects.create(
        account=books, period_start=date(2025, 1, 1), period_end=date(2025, 3, 31)
    )
    services.disclosure_approve(disclosure=statement, actor=supervisor)
    with translation.override("en"):
        published = services.disclosure_publish(disclosure=statement, actor=party_secretary)
    assert len(published.notice.title) <= 100


def test_a_draft_reversal_cannot_be_changed_into_another_expense(
    place, fund, committee_chair, party_secretary, supervisor
):
    decided = resolution(place, committee_chair, budget="10000.00")
    spent = post(fund, party_secretary, supervisor, amount=Decimal("10.00"), mandate=decided)
    reversal = services.reverse_entry(entry=spent, actor=party_secretary, reason="错账")
    fields = {
        "direction": "expense",
        "amount": Decimal("5000000.00"),
        "occurred_on": timezone.localdate(),
    }
    services.change_entry(entry=reversal, actor=party_secretary, fields=fields)
    reversal.refresh_from_db()  # only its date may move: it still mirrors what it reverses
    assert (reversal.direction, reversal.amount) == ("income", Decimal("10.00"))


def test_a_reversal_under_review_gives_no_budget_back(
    place, fund, committee_chair, party_secretary, supervisor
):
    decided = resolution(place, committee_chair, budget="10000.00")
    spent = post(fund, party_secretary, supervisor, amount=Decimal("10000.00"), mandate=decided)
    reversal = services.reverse_entry(entry=spent, actor=party_secretary, reason="退款")
    ledger.perform(reversal.pk, "submit", actor=party_secretary)
    assert rules.spent_on(decided.pk) == Decimal("10000.00")
    again = record(fund, party_secretary, amount=Decimal("10000.00"), mandate=decided)
    with pytest.raises(ValidationError):
        ledger.perform(again.pk, "submit", actor=party_secretary)


def test_whoever_corrected_an_entry_does_not_check_it(
    place, committee_chair, party_secretary, supervisor
):
    books = open_kept(place, committee_chair, party_secretary)
    services.appoint_keeper(account=books, actor=committee_chair, holder=supervisor)
    entry = record(books, party_secretary)
    services.change_entry(
        entry=entry, actor=supervisor,
        fields={"counterparty": "改过的", "occurred_on": entry.occurred_on},
    )  # fmt: skip
    ledger.perform(entry.pk, "submit", actor=party_secretary)
    with pytest.raises(PermissionDenied):
        ledger.perform(entry.pk, "approve", actor=supervisor)


def test_a_keeper_who_left_the_committees_keeps_nothing(books, party_secretary):
    assert keeps(party_secretary, books)
    Membership.objects.filter(user=party_secretary).update(
        end=timezone.localdate() - timezone.timedelta(days=1),
        start=timezone.localdate() - timezone.timedelta(days=30),
    )
    assert not keeps(party_secretary, Account.objects.get(pk=books.pk))


def test_residents_do_not_see_a_reversal_before_it_is_posted(
    client, books, party_secretary, supervisor, resident
):
    spent = post(books, party_secretary, supervisor)
    services.reverse_entry(entry=spent, actor=party_secretary, reason="错账")
    client.force_login(resident)
    page = client.get(reverse("finance:entry", args=[spent.pk])).content.decode()
    assert 'data-testid="reversed-by"' not in page


def test_under_review_only_the_checker_covers_a_receipt(books, party_secretary, supervisor):
    entry = record(books, party_secretary)
    ledger.perform(entry.pk, "submit", actor=party_secretary)
    receipt = entry.receipts.get()
    with pytest.raises(PermissionDenied):
        services.cover_receipt(receipt=receipt, actor=party_secretary, boxes=[])
    services.cover_receipt(receipt=receipt, actor=supervisor, boxes=[])


def test_a_question_of_a_megabyte_is_refused(books, party_secretary, supervisor, resident):
    from datetime import date

    from finance.models import Disclosure

    statement = Disclosure.objects.create(
        account=books, period_start=date(2025, 1, 1), period_end=date(2025, 3, 31)
    )
    services.disclosure_approve(disclosure=statement, actor=supervisor)
    published = services.disclosure_publish(disclosure=statement, actor=party_secretary)
    with pytest.raises(ValidationError):
        services.question_ask(disclosure=published, asker=resident, text="问" * 1_000_000)

"""The ledger's rules (issue 14, item 2): maker-checker review, posted entries never change
(model and PostgreSQL trigger), reversals, closed months, balances."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finance import books as rules
from finance import services
from finance import workflow as ledger
from finance.models import Approval, Entry, EntryEvent, FinancePolicy, PostedEntryError
from portal.notifications.models import Notification
from tests.finance.conftest import last_month, open_kept, post, record

pytestmark = pytest.mark.django_db
S = Entry.State


def test_the_submitter_never_approves_and_a_supervisory_member_posts(
    books, party_secretary, supervisor
):
    entry = record(books, party_secretary)
    ledger.perform(entry.pk, "submit", actor=party_secretary)
    assert Notification.objects.filter(recipient=supervisor, event="finance.entry").exists()
    with pytest.raises(PermissionDenied):
        ledger.perform(entry.pk, "approve", actor=party_secretary)  # 记账与审核分离
    assert "approve" not in ledger.allowed_actions(party_secretary, entry)
    ledger.perform(entry.pk, "approve", actor=supervisor)
    entry.refresh_from_db()
    assert entry.state == S.POSTED and entry.posted_at is not None
    assert [e.action for e in entry.events.all()] == ["create", "submit", "approve", "post"]
    assert Notification.objects.filter(recipient=party_secretary, event="finance.entry").exists()


def test_a_supervisory_member_who_made_the_entry_does_not_check_it(
    place, committee_chair, supervisor
):
    from tests import factories as f

    # The supervisor keeps an account too (a small compound): someone else must check.
    books = open_kept(place, committee_chair, supervisor)
    entry = record(books, supervisor)
    ledger.perform(entry.pk, "submit", actor=supervisor)
    with pytest.raises(PermissionDenied):
        ledger.perform(entry.pk, "approve", actor=supervisor)
    second = f.UserFactory()
    body = supervisor.memberships.get().body
    f.MembershipFactory(body=body, user=second)
    ledger.perform(entry.pk, "approve", actor=second)
    assert Entry.objects.get(pk=entry.pk).state == S.POSTED


def test_two_approvals_when_the_committee_asks_for_two(place, books, party_secretary, supervisor):
    from tests import factories as f

    FinancePolicy.objects.create(compound=place.compound, approvals_required=2)
    second = f.UserFactory()
    f.MembershipFactory(body=supervisor.memberships.get().body, user=second)
    entry = record(books, party_secretary)
    ledger.perform(entry.pk, "submit", actor=party_secretary)
    ledger.perform(entry.pk, "approve", actor=supervisor)
    assert Entry.objects.get(pk=entry.pk).state == S.SUBMITTED  # one of two
    assert "approve" not in ledger.allowed_actions(supervisor, entry)
    with pytest.raises(ValidationError):
        ledger.perform(entry.pk, "approve", actor=supervisor)  # the same member twice
    ledger.perform(entry.pk, "approve", actor=second)
    assert Entry.objects.get(pk=entry.pk).state == S.POSTED


def test_a_return_needs_a_comment_and_the_next_round_is_reviewed_afresh(
    place, books, party_secretary, supervisor
):
    from tests import factories as f

    FinancePolicy.objects.create(compound=place.compound, approvals_required=2)
    second = f.UserFactory()
    f.MembershipFactory(body=supervisor.memberships.get().body, user=second)
    entry = record(books, party_secretary)
    ledger.perform(entry.pk, "submit", actor=party_secretary)
    ledger.perform(entry.pk, "approve", actor=supervisor)
    with pytest.raises(ValidationError, match="需要更正"):
        ledger.perform(entry.pk, "return", actor=second, note="  ")
    ledger.perform(entry.pk, "return", actor=second, note="发票抬头不对")
    entry.refresh_from_db()
    assert entry.state == S.RETURNED
    assert entry.events.get(action="return").note == "发票抬头不对"
    changed = services.change_entry(
        entry=entry,
        actor=party_secretary,
        fields={"counterparty": "保洁公司（更正）", "occurred_on": entry.occurred_on},
    )
    assert changed.counterparty == "保洁公司（更正）"
    ledger.perform(entry.pk, "submit", actor=party_secretary)
    ledger.perform(entry.pk, "approve", actor=second)
    assert Entry.objects.get(pk=entry.pk).state == S.SUBMITTED  # the first approval is void
    ledger.perform(entry.pk, "approve", actor=supervisor)
    assert Entry.objects.get(pk=entry.pk).state == S.POSTED
    assert Approval.objects.filter(entry=entry).count() == 3


def test_a_posted_entry_never_changes_in_the_model(books, party_secretary, supervisor):
    entry = post(books, party_secretary, supervisor)
    entry.amount = Decimal("1.00")
    with pytest.raises(PostedEntryError):
        entry.save()
    with pytest.raises(PostedEntryError):
        entry.delete()
    with pytest.raises(ValidationError):
        services.change_entry(entry=entry, actor=party_secretary, fields={})
    assert Entry.objects.get(pk=entry.pk).amount == Decimal("120.00")
    with pytest.raises(ValueError):
        EntryEvent.objects.filter(entry=entry).first().delete()  # the history is append-only


def test_raw_sql_cannot_update_or_delete_a_posted_entry_on_postgresql(
    books, party_secretary, supervisor
):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's (django-pgtrigger)")
    entry = post(books, party_secretary, supervisor)
    draft = record(books, party_secretary)
    table = Entry._meta.db_table
    for sql in (
        f"UPDATE {table} SET amount = 1 WHERE id = %s",
        f"UPDATE {table} SET state = 'draft' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="Cannot (update|delete)"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    with connection.cursor() as cursor:  # rows not posted are not protected
        cursor.execute(f"UPDATE {table} SET amount = 2 WHERE id = %s", [draft.pk])
    assert Entry.objects.get(pk=entry.pk).amount == Decimal("120.00")
    assert Entry.objects.get(pk=draft.pk).amount == Decimal("2.00")


def test_a_reversal_corrects_the_balance_and_the_ledger_shows_both(
    books, party_secretary, supervisor
):
    entry = post(books, party_secretary, supervisor, amount=Decimal("300.00"))
    assert rules.balances([books])[books.pk] == Decimal("700.00")
    with pytest.raises(ValidationError):
        services.reverse_entry(entry=entry, actor=party_secretary, reason=" ")
    reversal = services.reverse_entry(entry=entry, actor=party_secretary, reason="重复记账")
    assert reversal.direction == "income" and reversal.amount == entry.amount
    assert reversal.reverses_id == entry.pk and reversal.state == S.DRAFT
    ledger.perform(reversal.pk, "submit", actor=party_secretary)  # no receipt needed
    ledger.perform(reversal.pk, "approve", actor=supervisor)
    assert rules.balances([books])[books.pk] == Decimal("1000.00")
    posted = set(Entry.objects.filter(account=books, state=S.POSTED).values_list("pk", flat=True))
    assert posted == {entry.pk, reversal.pk}
    with pytest.raises(ValidationError):
        services.reverse_entry(entry=entry, actor=party_secretary, reason="再冲一次")


def test_an_expense_needs_its_receipt(books, party_secretary):
    entry = record(books, party_secretary, receipts=[])
    with pytest.raises(ValidationError, match="凭证"):
        ledger.perform(entry.pk, "submit", actor=party_secretary)
    income = record(books, party_secretary, receipts=[], direction="income", category="parking")
    ledger.perform(income.pk, "submit", actor=party_secretary)


def test_a_closed_month_takes_no_entry_and_closes_only_once_nothing_waits(
    place, books, party_secretary, supervisor
):
    day = last_month()
    waiting = record(books, party_secretary, occurred_on=day)
    ledger.perform(waiting.pk, "submit", actor=party_secretary)
    with pytest.raises(ValidationError, match="等待审核"):
        services.close_month(compound=place.compound, month=day)
    ledger.perform(waiting.pk, "approve", actor=supervisor)
    services.close_month(compound=place.compound, month=day)
    services.close_month(compound=place.compound, month=day)  # once is enough: no error
    with pytest.raises(ValidationError, match="已关账"):
        record(books, party_secretary, occurred_on=day)
    with pytest.raises(ValidationError):
        services.close_month(compound=place.compound, month=timezone.localdate())


def test_a_draft_dated_in_a_month_closed_since_cannot_be_submitted(place, books, party_secretary):
    day = last_month()
    draft = record(books, party_secretary, occurred_on=day)
    services.close_month(compound=place.compound, month=day)
    with pytest.raises(ValidationError, match="已关账"):
        ledger.perform(draft.pk, "submit", actor=party_secretary)
    assert Entry.objects.get(pk=draft.pk).state == S.DRAFT


def test_only_the_keeper_records_and_only_a_member_of_a_body_keeps(
    place, books, committee_chair, resident, supervisor
):
    with pytest.raises(PermissionDenied):
        record(books, supervisor)
    with pytest.raises(ValidationError):
        services.appoint_keeper(account=books, actor=committee_chair, holder=resident)
    with pytest.raises(PermissionDenied):
        services.appoint_keeper(account=books, actor=resident, holder=supervisor)


AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(moves=st.lists(st.tuples(st.sampled_from(["income", "expense"]), AMOUNTS), max_size=8))
def test_the_balance_is_opening_plus_income_less_expense(
    place, committee_chair, party_secretary, supervisor, moves
):
    with transaction.atomic():
        # Large expenses need a resolution (tested in test_mandate): not the point here.
        FinancePolicy.objects.create(compound=place.compound, mandate_threshold=10**8)
        account = open_kept(place, committee_chair, party_secretary, name="专项", opening="500.00")
        for direction, amount in moves:
            category = "parking" if direction == "income" else "cleaning"
            post(
                account, party_secretary, supervisor,
                direction=direction, amount=amount, category=category,
            )  # fmt: skip
        record(account, party_secretary, amount=Decimal("7.00"))  # a draft counts for nothing
        expected = Decimal("500.00") + sum(
            (a if d == "income" else -a for d, a in moves), start=Decimal(0)
        )
        assert rules.balances([account])[account.pk] == expected
        transaction.set_rollback(True)  # the next example starts from the same books


def test_a_date_in_the_future_or_before_the_account_is_refused_by_the_form(books):
    from finance.forms import EntryForm

    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {
        "direction": "expense",
        "occurred_on": tomorrow.isoformat(),
        "amount": "10",
        "category": "cleaning",
        "counterparty": "x",
    }
    form = EntryForm(data, account=books)
    assert not form.is_valid() and "不能晚于今天" in str(form.errors["occurred_on"])

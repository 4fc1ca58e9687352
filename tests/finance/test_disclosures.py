"""Disclosures (issue 14, item 6): months close and periods are drafted by beat (once,
however often it runs), the supervisory committee approves, the party secretary
publishes; publishing freezes a snapshot whose SHA-256 recomputes, puts a notice on the
board for residents, and nothing later changes it."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from finance import services, statements
from finance.models import Account, ClosedPeriod, Disclosure, PublishedDisclosureError
from finance.tasks import close_and_draft
from tests.finance.conftest import open_kept, post

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def clock():
    with time_machine.travel(date(2026, 4, 2), tick=False) as traveller:
        yield traveller


@pytest.fixture
def quarter(clock, place, committee_chair, party_secretary, supervisor):
    """公共收益 (disclosed quarterly) opened on 1 January with a quarter's entries."""
    books = open_kept(place, committee_chair, party_secretary)
    Account.objects.filter(pk=books.pk).update(opened_on=date(2026, 1, 1))
    books.refresh_from_db()
    for day, direction, amount, category in [
        (date(2026, 1, 5), "income", "3200.00", "parking"),
        (date(2026, 2, 20), "expense", "1450.00", "cleaning"),
        (date(2026, 3, 5), "income", "3240.00", "parking"),
    ]:
        post(books, party_secretary, supervisor, occurred_on=day, direction=direction,
             amount=Decimal(amount), category=category)  # fmt: skip
    return books


def test_cadences_cut_the_year_into_periods(quarter):
    quarter.cadence = "half_yearly"
    assert statements.period_of(quarter, date(2026, 9, 30)) == (
        date(2026, 7, 1),
        date(2026, 12, 31),
    )
    quarter.cadence = "monthly"
    assert statements.period_of(quarter, date(2028, 2, 10)) == (date(2028, 2, 1), date(2028, 2, 29))
    quarter.cadence = "quarterly"
    assert statements.ended_periods(quarter, date(2026, 7, 1)) == [
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 6, 30)),
    ]


def test_beat_closes_the_months_then_drafts_each_period_once(clock, quarter):
    assert close_and_draft() == (2, 0, 0, 0)  # January and February: March is in its 5 days
    clock.move_to(date(2026, 4, 6))
    assert close_and_draft() == (1, 1, 0, 0)  # March closes, the first quarter is drafted
    assert close_and_draft() == (0, 0, 0, 0)  # a second beat drafts nothing new
    assert services.draft_due() == 0
    drafted = Disclosure.objects.get()
    assert (drafted.period_start, drafted.period_end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert ClosedPeriod.objects.count() == 3


def test_two_drafts_of_one_period_are_refused_by_the_database(clock, quarter):
    Disclosure.objects.create(
        account=quarter, period_start=date(2026, 1, 1), period_end=date(2026, 3, 31)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Disclosure.objects.create(
            account=quarter, period_start=date(2026, 1, 1), period_end=date(2026, 3, 31)
        )


def _drafted(clock, quarter) -> Disclosure:
    clock.move_to(date(2026, 4, 6))
    close_and_draft()
    return Disclosure.objects.get()


def test_the_statement_adds_up(clock, quarter):
    figures = statements.figures(quarter, date(2026, 1, 1), date(2026, 3, 31))
    assert figures["opening"] == "1000.00" and figures["closing"] == "5990.00"
    assert figures["income"] == "6440.00" and figures["expense"] == "1450.00"
    assert figures["income_by_category"] == {"parking": "6440.00"}
    assert [line["amount"] for line in figures["lines"]] == ["3200.00", "1450.00", "3240.00"]
    second = statements.figures(quarter, date(2026, 4, 1), date(2026, 6, 30))
    assert second["opening"] == "5990.00"  # the first quarter's closing


def test_approve_then_publish_freezes_a_snapshot_whose_digest_recomputes(
    clock, quarter, party_secretary, supervisor, committee_chair, resident
):
    drafted = _drafted(clock, quarter)
    with pytest.raises(PermissionDenied):
        services.disclosure_approve(disclosure=drafted, actor=party_secretary)
    with pytest.raises(ValidationError):
        services.disclosure_publish(disclosure=drafted, actor=party_secretary)  # not approved
    approved = services.disclosure_approve(disclosure=drafted, actor=supervisor)
    with pytest.raises(PermissionDenied):
        services.disclosure_publish(disclosure=approved, actor=supervisor)
    published = services.disclosure_publish(disclosure=approved, actor=party_secretary)
    assert published.state == "published" and len(published.digest) == 64
    assert statements.digest_of(published.snapshot) == published.digest
    notice = published.notice
    assert notice.compound_id == quarter.compound_id and quarter.name in notice.title
    assert notice.expires_at > timezone.now() + timedelta(days=15)
    assert notice.receipts.filter(user=resident).exists()  # residents are told
    # Entries posted later (a reversal of March's parking, dated in April) change nothing.
    march = quarter.entries.get(occurred_on=date(2026, 3, 5))
    reversal = services.reverse_entry(entry=march, actor=party_secretary, reason="重复记账")
    from finance import workflow as ledger

    ledger.perform(reversal.pk, "submit", actor=party_secretary)
    ledger.perform(reversal.pk, "approve", actor=supervisor)
    stored = Disclosure.objects.get(pk=published.pk)
    assert stored.snapshot["closing"] == "5990.00" and stored.digest == published.digest
    with pytest.raises(PublishedDisclosureError):
        stored.save()


def test_raw_sql_cannot_change_a_published_disclosure_on_postgresql(
    clock, quarter, party_secretary, supervisor
):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's (django-pgtrigger)")
    drafted = _drafted(clock, quarter)
    services.disclosure_approve(disclosure=drafted, actor=supervisor)
    services.disclosure_publish(disclosure=drafted, actor=party_secretary)
    table = Disclosure._meta.db_table
    with (
        pytest.raises(DatabaseError, match="Cannot update"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET digest = 'x' WHERE id = %s", [drafted.pk])


def test_residents_read_published_statements_and_only_committees_read_drafts(
    client, clock, quarter, party_secretary, supervisor, resident, other_owner
):
    drafted = _drafted(clock, quarter)
    url = reverse("finance:disclosure", args=[drafted.pk])
    client.force_login(resident)
    assert client.get(url).status_code == 404
    client.force_login(supervisor)
    page = client.get(url, **ZH).content.decode()
    assert 'data-testid="approve"' in page and "¥5,990.00" in page
    client.post(reverse("finance:disclosure_action", args=[drafted.pk, "approve"]))
    client.force_login(party_secretary)
    client.post(reverse("finance:disclosure_action", args=[drafted.pk, "publish"]))
    drafted.refresh_from_db()
    assert drafted.state == "published"
    client.force_login(resident)
    page = client.get(url, **ZH).content.decode()
    assert drafted.digest in page and "¥5,990.00" in page
    listed = client.get(reverse("finance:disclosures", args=[quarter.compound_id])).content
    assert url.encode() in listed
    client.force_login(other_owner)
    assert client.get(url).status_code == 404
    Account.objects.filter(pk=quarter.pk).update(visibility="public")
    assert client.get(url).status_code == 200


def test_an_account_opened_mid_period_is_drafted_once_its_own_months_close(
    clock, place, committee_chair, party_secretary
):
    books = open_kept(place, committee_chair, party_secretary, name="启动资金")
    Account.objects.filter(pk=books.pk).update(opened_on=date(2026, 2, 15))
    clock.move_to(date(2026, 4, 6))
    assert close_and_draft() == (2, 1, 0, 0)  # February and March; January was before it opened
    assert Disclosure.objects.get().period_start == date(2026, 1, 1)


def test_the_statement_downloads_as_xlsx_and_csv_with_formulas_kept_as_text(
    client, clock, quarter, party_secretary, supervisor, resident
):
    import io

    from openpyxl import load_workbook

    post(quarter, party_secretary, supervisor, occurred_on=date(2026, 3, 9),
         counterparty='=HYPERLINK("http://x")', amount=Decimal("12.00"))  # fmt: skip
    drafted = _drafted(clock, quarter)
    services.disclosure_approve(disclosure=drafted, actor=supervisor)
    services.disclosure_publish(disclosure=drafted, actor=party_secretary)
    client.force_login(resident)
    url = reverse("finance:disclosure_export", args=[drafted.pk, "xlsx"])
    body = b"".join(client.get(url, **ZH).streaming_content)
    sheet = load_workbook(io.BytesIO(body)).active
    cells = []
    for row in sheet.iter_rows():
        values = [c.value for c in row]
        while values and values[-1] is None:
            values.pop()
        cells.append(values)
    assert cells[0] == ["账户", quarter.name] and ["期末余额", 5978] in cells
    drafted.refresh_from_db()
    assert ["SHA-256", drafted.digest] in cells
    hostile = next(row for row in cells if len(row) > 4 and "HYPERLINK" in str(row[4]))
    assert hostile[4].startswith("'=")  # text, never a formula
    csv_body = client.get(url.replace("xlsx", "csv"), **ZH).content
    assert csv_body.startswith("\ufeff".encode()) and "期末余额".encode() in csv_body
    assert client.get(url.replace("xlsx", "pdf")).status_code == 404


def _published(clock, quarter, party_secretary, supervisor) -> Disclosure:
    drafted = _drafted(clock, quarter)
    services.disclosure_approve(disclosure=drafted, actor=supervisor)
    return services.disclosure_publish(disclosure=drafted, actor=party_secretary)


def test_owners_ask_within_the_window_and_the_keeper_answers_publicly(
    client, clock, quarter, party_secretary, supervisor, resident, tenant
):
    from portal.notifications.models import Notification

    published = _published(clock, quarter, party_secretary, supervisor)
    # 7 days from publishing on 6 April: the window ends at 24:00 on 13 April.
    assert timezone.localtime(published.objection_until).date() == date(2026, 4, 14)
    with pytest.raises(PermissionDenied):
        services.question_ask(disclosure=published, asker=tenant, text="租户能问吗？")
    client.force_login(resident)
    url = reverse("finance:ask", args=[published.pk])
    client.post(url, {"text": "二月保洁费为什么是1450元？"})
    question = published.questions.get()
    assert Notification.objects.filter(recipient=party_secretary, event="finance.question")
    with pytest.raises(PermissionDenied):
        services.question_answer(question=question, by=supervisor, answer="我来答")
    client.force_login(party_secretary)
    client.post(reverse("finance:answer", args=[question.pk]), {"answer": "按合同每月1450元。"})
    question.refresh_from_db()
    assert question.answer == "按合同每月1450元。" and question.answered_by == party_secretary
    assert Notification.objects.filter(recipient=resident, event="finance.question")
    client.force_login(tenant)  # every reader sees the question and its answer
    page = client.get(reverse("finance:disclosure", args=[published.pk]), **ZH).content.decode()
    assert "二月保洁费为什么是1450元？" in page and "按合同每月1450元。" in page
    assert 'name="text"' not in page  # a tenant does not ask
    clock.move_to(date(2026, 4, 14))
    with pytest.raises(ValidationError, match="2026-04-13"):
        services.question_ask(disclosure=published, asker=resident, text="还有一个问题")


def test_a_question_unanswered_at_the_window_end_is_flagged_to_community_staff(
    clock, quarter, party_secretary, supervisor, resident, community_staff
):
    from portal.notifications.models import Notification

    published = _published(clock, quarter, party_secretary, supervisor)
    services.question_ask(disclosure=published, asker=resident, text="停车费去哪了？")
    assert close_and_draft()[2] == 0  # the window is still open
    clock.move_to(date(2026, 4, 14))
    assert close_and_draft()[2] == 1
    assert close_and_draft()[2] == 0  # flagged once
    assert Notification.objects.filter(recipient=community_staff, event="finance.question")


def test_the_a4_print_carries_the_digest_and_a_qr_code_to_the_online_copy(
    client, clock, quarter, party_secretary, supervisor, resident
):
    import re

    from tests.compounds.test_views import _decode_qr

    published = _published(clock, quarter, party_secretary, supervisor)
    client.force_login(resident)
    html = client.get(reverse("finance:print", args=[published.pk]), **ZH).content.decode()
    assert published.digest in html and "¥5,990.00" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert _decode_qr(svg) == f"http://testserver/finance/disclosures/{published.pk}/"


def test_the_calendar_marks_what_is_due_late_and_published_and_late_ones_are_flagged(
    client, clock, quarter, party_secretary, supervisor, resident, community_staff
):
    from portal.notifications.models import Notification

    drafted = _drafted(clock, quarter)  # 6 April: Q1 drafted, due by 24:00 on 15 April
    assert timezone.localtime(statements.due_by(drafted.period_end)).date() == date(2026, 4, 16)
    client.force_login(resident)
    url = reverse("finance:calendar", args=[quarter.compound_id])
    statuses = _statuses(client, url)
    assert statuses == ["进行中", "待发布"]  # Q2 under way; Q1 drafted, not yet due
    assert close_and_draft()[3] == 0
    clock.move_to(date(2026, 4, 16))
    assert _statuses(client, url) == ["进行中", "逾期"]
    assert close_and_draft()[3] == 1
    assert close_and_draft()[3] == 0  # flagged once
    assert Notification.objects.filter(recipient=community_staff, event="finance.disclosure")
    services.disclosure_approve(disclosure=drafted, actor=supervisor)
    services.disclosure_publish(disclosure=drafted, actor=party_secretary)
    assert _statuses(client, url) == ["进行中", "逾期发布"]


def _statuses(client, url) -> list[str]:
    import re

    html = client.get(url, **ZH).content.decode()
    return re.findall(r'data-testid="status">([^<]+)<', html)


def test_the_calendar_links_a_draft_only_for_those_who_may_open_it(
    client, clock, quarter, supervisor, resident
):
    drafted = _drafted(clock, quarter)
    link = reverse("finance:disclosure", args=[drafted.pk])
    url = reverse("finance:calendar", args=[quarter.compound_id])
    client.force_login(resident)
    assert link not in client.get(url, **ZH).content.decode()  # it would be a 404
    client.force_login(supervisor)
    assert link in client.get(url, **ZH).content.decode()


def test_a_correction_is_a_new_statement_that_cites_the_old(
    client, clock, quarter, party_secretary, supervisor, committee_chair, resident
):
    first = _published(clock, quarter, party_secretary, supervisor)
    for bad in ("", "   ", "改" * 501):
        with pytest.raises(ValidationError):
            services.disclosure_correct(disclosure=first, actor=party_secretary, reason=bad)
    with pytest.raises(PermissionDenied):
        services.disclosure_correct(disclosure=first, actor=resident, reason="停车费少记一笔")
    assert Disclosure.objects.count() == 1
    client.force_login(party_secretary)
    url = reverse("finance:disclosure_action", args=[first.pk, "correct"])
    client.post(url, {"reason": "2月保洁费应为1,540元"}, **ZH)
    correction = Disclosure.objects.get(corrects=first)
    assert (correction.state, correction.period_start) == ("draft", first.period_start)
    with pytest.raises(ValidationError):  # one correction at a time
        services.disclosure_correct(disclosure=first, actor=party_secretary, reason="再改")
    assert services.flag_late(timezone.now() + timedelta(days=60)) == 0  # never "late"
    services.disclosure_approve(disclosure=correction, actor=supervisor)
    published = services.disclosure_publish(disclosure=correction, actor=committee_chair)
    assert published.snapshot["corrects"] == first.pk
    assert published.snapshot["reason"] == "2月保洁费应为1,540元"
    assert published.digest == statements.digest_of(published.snapshot)
    first.refresh_from_db()
    assert first.digest == statements.digest_of(first.snapshot)  # the old one is untouched
    client.force_login(resident)
    old_page = client.get(reverse("finance:disclosure", args=[first.pk]), **ZH).content.decode()
    assert 'data-testid="corrected-by"' in old_page and f"#{published.pk}" in old_page
    new_page = client.get(reverse("finance:disclosure", args=[published.pk]), **ZH)
    assert 'data-testid="corrects"' in new_page.content.decode()
    assert 'data-testid="correct"' not in old_page  # residents do not start one


def test_a_period_never_drafted_is_flagged_late_once(
    clock, quarter, party_secretary, community_staff
):
    from finance import workflow as ledger
    from portal.notifications.models import Notification
    from tests.finance.conftest import record

    stuck = record(quarter, party_secretary, occurred_on=date(2026, 3, 20))
    ledger.perform(stuck.pk, "submit", actor=party_secretary)  # never reviewed
    clock.move_to(date(2026, 4, 10))
    close_and_draft()
    assert not Disclosure.objects.exists()  # March cannot close: nothing to draft
    assert services.flag_late() == 0  # due by 15 April 24:00
    clock.move_to(date(2026, 4, 16))
    assert services.flag_late() == 1
    assert services.flag_late() == 0  # once
    told = Notification.objects.get(recipient=community_staff, event="finance.disclosure")
    assert told.url == reverse("finance:calendar", args=[quarter.compound_id])


def test_a_long_statement_shows_its_lines_a_page_at_a_time(
    client, clock, quarter, party_secretary, supervisor, resident, monkeypatch
):
    import importlib

    pages = importlib.import_module("finance.views.disclosures")  # the module, not the view
    monkeypatch.setattr(pages, "LINES_PER_PAGE", 2)
    published = _published(clock, quarter, party_secretary, supervisor)
    client.force_login(resident)
    url = reverse("finance:disclosure", args=[published.pk])
    first = client.get(url, **ZH).content.decode()
    assert first.count('class="card ledger-line"') == 2 and "第1页，共2页" in first
    second = client.get(url + "?page=2", **ZH).content.decode()
    assert second.count('class="card ledger-line"') == 1
    assert client.get(url + "?page=abc", **ZH).status_code == 200  # a bad page: the first

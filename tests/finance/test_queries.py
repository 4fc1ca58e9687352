"""The finance pages make the same number of queries whatever the size of the books
(issue 14: query counts pinned at two data sizes)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from finance.models import Entry
from tests.finance.conftest import post, record

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # warm: standing, sessions
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(books, keeper, checker, n):
    for i in range(n):
        post(books, keeper, checker, amount=Decimal(10 + i))
        record(books, keeper, amount=Decimal(1 + i))  # drafts the committees see


@pytest.mark.parametrize(
    "page",
    [
        "finance:account",
        "finance:compound",
        "finance:entry",
        "finance:review",
        "finance:disclosure",
        "finance:calendar",
    ],
)
def test_pages_do_not_grow_with_the_books(client, books, party_secretary, supervisor, page):
    def url():
        if page == "finance:account":
            return reverse(page, args=[books.pk])
        if page == "finance:entry":
            return reverse(page, args=[Entry.objects.filter(state="posted").last().pk])
        if page == "finance:disclosure":  # a draft: its figures read live from the books
            return reverse(page, args=[statement.pk])
        return reverse(page, args=[books.compound_id])

    from finance.models import Disclosure

    today = timezone.localdate()
    statement = Disclosure.objects.create(
        account=books, period_start=today.replace(day=1), period_end=today
    )
    viewer = supervisor
    _grow(books, party_secretary, supervisor, 3)
    client.force_login(viewer)
    small = _queries(client, url())
    _grow(books, party_secretary, supervisor, 30)
    assert _queries(client, url()) == small
    assert small <= 14

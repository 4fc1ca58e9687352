"""Every list page of requests runs the same number of queries with 10 and with 1,000
requests (issue 5's acceptance)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests.models import Category, Request

pytestmark = pytest.mark.django_db


def _bulk(place, reporter, n: int) -> None:
    now = timezone.now()
    light = Category.objects.get(compound=None, code="lighting")
    other = Category.objects.get(compound=None, code="other")
    rows = []
    for i in range(n):
        kind = "help" if i % 5 == 0 else "repair"
        state = ["submitted", "accepted", "assigned", "closed"][i % 4]
        rows.append(
            Request(
                compound=place.compound,
                building=place.building,
                kind=kind,
                category=other if kind == "help" else light,
                description=f"第{i}件",
                state=state,
                outcome="fixed" if state == "closed" else "",
                rating=5 if state == "closed" else None,
                reporter=reporter,
                handler_kind="volunteers" if kind == "help" else "property",
                accept_due=now - timedelta(hours=1),
                resolve_due=now + timedelta(hours=i % 48),
                resolved_at=now if state == "closed" else None,
                closed_at=now if state == "closed" else None,
                escalation_level=i % 2,
            )
        )
    Request.objects.bulk_create(rows, batch_size=500)


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured.captured_queries)


def test_request_lists_cost_the_same_with_10_and_1000(
    client, place, resident, worker, volunteer, street_staff
):
    pages = [
        (resident, reverse("requests:mine")),
        (worker, reverse("requests:queue")),
        (worker, reverse("requests:queue") + "?scope=area&state=all&overdue=1"),
        (street_staff, reverse("requests:queue") + "?scope=area"),
        (volunteer, reverse("requests:help_orders")),
        (resident, reverse("requests:resolved", args=[place.compound.pk])),
    ]
    _bulk(place, resident, 10)
    small = []
    for user, url in pages:
        client.force_login(user)
        small.append(_queries(client, url))
    _bulk(place, resident, 990)
    assert Request.objects.count() == 1000
    for (user, url), expected in zip(pages, small, strict=True):
        client.force_login(user)
        assert _queries(client, url) == expected, url

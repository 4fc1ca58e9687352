"""Every list page of requests runs the same number of queries with 10 and with 1,000
requests (issue 5's acceptance)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests.models import Category, Request
from tests import factories as f

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


def test_a_requests_page_costs_the_same_with_a_short_and_a_long_history(
    client, place, resident, worker, building_head, street_staff, tenant
):
    """The timeline, its photos, the whistles, the return visits and the dispatch choices
    are each one query, whatever their number."""
    from compounds.models import Department
    from portal.images import reencode_image
    from requests import workflow
    from requests.models import Follower, RequestEvent, RequestPhoto, ReturnVisit, Whistle
    from tests.requests.test_workflow import file

    item = file(place, resident)
    workflow.perform(item.pk, "accept", actor=building_head)
    picture = reencode_image(_photo())
    office = place.compound.community.street_office

    def grow(n: int) -> None:
        for i in range(n):
            event = RequestEvent.objects.create(
                request=item, actor=worker, action="accept", to_state="accepted", note=f"{i}"
            )
            photo = RequestPhoto(request=item, event=event)
            photo.image.save(picture.name, picture, save=False)
            photo.save()
            department = Department.objects.create(
                street_office=office, name=f"部门{Department.objects.count()}", kind="government"
            )
            Whistle.objects.create(
                request=item,
                department=department,
                blown_by=street_staff,
                note="x",
                acknowledge_due=timezone.now(),
                respond_due=timezone.now(),
            )
            ReturnVisit.objects.create(request=item, visitor=building_head, note=f"{i}")
            Follower.objects.create(request=item, user=f.UserFactory())

    url = reverse("requests:detail", args=[item.pk])
    grow(1)
    small = {}
    for user in (resident, worker, building_head, tenant):
        client.force_login(user)
        small[user.pk] = _queries(client, url)
    grow(20)
    for user in (resident, worker, building_head, tenant):
        client.force_login(user)
        assert _queries(client, url) == small[user.pk], user


def _photo():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(out, "JPEG")
    return SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")

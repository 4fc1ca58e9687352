"""List pages keep the same number of queries as their data grows (CONVENTIONS: pin the
counts at two data sizes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compounds.announcements.models import Announcement, Receipt
from portal.notifications.services import notify
from requests.models import Category
from requests.services import request_file
from tests import factories as f
from tests.compounds.test_services import photo

pytestmark = pytest.mark.django_db


def _grow(place, resident, committee_chair, n: int) -> None:
    from compounds import services

    for i in range(n):
        notice = Announcement.objects.create(
            publisher=committee_chair, compound=place.compound, title=f"通知{i}", body="x"
        )
        Receipt.objects.create(announcement=notice, user=resident, delivered_at=notice.published_at)
        notify(recipients=[resident], event="announcement.published", params={"title": str(i)})
        services.residency_request(
            user=f.UserFactory(),
            relation="owner",
            evidence=photo(),
            unit=f.UnitFactory(building=place.building),
        )
        f.ResidencyFactory(user=resident, unit=f.UnitFactory(building=place.building))
        request_file(
            reporter=resident,
            compound=place.compound,
            building=place.building,
            category=Category.objects.get(compound=None, code="lighting"),
            description=f"灯坏了{i}",
        )


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


PAGES = [
    ("resident", "announcements:list"),
    ("resident", "notifications:inbox"),
    ("resident", "compounds:my_homes"),
    ("resident", "requests:mine"),
    ("committee_chair", "compounds:review_queue"),
    ("committee_chair", "requests:queue"),
]


def test_list_pages_do_not_grow_with_their_data(client, request, place, resident, committee_chair):
    _grow(place, resident, committee_chair, 1)
    small = {}
    for persona, name in PAGES:
        client.force_login(request.getfixturevalue(persona))
        small[name] = _count(client, reverse(name))
    _grow(place, resident, committee_chair, 11)
    for persona, name in PAGES:
        client.force_login(request.getfixturevalue(persona))
        assert _count(client, reverse(name)) == small[name], name

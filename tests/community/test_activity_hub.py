"""The activities section of the compound's community page (hub order 40): the next few
activities with the reader's sign-ups and hours, nothing for the other compound; a fixed
number of queries; and the community page shows it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from community.hub import SECTIONS
from community.models import Activity, SignUp
from community.queries.activities import activities_section
from community.services import activities as services
from tests.community.activity_world import publish, started

pytestmark = pytest.mark.django_db


def test_section_is_registered_at_40():
    assert (40, activities_section) in SECTIONS


def test_the_next_activities_with_mine_marked(
    client, place, committee_chair, resident, other_owner, django_assert_num_queries
):
    first = publish(place, committee_chair, title="广场舞", starts_in=timedelta(hours=5))
    publish(place, committee_chair, title="阅读社")
    publish(place, committee_chair, title="金婚庆典", starts_in=timedelta(days=9))
    publish(place, committee_chair, title="公益食堂", starts_in=timedelta(days=20))
    services.signup_join(activity=first, user=resident)
    served = publish(place, committee_chair, title="清理楼道", is_service=True)
    services.signup_join(activity=served, user=resident)
    served = started(served, ago=timedelta(hours=3))  # two hours long, over an hour ago
    SignUp.objects.filter(activity=served).update(attended_at=timezone.now())
    assert activities_section(other_owner, place.compound) is None
    with django_assert_num_queries(1):  # the next three, my sign-up and hours in their rows
        section = activities_section(resident, place.compound)
    assert [a.title for a in section["activities"]] == ["广场舞", "阅读社", "金婚庆典"]
    assert section["states"] == {first.pk: "confirmed"}
    assert section["hours"] == Decimal("2")
    client.force_login(resident)
    html = client.get(reverse("community:hub", args=[place.compound.pk])).content.decode()
    assert 'data-testid="hub-activities"' in html
    assert "广场舞" in html and f"/community/compounds/{place.compound.pk}/activities/" in html
    assert 'data-testid="my-hours"' in html
    Activity.objects.exclude(pk=served.pk).delete()
    with django_assert_num_queries(2):  # no row to carry the hours: they are read alone
        section = activities_section(resident, place.compound)
    assert (section["activities"], section["states"], section["hours"]) == ([], {}, Decimal("2"))

"""The activities section of the compound's community page (hub order 40): the next few
activities with the reader's sign-ups and hours, nothing for the other compound; a fixed
number of queries; and the community page shows it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from community.hub import SECTIONS
from community.queries.activities import activities_section
from community.services import activities as services
from tests.community.activity_world import publish

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
    assert activities_section(other_owner, place.compound) is None
    with django_assert_num_queries(3):  # the next three, my sign-ups, my hours
        section = activities_section(resident, place.compound)
    assert [a.title for a in section["activities"]] == ["广场舞", "阅读社", "金婚庆典"]
    assert section["states"] == {first.pk: "confirmed"}
    client.force_login(resident)
    html = client.get(reverse("community:hub", args=[place.compound.pk])).content.decode()
    assert 'data-testid="hub-activities"' in html
    assert "广场舞" in html and f"/community/compounds/{place.compound.pk}/activities/" in html

"""Volunteer hours from other apps (requests.extras.HOURS_SOURCES): a source's hours are
added to the help orders' per person, on the ranking, the party-member board and the
volunteer's home, with where they come from; without a source only help orders count.
Here with a source of the test's own: the requests app knows no other app."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from requests import extras
from requests.extras import HoursSource, hours_source
from requests.hours import HELP_ORDERS, hours_of, hours_ranking
from requests.models import ServiceRecord
from tests import factories as f
from tests.requests.test_workflow import cat, file

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def sources(monkeypatch):
    """The registry emptied for the test (community's source put back afterwards)."""
    registered: list = []
    monkeypatch.setattr(extras, "HOURS_SOURCES", registered)
    monkeypatch.setattr("requests.hours.HOURS_SOURCES", registered)
    return registered


def _help_hours(place, resident, volunteer, hours: str, served_on=None):
    order = file(place, resident, kind="help", category=cat("other"), description="买药")
    return ServiceRecord.objects.create(
        request=order,
        volunteer=volunteer,
        hours=Decimal(hours),
        served_on=served_on or timezone.localdate(),
    )


def test_a_source_adds_its_hours_beside_the_help_orders(
    client, sources, place, resident, volunteer
):
    _help_hours(place, resident, volunteer, "1.5")
    other = f.UserFactory(display_name="钱小梅")
    asked = []

    def in_community(community_id, year, month):
        asked.append((community_id, year, month))
        return {volunteer.pk: ("赵卫东", Decimal("2")), other.pk: ("钱小梅", Decimal("4"))}

    def of_people(user_ids, year, month):
        asked.append((sorted(user_ids), year, month))
        return {volunteer.pk: Decimal("2")}

    hours_source(HoursSource(label="活动", in_community=in_community, of_people=of_people))
    community = place.compound.community_id

    month = timezone.localdate().month
    ranking = hours_ranking(community, YEAR, month)

    assert [(r.volunteer_id, r.total) for r in ranking] == [
        (other.pk, Decimal("4")),
        (volunteer.pk, Decimal("3.5")),
    ]
    assert ranking[1].parts == [(HELP_ORDERS, Decimal("1.5")), ("活动", Decimal("2"))]
    assert ranking[0].parts == [("活动", Decimal("4"))] and ranking[0].name == "钱小梅"
    assert hours_of([volunteer.pk, other.pk], YEAR) == {volunteer.pk: Decimal("3.5")}
    assert asked == [(community, YEAR, month), (sorted([volunteer.pk, other.pk]), YEAR, None)]

    client.force_login(resident)
    page = client.get(reverse("requests:hours_ranking", args=[community]))
    parts = page.content.decode().split('data-testid="ranking"')[1].split("</ol>")[0]
    with translation.override("zh-hans"):  # the label as the page says it
        assert "3.5 小时" in parts and f"{HELP_ORDERS} 1.5 小时 · 活动 2 小时" in parts
    assert parts.index("钱小梅") < parts.index("赵卫东")


def test_without_a_source_only_help_orders_count(client, sources, place, resident, volunteer):
    _help_hours(place, resident, volunteer, "2")
    ranking = hours_ranking(place.compound.community_id, YEAR)
    assert [(r.volunteer_id, r.total, r.parts) for r in ranking] == [
        (volunteer.pk, Decimal("2"), [(HELP_ORDERS, Decimal("2"))])
    ]
    assert hours_of([volunteer.pk], YEAR) == {volunteer.pk: Decimal("2")}


def test_a_source_without_hours_adds_no_line(sources, place, resident, volunteer):
    nobody = f.UserFactory()
    hours_source(
        HoursSource(
            label="活动",
            in_community=lambda *a: {nobody.pk: ("无名", Decimal("0"))},
            of_people=lambda *a: {nobody.pk: Decimal("0")},
        )
    )
    assert hours_ranking(place.compound.community_id, YEAR) == []
    assert hours_of([nobody.pk], YEAR) == {}

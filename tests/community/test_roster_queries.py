"""The roster's pages keep the same number of queries as the week fills up and requests
come in (CONVENTIONS: pinned at two data sizes)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.queries.roster import roster_section
from community.services import roster as services
from community.services.stations import station_open
from requests.models import Category
from requests.services import request_file
from tests import factories as f

# Pinned (the session, the user and the standing's per-request read come first; the standing
# itself is cached after the first view). Changing these numbers needs a reason in the commit.
WEEK_QUERIES = 6  # + the compound, the stations, the week's shifts
DUTY_QUERIES = 6  # + the shift on now, a page of its requests (nothing counts them), my shifts
SHIFT_QUERIES = 6  # + the shift with its people and station, its history
OPEN_SHIFT_QUERIES = 7  # + whether the reader may be on duty there (to take it)


@pytest.fixture
def station(place, party_secretary):
    return station_open(
        by=party_secretary, compound=place.compound, name="人人坞党群服务站", place="东门"
    )


def _grow(place, station, party_secretary, volunteer, resident, n: int) -> None:
    """n people each on a shift of the week (n shifts), each shift still ahead offered to
    anyone, the volunteer on now, and n requests filed during the volunteer's shift."""
    now = timezone.now().replace(second=0, microsecond=0)
    monday = timezone.localtime(now).date() - timedelta(days=timezone.localtime(now).weekday())
    for i in range(n):
        person = f.UserFactory()
        f.RoleAssignmentFactory(user=person, role="volunteer", compound=place.compound)
        start = timezone.make_aware(
            timezone.datetime.combine(monday + timedelta(days=i % 7), timezone.datetime.min.time())
        ) + timedelta(hours=8 + i // 7)
        if start + timedelta(hours=1) <= now:
            start = now + timedelta(hours=1 + i)
        shift = services.shift_arrange(
            station=station,
            by=party_secretary,
            person=person,
            start=start,
            end=start + timedelta(hours=1),
        )
        services.shift_offer_open(shift_id=shift.pk, by=person)
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


def test_the_roster_pages_do_not_grow_with_the_data(
    client, place, station, party_secretary, volunteer, resident, committee_chair
):
    """Read by a resident and by people who may take the open offers (the week's list of
    them and the duty page's come from the same queries)."""
    now = timezone.now()
    shift = services.shift_arrange(
        station=station,
        by=party_secretary,
        person=volunteer,
        start=now - timedelta(minutes=30),
        end=now + timedelta(hours=3),
    )
    offered = services.shift_arrange(
        station=station,
        by=party_secretary,
        person=party_secretary,
        start=now + timedelta(days=8),
        end=now + timedelta(days=8, hours=2),
    )
    services.shift_offer_open(shift_id=offered.pk, by=party_secretary)
    week = reverse("community:roster", args=[place.compound.pk])
    pages = [
        ("week", week, WEEK_QUERIES, resident),
        ("week, may take", week, WEEK_QUERIES, committee_chair),
        ("duty", reverse("community:roster_duty"), DUTY_QUERIES, volunteer),
        # the chair has no shift begun: no page of requests
        ("duty, may take", reverse("community:roster_duty"), DUTY_QUERIES - 1, committee_chair),
        ("shift", reverse("community:roster_shift", args=[shift.pk]), SHIFT_QUERIES, volunteer),
        (
            "shift offered",
            reverse("community:roster_shift", args=[offered.pk]),
            OPEN_SHIFT_QUERIES,
            committee_chair,
        ),
    ]
    counts = {}
    for size in (2, 12):
        _grow(place, station, party_secretary, volunteer, resident, size)
        for name, url, _pinned, who in pages:
            client.force_login(who)
            counts.setdefault(name, []).append(_count(client, url))
    for name, _url, pinned, _who in pages:
        assert counts[name] == [pinned, pinned], (name, counts[name])
    client.force_login(committee_chair)  # the pins were read with the offers on the pages
    duty = client.get(reverse("community:roster_duty")).content.decode()
    assert duty.count('data-testid="open-offer"') > 12


def test_the_hub_section_does_not_grow_with_the_data(
    place, station, party_secretary, volunteer, resident, django_assert_num_queries
):
    now = timezone.now()
    services.shift_arrange(
        station=station,
        by=party_secretary,
        person=volunteer,
        start=now - timedelta(minutes=30),
        end=now + timedelta(hours=3),
    )
    roster_section(volunteer, place.compound)  # the standing, loaded once per request
    for size in (2, 12):
        _grow(place, station, party_secretary, volunteer, resident, size)
        with django_assert_num_queries(3):  # on duty now, the stations, the count
            roster_section(volunteer, place.compound)

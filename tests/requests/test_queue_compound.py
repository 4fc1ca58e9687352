"""The workbench's compound filter (issue 15, drill-down): the dashboard's figures link to
/requests/queue/?scope=area&compound=<id>&overdue=1; the list is that compound's rows,
shown with a chip that removes the filter; a compound outside the area is ignored like
any other bad value (never a 500, never another compound's rows). And one definition of
已超时: the dashboard's kept overdue count of a compound is the number of rows the queue
shows with the overdue filter for it, on random data."""

import random
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.site.dashboard.models import CompoundFigures
from portal.site.dashboard.refresh import refresh_figures
from requests import queries
from requests.models import Request
from tests import factories as f
from tests.requests.test_workflow import cat, file

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
QUEUE = reverse("requests:queue")


def _pks(response) -> set[int]:
    return {r.pk for r in response.context["page"]}


def test_the_compound_filter_lists_that_compound_only_with_a_removable_chip(
    client, place, resident, street_staff
):
    neighbour = f.CompoundFactory(community=place.compound.community, name="清江苑")
    here = file(place, resident)
    there = Request.objects.create(
        compound=neighbour, place="大门", category=cat(), description="灯坏了", reporter=resident,
        handler_kind="property", accept_due=timezone.now() + timedelta(hours=4),
        resolve_due=timezone.now() + timedelta(days=2),
    )  # fmt: skip
    client.force_login(street_staff)
    url = f"{QUEUE}?scope=area&compound={place.compound.pk}&state=all"
    response = client.get(url, **ZH)
    assert _pks(response) == {here.pk}
    html = response.content.decode()
    chip = re.search(r'data-testid="compound-chip">(.*?)</li>', html).group(1)
    assert "翡翠谷小区" in chip and 'href="?scope=area&amp;state=all"' in chip
    remove = response.context["without_compound"]
    assert remove == "?scope=area&state=all"
    assert f'name="compound" value="{place.compound.pk}"' in html  # kept by the other filters
    everything = client.get(QUEUE + remove, **ZH)
    assert _pks(everything) == {here.pk, there.pk}
    assert 'data-testid="compound-chip"' not in everything.content.decode()


@pytest.mark.parametrize("value", ["abc", "-1", "99999999", "1e3", "", "0x1"])
def test_a_bad_compound_is_ignored_like_any_bad_value(client, place, resident, street_staff, value):
    item = file(place, resident)
    client.force_login(street_staff)
    response = client.get(f"{QUEUE}?scope=area&compound={value}")
    assert response.status_code == 200 and _pks(response) == {item.pk}
    assert response.context["compound"] is None


def test_a_compound_outside_the_area_shows_none_of_its_rows(
    client, place, resident, street_staff, other_owner
):
    mine = file(place, resident)
    theirs = Request.objects.create(
        compound=place.other_compound, place="大门", category=cat(), description="漏水",
        reporter=other_owner, handler_kind="property",
        accept_due=timezone.now() + timedelta(hours=4),
        resolve_due=timezone.now() + timedelta(days=2),
    )  # fmt: skip
    client.force_login(street_staff)
    response = client.get(f"{QUEUE}?scope=area&compound={place.other_compound.pk}")
    assert response.status_code == 200
    assert _pks(response) == {mine.pk} and theirs.pk not in _pks(response)
    assert "黄荆岭小区" not in response.content.decode()


def test_the_filter_offers_the_compounds_of_the_area_scope(
    place, resident, worker, building_head, committee_chair, street_staff, community_staff
):
    """queue_compounds restates _area_filter: every compound of a row the area scope shows
    is among the choices, and the compound of the other community is not."""
    file(place, resident)
    file(place, resident, unit=None)  # a common-area request, seen by building heads too
    for person in (worker, building_head, committee_chair, street_staff, community_staff):
        offered = set(queries.queue_compounds(person).values_list("pk", flat=True))
        shown = set(
            queries.queue(person, scope="area", state="all").values_list("compound_id", flat=True)
        )
        assert shown and shown <= offered, person
        assert place.other_compound.pk not in offered


def _random_requests(rng, compounds, reporter, now):
    """Open and closed requests around `now`: some late to be accepted only, some late to
    be on site only, some late to resolve, some on time (never within a minute of now)."""
    for compound in compounds:
        for i in range(rng.randint(3, 14)):
            minutes = [rng.choice([-1, 1]) * rng.randint(2, 3000) for _ in range(3)]
            state = rng.choice(["submitted", "submitted", "accepted", "in_progress", "closed"])
            emergency = rng.random() < 0.3
            Request.objects.create(
                compound=compound, place="大门", category=cat(), description=f"第{i}件",
                reporter=reporter, handler_kind="property", state=state,
                accept_due=now + timedelta(minutes=minutes[0]),
                on_site_due=now + timedelta(minutes=minutes[1]) if emergency else None,
                on_site_at=now - timedelta(minutes=1) if emergency and rng.random() < 0.5 else None,
                resolve_due=now + timedelta(minutes=abs(minutes[2]) * rng.choice([-1, 1, 1])),
            )  # fmt: skip


@pytest.mark.parametrize("seed", range(4))
def test_the_dashboards_overdue_count_is_the_queues_overdue_rows(
    client, place, resident, street_staff, community_staff, seed
):
    rng = random.Random(seed)
    community = place.compound.community
    compounds = [
        place.compound,
        f.CompoundFactory(community=community),
        f.CompoundFactory(community=f.CommunityFactory(street_office=community.street_office)),
    ]
    now = timezone.now()
    _random_requests(rng, [*compounds, place.other_compound], resident, now)
    refresh_figures(now=now)
    kept = dict(CompoundFigures.objects.values_list("compound_id", "overdue_requests"))
    assert sum(kept.values()) > 0
    for person, seen in ((street_staff, compounds), (community_staff, compounds[:2])):
        client.force_login(person)
        for compound in seen:
            response = client.get(f"{QUEUE}?scope=area&compound={compound.pk}&overdue=1")
            page = response.context["page"]
            assert page.paginator.count == kept[compound.pk], (person, compound)
            assert {r.compound_id for r in page} <= {compound.pk}

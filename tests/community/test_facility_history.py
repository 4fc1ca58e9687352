"""A facility's page shows all its checks and all its requests, a page at a time (?page=
for the checks, ?requests= for the requests, each keeping the other), in the same number
of queries whatever their number."""

import pytest
from django.urls import reverse

from community.queries.facilities import HISTORY
from community.services import facilities as services
from requests.models import Category
from requests.services import request_file
from tests.community.facility_world import manholes

pytestmark = pytest.mark.django_db


def _checks(facility, keeper, n: int, note: str = "巡检") -> None:
    for i in range(n):
        services.facility_record(
            by=keeper, facility_id=facility.pk, condition="good", note=f"{note}{i:03d}"
        )


def _requests(place, resident, facility, n: int) -> list:
    drainage = Category.objects.get(compound=None, code="drainage")
    made = []
    for _i in range(n):
        request = request_file(
            reporter=resident,
            compound=place.compound,
            category=drainage,
            description="井盖响",
            building=place.building,
        )
        services.facility_link(facility, request)
        made.append(request)
    return made


def _url(facility, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("community:facility", args=[facility.pk]) + (f"?{query}" if query else "")


def test_every_check_is_shown_a_page_at_a_time(client, place, worker, resident):
    (j1,) = manholes(place, worker, 1)
    _checks(j1, worker, HISTORY + 5)
    client.force_login(resident)
    first = client.get(_url(j1))
    html = first.content.decode()
    assert first.context["history"].paginator.count == HISTORY + 5
    assert f"巡检{HISTORY + 4:03d}" in html and "巡检000" not in html  # newest first
    assert "?page=2" in html
    second = client.get(_url(j1, page=2)).content.decode()
    assert "巡检000" in second and "巡检004" in second and f"巡检{HISTORY + 4:03d}" not in second
    for nonsense in ("0", "-1", "abc", "99999"):
        assert client.get(_url(j1, page=nonsense)).status_code == 200


def test_every_request_is_shown_a_page_at_a_time_keeping_the_checks_page(
    client, place, worker, resident
):
    (j1,) = manholes(place, worker, 1)
    _checks(j1, worker, HISTORY + 1)
    made = _requests(place, resident, j1, HISTORY + 2)
    client.force_login(resident)
    html = client.get(_url(j1, page=2)).content.decode()
    assert f"#{made[-1].pk} " in html and f"#{made[0].pk} " not in html
    assert "page=2&amp;requests=2" in html  # the requests' next page keeps the checks' page
    second = client.get(_url(j1, page=2, requests=2))
    assert [r.pk for r in second.context["requests"].object_list] == [made[1].pk, made[0].pk]
    assert second.context["history"].number == 2


def _count(client, url, django_assert_num_queries, n) -> None:
    client.get(url)  # the standing, kept in the process, is read on the first
    with django_assert_num_queries(n):
        assert client.get(url).status_code == 200


# Session, user, notification badge; the facility; the count and page of its requests and
# of its checks (the page's plan is none: the facility is not on it).
QUERIES = 8


def test_the_facility_page_does_not_grow_with_its_history(
    client, place, worker, resident, django_assert_num_queries
):
    (j1,) = manholes(place, worker, 1)
    _checks(j1, worker, 2)
    _requests(place, resident, j1, 2)
    client.force_login(resident)
    for url in (_url(j1), _url(j1, page=2, requests=2)):
        _count(client, url, django_assert_num_queries, QUERIES)
    _checks(j1, worker, 2 * HISTORY + 3)
    _requests(place, resident, j1, HISTORY + 4)
    for url in (_url(j1), _url(j1, page=2, requests=2), _url(j1, page=3)):
        _count(client, url, django_assert_num_queries, QUERIES)

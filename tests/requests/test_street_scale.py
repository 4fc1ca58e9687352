"""Requests at street scale (issue 13): the queues, my requests, the 已解决 board, the
departments page and a request's page make as many queries with a few requests as with
many of every handler kind; the kept figures equal the live computation."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compounds.models import Department
from requests import queries, workflow
from requests.models import Category, Follower, Request, Satisfaction, StreetFigures, Whistle
from requests.permissions import team_ids, teams_of
from requests.services.figures import satisfaction_refresh, street_figures_refresh
from requests.tasks import recount_satisfaction, refresh_street_figures
from tests.requests.test_workflow import file

pytestmark = pytest.mark.django_db

KINDS = ["property", "housing_officer", "committee", "volunteers", "community", "street_office"]


def _bulk(place, reporter, n: int, *, soon: bool) -> None:
    """n requests of every handler kind, at both compounds, open and closed; `soon` ones
    are due first, so they fill the first page of the queues."""
    now = timezone.now()
    light = Category.objects.get(compound=None, code="lighting")
    rows = []
    for i in range(n):
        state = ["submitted", "accepted", "assigned", "closed"][i % 4]
        compound = place.compound if i % 3 else place.other_compound
        rows.append(
            Request(
                compound=compound,
                building=place.building if compound == place.compound else None,
                place="" if compound == place.compound else "大门",
                category=light,
                description=f"第{i}件",
                state=state,
                outcome="fixed" if state == "closed" else "",
                rating=1 + i % 5 if state == "closed" else None,
                reporter=reporter,
                handler_kind=KINDS[i % len(KINDS)],
                accept_due=now - timedelta(hours=1),
                resolve_due=now + timedelta(minutes=i if soon else 10_000 + i),
                resolved_at=now if state == "closed" else None,
                closed_at=now - timedelta(minutes=i) if state == "closed" else None,
                escalation_level=i % 2,
            )
        )
    Request.objects.bulk_create(rows, batch_size=500)


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured.captured_queries)


def test_every_page_costs_the_same_with_few_and_many_requests_of_every_kind(
    client,
    place,
    resident,
    worker,
    building_head,
    committee_chair,
    community_staff,
    street_staff,
    tenant,
):
    queue = reverse("requests:queue")
    office = place.compound.community.street_office
    item = file(place, resident)
    pages = [
        (worker, queue),
        (worker, queue + "?scope=area&state=all&overdue=1&page=2"),
        (building_head, queue),
        (committee_chair, queue + "?scope=area"),
        (community_staff, queue),
        (street_staff, queue),
        (street_staff, queue + "?scope=area&escalated=1"),
        (resident, reverse("requests:mine")),
        (tenant, reverse("requests:mine")),
        (resident, reverse("requests:resolved", args=[place.compound.pk])),
        (street_staff, reverse("requests:departments", args=[office.pk])),
        (resident, reverse("requests:detail", args=[item.pk])),
        (street_staff, reverse("requests:detail", args=[item.pk])),
    ]
    _bulk(place, resident, 8, soon=False)
    Follower.objects.create(request=item, user=tenant)
    recount_satisfaction()
    refresh_street_figures()
    small = []
    for user, url in pages:
        client.force_login(user)
        small.append(_queries(client, url))
    _bulk(place, resident, 600, soon=True)
    Follower.objects.bulk_create(
        Follower(request=r, user=tenant) for r in Request.objects.filter(unit__isnull=True)[:80]
    )
    recount_satisfaction()
    StreetFigures.objects.update(computed_at=None)
    refresh_street_figures()
    for (user, url), expected in zip(pages, small, strict=True):
        client.force_login(user)
        assert _queries(client, url) == expected, url


def test_the_dispatch_choices_of_a_page_are_the_teams_of_its_requests(
    place, resident, worker, housing_officer, committee_chair, community_staff, street_staff
):
    items = []
    for kind in KINDS:
        item = file(place, resident)
        Request.objects.filter(pk=item.pk).update(handler_kind=kind)
        items.append(Request.objects.select_related("compound__community").get(pk=item.pk))
    expected = set().union(*(team_ids(item) for item in items))
    assert {worker.pk, housing_officer.pk, committee_chair.pk, street_staff.pk} <= expected
    people = get_user_model().objects.filter(teams_of(items))
    assert set(people.values_list("pk", flat=True)) == expected
    for item in items:  # and for each request alone
        alone = get_user_model().objects.filter(teams_of([item]))
        assert set(alone.values_list("pk", flat=True)) == team_ids(item), item.handler_kind


def test_my_requests_lists_what_i_reported_and_what_i_follow_once(client, place, resident, tenant):
    mine = file(place, resident)
    followed = file(place, tenant)
    Follower.objects.create(request=followed, user=resident)
    Follower.objects.create(request=mine, user=resident)  # both: listed once
    file(place, tenant)  # neither
    assert list(queries.mine(resident)) == [followed, mine]


def test_the_board_shows_the_kept_rating_and_moves_it_with_each_rating(
    client, place, resident, worker, building_head
):
    _bulk(place, resident, 20, soon=False)
    url = reverse("requests:resolved", args=[place.compound.pk])
    live = queries.satisfaction(Request.objects.filter(compound=place.compound))
    assert client.get(url).context["satisfaction"]["updated_at"] is None  # not counted yet
    kept = satisfaction_refresh(compound_id=place.compound.pk)
    page = client.get(url)
    assert page.context["satisfaction"]["average"] == live["average"]
    assert page.context["satisfaction"]["rated"] == live["rated"]
    assert 'data-testid="updated"' in page.content.decode()
    assert page.context["page"].paginator.count == queries.resolved_board(place.compound).count()

    item = file(place, resident)
    workflow.perform(item.pk, "assign", actor=building_head, assignee=worker)
    workflow.perform(item.pk, "resolve", actor=worker, outcome="fixed")
    workflow.perform(item.pk, "confirm", actor=resident, rating=1)
    moved = Satisfaction.objects.get(pk=place.compound.pk)
    assert (moved.rated, moved.rating_sum, moved.resolved) == (
        kept.rated + 1,
        kept.rating_sum + 1,
        kept.resolved + 1,
    )
    recounted = satisfaction_refresh(compound_id=place.compound.pk)
    assert (recounted.rated, recounted.rating_sum, recounted.resolved) == (
        moved.rated,
        moved.rating_sum,
        moved.resolved,
    )


def test_the_departments_figures_kept_equal_the_live_ones_and_refresh_once(
    client, place, resident, street_staff
):
    office = place.compound.community.street_office
    _bulk(place, resident, 30, soon=False)
    now = timezone.now()
    for i, item in enumerate(Request.objects.all()[:12]):
        department = Department.objects.create(
            street_office=office, name=f"部门{i % 3}{i}", kind="government"
        )
        Whistle.objects.create(
            request=item,
            department=department,
            blown_by=street_staff,
            note="x",
            acknowledge_due=now - timedelta(hours=i),
            respond_due=now + timedelta(hours=i - 6),
            acknowledged_at=now - timedelta(hours=i, minutes=30) if i % 2 else None,
            responded_at=now - timedelta(minutes=i) if i % 3 == 0 else None,
        )
    Request.objects.filter(rating__isnull=False).update(handler=street_staff)
    assert street_figures_refresh(street_office_id=office.pk, now=now)
    assert not street_figures_refresh(street_office_id=office.pk)  # a second beat: nothing

    url = reverse("requests:departments", args=[office.pk])
    client.force_login(street_staff)
    page = client.get(url)
    handled = Request.objects.filter(compound__community__street_office=office)
    assert page.context["performance"] == queries.department_performance(office.pk, now)
    assert page.context["handlers"] == queries.satisfaction_by_handler(handled)[:30]
    assert page.context["computed_at"] == now
    assert 'data-testid="computed"' in page.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1e9", "<script>", "2%00"])
def test_odd_page_numbers_give_a_page_not_an_error(
    client, place, resident, worker, street_staff, page
):
    _bulk(place, resident, 60, soon=True)
    recount_satisfaction()
    for user, url in [
        (worker, reverse("requests:queue")),
        (street_staff, reverse("requests:queue") + "?scope=area&state=all"),
        (resident, reverse("requests:mine")),
        (resident, reverse("requests:resolved", args=[place.compound.pk])),
    ]:
        client.force_login(user)
        assert client.get(url, {"page": page}).status_code == 200, (url, page)

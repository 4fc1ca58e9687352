import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from requests import permissions, workflow
from requests.models import Request
from tests.requests.test_workflow import cat, escalate, file

pytestmark = pytest.mark.django_db


def test_waiting_for_us_follows_the_handler_kind(client, place, resident, worker, street_staff):
    repair = file(place, resident)
    water = file(place, resident, category=cat("water"))  # the utility's job
    client.force_login(worker)
    html = client.get(reverse("requests:queue")).content.decode()
    assert f"#{repair.pk} " in html and f"#{water.pk} " not in html
    client.force_login(street_staff)
    assert f"#{repair.pk} " not in client.get(reverse("requests:queue")).content.decode()
    area = client.get(reverse("requests:queue") + "?scope=area").content.decode()
    assert f"#{repair.pk} " in area and f"#{water.pk} " in area


def test_escalated_requests_wait_for_the_street_office_with_their_history(
    client, place, resident, street_staff
):
    item = file(place, resident, urgency="emergency")
    escalate(item, 3, note="超时自动上报")
    Request.objects.filter(pk=item.pk).update(resolve_due=timezone.now() - timedelta(hours=1))
    client.force_login(street_staff)
    response = client.get(reverse("requests:queue") + "?overdue=1")
    html = response.content.decode()
    assert f"#{item.pk} " in html
    counters = response.context["counters"]
    assert counters == {"new": 1, "overdue": 1, "escalated": 1}
    detail = client.get(reverse("requests:detail", args=[item.pk])).content.decode()
    assert detail.count("超时自动上报") == 3
    # "Escalated to us only" keeps the escalated one and drops what is merely in the area.
    plain = file(place, resident)
    escalated_only = client.get(reverse("requests:queue") + "?scope=area&escalated=1")
    assert [r.pk for r in escalated_only.context["page"]] == [item.pk]
    everything = client.get(reverse("requests:queue") + "?scope=area")
    assert {r.pk for r in everything.context["page"]} == {item.pk, plain.pk}


def test_filters_return_only_the_rows_fragment_to_htmx(client, place, resident, worker):
    file(place, resident)
    client.force_login(worker)
    fragment = client.get(reverse("requests:queue") + "?state=all", HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<div id="queue-rows">')


def test_help_board_claim_and_the_second_volunteer_is_told_it_is_taken(
    client, place, resident, volunteer
):
    from tests import factories as f

    other = f.UserFactory()
    f.RoleAssignmentFactory(user=other, role="volunteer", compound=place.compound)
    order = file(place, resident, kind="help", category=cat("other"), description="帮忙买药")
    client.force_login(volunteer)
    assert f"#{order.pk} " in client.get(reverse("requests:help_orders")).content.decode()
    response = client.post(reverse("requests:claim", args=[order.pk]))
    assert response.url == reverse("requests:detail", args=[order.pk])
    client.force_login(other)
    response = client.post(
        reverse("requests:claim", args=[order.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "已经被别人接了" in response.content.decode()
    assert Request.objects.get(pk=order.pk).handler == volunteer


def test_a_neighbour_follows_a_common_area_problem_but_not_a_home(client, place, resident, tenant):
    from tests import factories as f

    hallway = file(place, resident)
    home = file(place, resident, building=None, unit=f.UnitFactory(building=place.building))
    client.force_login(tenant)
    page = client.get(reverse("requests:detail", args=[hallway.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "我也遇到了" in page.content.decode()
    client.post(reverse("requests:follow", args=[hallway.pk]))
    assert hallway.followers.filter(user=tenant).exists()
    assert client.get(reverse("requests:detail", args=[home.pk])).status_code == 404
    assert client.post(reverse("requests:follow", args=[home.pk])).status_code == 404


def test_filing_shows_similar_open_requests_to_follow(client, place, resident, tenant):
    existing = file(place, resident)
    client.force_login(tenant)
    url = (
        reverse("requests:new") + f"?category={existing.category_id}"
        f"&where=building:{place.building.pk}"
    )
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="similar"') and f"#{existing.pk} " in fragment
    other_category = client.get(
        reverse("requests:new") + f"?category={cat('water').pk}&where=building:{place.building.pk}",
        HTTP_HX_REQUEST="true",
    )
    assert f"#{existing.pk} " not in other_category.content.decode()


def test_resolved_board_shows_what_was_fixed_without_personal_data(client, place, resident, worker):
    item = file(place, resident, description="刘桂英家门口的灯坏了")
    workflow.perform(item.pk, "assign", actor=worker, assignee=worker)
    workflow.perform(item.pk, "resolve", actor=worker, outcome="fixed")
    workflow.perform(item.pk, "confirm", actor=resident, rating=4)
    file(place, resident, description="还没修的")
    html = client.get(
        reverse("requests:resolved", args=[place.compound.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "照明" in html and "刘桂英" not in html and "还没修的" not in html
    assert "13800000001" not in html
    assert re.search(r'data-testid="satisfaction">[^<]*4(\.0)?[^<]*1', html)


def test_satisfaction_averages_the_ratings():
    from requests.queries import satisfaction

    assert satisfaction(Request.objects.none()) == {"average": None, "rated": 0}


def test_volunteer_hours_add_up_and_rank(client, place, resident, volunteer):
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from requests import services
    from requests.hours import hours_ranking

    order = file(place, resident, kind="help", category=cat("other"), description="买药")
    workflow.perform(order.pk, "claim", actor=volunteer)
    with pytest.raises(ValidationError):
        services.service_hours_record(request=order, volunteer=volunteer, hours=2)  # not done
    workflow.perform(order.pk, "resolve", actor=volunteer)
    client.force_login(volunteer)
    client.post(reverse("requests:record_hours", args=[order.pk]), {"hours": "1.5"})
    client.post(reverse("requests:record_hours", args=[order.pk]), {"hours": "3"})  # once only
    for bad in ["0", "25", "abc"]:
        with pytest.raises(ValidationError):
            services.service_hours_record(request=order, volunteer=volunteer, hours=bad)
    today = timezone.localdate()
    ranking = hours_ranking(place.compound.community_id, today.year, today.month)
    assert [(r.volunteer_id, r.total) for r in ranking] == [(volunteer.pk, Decimal("1.5"))]
    page = client.get(reverse("requests:hours_ranking", args=[place.compound.community_id]))
    assert "赵卫东" in page.content.decode()
    # The party-member board shows the year's hours next to the member (a party volunteer).
    board = client.get(reverse("site:party_board", args=[place.compound.pk]))
    members = board.content.decode().split('data-testid="members"')[1].split("</ul>")[0]
    assert "赵卫东" in members and "1.5" in members


def test_bulk_dispatch_goes_through_the_workflow_one_by_one(
    client, place, resident, building_head, worker, tenant
):
    mine = [file(place, resident) for _ in range(3)]
    elsewhere = file(place, resident, category=cat("water"))  # the utility's: no worker team
    client.force_login(building_head)
    page = client.get(reverse("requests:queue") + "?scope=area")
    assert "吴师傅" in page.content.decode()
    response = client.post(
        reverse("requests:bulk_dispatch"),
        {
            "request": [str(r.pk) for r in [*mine, elsewhere]],
            "assignee": str(worker.pk),
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert Request.objects.filter(handler=worker, state="assigned").count() == 3
    assert Request.objects.get(pk=elsewhere.pk).state == "submitted"
    assert "3" in response.content.decode()
    client.force_login(tenant)  # a neighbour cannot dispatch anything
    client.post(
        reverse("requests:bulk_dispatch"),
        {"request": [str(elsewhere.pk)], "assignee": str(worker.pk)},
    )
    assert Request.objects.get(pk=elsewhere.pk).state == "submitted"


def test_the_party_branch_dispatches_a_help_order_to_a_named_volunteer(
    place, resident, party_secretary, volunteer
):
    order = file(place, resident, kind="help", category=cat("other"), description="陪诊")
    assert volunteer.pk in permissions.team_ids(order)
    workflow.perform(order.pk, "assign", actor=party_secretary, assignee=volunteer)
    assert Request.objects.get(pk=order.pk).handler == volunteer


def test_the_next_page_keeps_the_filters(client, place, resident, building_head):
    for _ in range(26):
        file(place, resident)
    client.force_login(building_head)
    html = client.get(reverse("requests:queue") + "?scope=area&state=all").content.decode()
    next_link = html.split('class="pagination"')[1].split("</nav>")[0]
    assert "scope=area" in next_link and "state=all" in next_link and "page=2" in next_link

"""The service activities people attended count in the requests app's volunteer hours
(community registers an hours source, requests.extras.HOURS_SOURCES): summed with the help
orders per person on the ranking, the party-member board and the volunteer's home; by the
local month the activity began; only attendance at the community's own service activities;
the community's own figures (a person's hours, a team's) count each attendance once; and a
fixed number of queries whatever the number of volunteers."""

import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from community.models import Activity, SignUp, Team
from community.queries.activities import (
    hours_in_community,
    hours_of_people,
    person_hours,
    team_hours,
)
from requests.extras import HOURS_SOURCES
from requests.hours import HELP_ORDERS, hours_of, hours_ranking
from requests.models import ServiceRecord
from tests import factories as f
from tests.requests.test_workflow import cat, file

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _activity(place, *, at=None, hours=2, compound=None, community=None, **fields) -> Activity:
    # Today's local midnight by default: this month and year whatever the hour of the test.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    starts = at or today
    where = {"community": community} if community else {"compound": compound or place.compound}
    return Activity.objects.create(
        **where,
        created_by=f.UserFactory(),
        title=fields.pop("title", "楼道清理"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        place="12栋楼道",
        is_service=fields.pop("is_service", True),
        hours=Decimal(hours),
        **fields,
    )


def _came(activity: Activity, user, *, attended=True, state="confirmed") -> SignUp:
    position = activity.signups.count() + 1
    return SignUp.objects.create(
        activity=activity,
        user=user,
        state=state,
        position=position,
        attended_at=activity.starts_at if attended else None,
    )


def _help_hours(place, resident, volunteer, hours: str) -> ServiceRecord:
    order = file(place, resident, kind="help", category=cat("other"), description="买药")
    return ServiceRecord.objects.create(request=order, volunteer=volunteer, hours=Decimal(hours))


def _this_month():
    today = timezone.localdate()
    return today.year, today.month


def test_community_provides_the_hours_of_its_activities():
    mine = [s for s in HOURS_SOURCES if s.in_community is hours_in_community]
    assert len(mine) == 1 and mine[0].of_people is hours_of_people
    with translation.override("zh-hans"):
        assert str(mine[0].label) == "活动"


def test_the_ranking_sums_help_orders_and_activities_per_person(
    client, place, resident, volunteer, tenant
):
    _help_hours(place, resident, volunteer, "1.5")
    _came(_activity(place, hours=2), volunteer)
    community_wide = _activity(place, hours=3, community=place.compound.community)
    _came(community_wide, volunteer)
    _came(community_wide, tenant)  # a tenant serves like anyone: counted by attendance
    year, month = _this_month()

    ranking = hours_ranking(place.compound.community_id, year, month)

    assert [(r.volunteer_id, r.total) for r in ranking] == [
        (volunteer.pk, Decimal("6.5")),
        (tenant.pk, Decimal("3")),
    ]
    assert ranking[0].parts[0] == (HELP_ORDERS, Decimal("1.5"))
    assert ranking[0].parts[1][1] == Decimal("5")
    assert hours_of([volunteer.pk, tenant.pk, resident.pk], year) == {
        volunteer.pk: Decimal("6.5"),
        tenant.pk: Decimal("3"),
    }
    client.force_login(volunteer)
    page = client.get(reverse("requests:hours_ranking", args=[place.compound.community_id]))
    rows = page.content.decode().split('data-testid="ranking"')[1].split("</ol>")[0]
    with translation.override("zh-hans"):
        assert "6.5 小时" in rows and f"{HELP_ORDERS} 1.5 小时 · 活动 5 小时" in rows
    assert rows.index("赵卫东") < rows.index("马小龙")


def test_only_attendance_at_the_communitys_service_activities_counts(
    place, resident, volunteer, other_owner
):
    served = _activity(place)
    _came(served, volunteer)
    _came(served, resident, attended=False)  # signed up, did not come
    _came(served, other_owner, attended=False, state="waiting")
    _came(_activity(place, title="广场舞", is_service=False), resident)  # not a service
    _came(_activity(place, state=Activity.State.CANCELLED), resident)  # called off
    elsewhere = _activity(place, compound=place.other_compound)  # another community's
    _came(elsewhere, volunteer)
    _came(elsewhere, other_owner)
    year, month = _this_month()

    ranking = hours_ranking(place.compound.community_id, year, month)

    assert [(r.volunteer_id, r.total) for r in ranking] == [(volunteer.pk, Decimal("2"))]
    other_community = place.other_compound.community_id
    assert hours_in_community(other_community, year, month) == {
        volunteer.pk: ("赵卫东", Decimal("2")),
        other_owner.pk: ("郑玉梅", Decimal("2")),
    }
    # Wherever they served, for the party-member board: both activities of the volunteer.
    assert hours_of_people([volunteer.pk, resident.pk], year) == {volunteer.pk: Decimal("4")}


def test_an_activity_counts_in_the_local_month_and_year_it_began(place, volunteer):
    """23:30 on 31 May in Shanghai is 15:30 UTC on 31 May: May. 00:30 on 1 June is still
    31 May in UTC: June. 23:30 on 31 December: that year, not the next."""
    community = place.compound.community_id
    late_may = datetime(2025, 5, 31, 23, 30, tzinfo=SHANGHAI)
    early_june = datetime(2025, 6, 1, 0, 30, tzinfo=SHANGHAI)
    new_years_eve = datetime(2025, 12, 31, 23, 30, tzinfo=SHANGHAI)
    assert early_june.astimezone(ZoneInfo("UTC")).month == 5
    _came(_activity(place, at=late_may, hours=1), volunteer)
    _came(_activity(place, at=early_june, hours=2), volunteer)
    _came(_activity(place, at=new_years_eve, hours=4), volunteer)

    def total(year, month=None):
        return {r.volunteer_id: r.total for r in hours_ranking(community, year, month)}

    assert total(2025, 5) == {volunteer.pk: Decimal("1")}
    assert total(2025, 6) == {volunteer.pk: Decimal("2")}
    assert total(2025, 12) == {volunteer.pk: Decimal("4")}
    assert total(2025) == {volunteer.pk: Decimal("7")}
    assert total(2026, 1) == {} and total(2026) == {}
    assert hours_of_people([volunteer.pk], 2025, 5) == {volunteer.pk: Decimal("1")}
    assert hours_of_people([volunteer.pk], 2026) == {}


def test_the_community_pages_count_each_attendance_once(
    place, resident, volunteer, committee_chair
):
    """A person's hours and a team's come from activities alone (the help orders' hours are
    the requests app's, added on its pages): nothing is counted twice."""
    _help_hours(place, resident, volunteer, "1.5")
    team = Team.objects.create(
        compound=place.compound, name="清洁队", kind="environment", leader=committee_chair
    )
    first, second = _activity(place, team=team), _activity(place, hours=3, team=team)
    for activity in (first, second):
        _came(activity, volunteer)
    _came(second, resident)
    assert person_hours(volunteer) == Decimal("5")
    hours = Team.objects.filter(pk=team.pk).annotate(hours=team_hours()).get().hours
    assert hours == Decimal("8")
    year, month = _this_month()
    ranking = {
        r.volunteer_id: r.total for r in hours_ranking(place.compound.community_id, year, month)
    }
    assert ranking == {volunteer.pk: Decimal("6.5"), resident.pk: Decimal("3")}


def test_the_party_board_and_the_volunteers_home_add_the_activities(
    client, place, resident, volunteer
):
    _help_hours(place, resident, volunteer, "1.5")
    _came(_activity(place, hours=3), volunteer)
    client.force_login(volunteer)
    board = client.get(reverse("site:party_board", args=[place.compound.pk]))
    assert board.context["hours"] == {volunteer.pk: Decimal("4.5")}
    members = board.content.decode().split('data-testid="members"')[1].split("</ul>")[0]
    assert "赵卫东" in members and "4.5" in members
    home = client.get("/").content.decode()
    counted = re.search(r'data-counter="hours"><strong data-count>([\d.]+)</strong>', home)
    assert counted.group(1) == "4.5"  # as the ranking it links to counts them


def _volunteers(place, count: int, start: int) -> None:
    order = file(place, f.UserFactory(), kind="help", category=cat("other"), description="买菜")
    activity = _activity(place, title=f"清理{start}")
    for i in range(count):
        person = f.UserFactory(display_name=f"志愿者{start + i}")
        ServiceRecord.objects.create(request=order, volunteer=person, hours=Decimal("1"))
        _came(activity, person)


def test_the_ranking_reads_a_fixed_number_of_queries(
    client, place, resident, django_assert_num_queries
):
    url = reverse("requests:hours_ranking", args=[place.compound.community_id])
    client.force_login(resident)
    _volunteers(place, 2, 0)
    client.get(url)  # warm-up: session, standing, translations
    # session and user, the community as the reader sees it, the help orders' hours, the
    # activities' hours, the header's unread notifications
    with django_assert_num_queries(6) as few:
        assert client.get(url).context["rows"]
    _volunteers(place, 12, 100)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(url).context["rows"]) == 14
    people = [
        r.volunteer_id
        for r in hours_ranking(place.compound.community_id, timezone.localdate().year)
    ]
    with django_assert_num_queries(2):  # the help orders', the activities'
        hours_of(people, timezone.localdate().year)

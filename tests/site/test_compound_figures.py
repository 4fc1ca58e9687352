"""A compound's figures page (issue 15): its staff and its own residents see the same kept
figures, health parts and trends; only staff get the links to the lists behind them;
nobody else finds it; no personal data; its cost does not grow with the data. The links
to it from the dashboard and from the compound's page; the dashboard's trends."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from compounds.models import Residency, RoleAssignment
from portal.site.dashboard.models import CompoundFigures, TrendMonth
from portal.site.dashboard.refresh import refresh_figures
from portal.site.dashboard.trends import months_to
from tests import factories as f

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _url(compound) -> str:
    return reverse("site:compound_figures", args=[compound.pk])


def _trouble(compound):
    CompoundFigures.objects.update_or_create(
        compound=compound,
        defaults={
            "computed_at": timezone.now(),
            "open_requests": 5,
            "overdue_requests": 2,
            "escalated_requests": 1,
            "suggestions_overdue": 3,
            "accounts": 1,
            "disclosures_late": 4,
            "terms_ending": 1,
            "vacancies": 3,
            "role_slots": 6,
        },
    )


def _get(client, user, compound, status=200) -> str:
    client.force_login(user)
    response = client.get(_url(compound), **ZH)
    assert response.status_code == status
    return response.content.decode()


def test_staff_see_the_figures_with_the_lists_behind_them(client, place, street_staff):
    _trouble(place.compound)
    html = _get(client, street_staff, place.compound)
    pk = place.compound.pk
    queue = f"{reverse('requests:queue')}?scope=area&amp;compound={pk}"
    assert f'<td data-testid="open"><a href="{queue}">5</a>' in html
    assert f'<a class="late" href="{queue}&amp;overdue=1">2</a>' in html
    assert f'<a href="{queue}&amp;escalated=1">1</a>' in html
    calendar = reverse("finance:calendar", args=[pk])
    assert f'<a class="late" href="{calendar}">4</a>' in html
    suggestions = reverse("deliberation:suggestions", args=[pk])
    assert f'<a class="late" href="{suggestions}?late=1">3</a>' in html
    assert f'<a href="{reverse("compounds:bodies", args=[pk])}">1</a>' in html
    assert "更新于" in html
    for link in (calendar, reverse("deliberation:suggestions", args=[pk])):
        assert client.get(link).status_code == 200, link  # within the viewer's scope


def test_residents_see_the_same_figures_without_staff_links_and_no_personal_data(
    client, place, resident, tenant, street_staff
):
    _trouble(place.compound)
    for user in (resident, tenant):  # any relation
        html = _get(client, user, place.compound)
        assert "/requests/queue/" not in html and "/calendar/" not in html
        assert re.search(r'data-testid="overdue">2<', html)
        assert 'data-part="overdue"' in html and "×25" in html
        assert "刘桂英" not in html and "马小龙" not in html and "138" not in html
        assert "301" not in html
    staff = _get(client, street_staff, place.compound)
    strip = lambda h: re.sub(r"<a [^>]*>|</a>", "", h.split('data-testid="figures"')[1])  # noqa: E731
    body = lambda h: strip(h).split("</table>")[0]  # noqa: E731
    assert body(staff) == body(html)  # what staff see, less the links


def test_everyone_else_finds_nothing(client, place, resident, other_owner, worker):
    far_staff = f.UserFactory()
    f.RoleAssignmentFactory(
        user=far_staff, role=RoleAssignment.Role.STREET_STAFF, street_office=f.StreetOfficeFactory()
    )
    far_community = f.UserFactory()
    f.RoleAssignmentFactory(
        user=far_community, role=RoleAssignment.Role.COMMUNITY_STAFF, community=f.CommunityFactory()
    )
    for user in (other_owner, worker, far_staff, far_community):
        _get(client, user, place.compound, status=404)
    _get(client, resident, place.other_compound, status=404)
    client.logout()
    response = client.get(_url(place.compound))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_home_waiting_for_verification_or_ended_is_not_a_residency_here(client, place):
    waiting = f.UserFactory()
    f.ResidencyFactory(user=waiting, unit=f.UnitFactory(building=place.building), status="pending")
    moved = f.UserFactory()
    f.ResidencyFactory(
        user=moved,
        unit=f.UnitFactory(building=place.building),
        end=timezone.localdate() - timedelta(days=1),
    )
    assert Residency.objects.filter(user__in=[waiting, moved]).count() == 2
    for user in (waiting, moved):
        _get(client, user, place.compound, status=404)


def test_before_the_first_count_the_page_says_so(client, place, resident):
    html = _get(client, resident, place.compound)
    assert 'class="empty-state"' in html and 'data-testid="figures"' not in html
    assert 'data-testid="chart-' in html  # the trends: every month a gap, the tables "—"


def _history(compound, months=12):
    now = timezone.now()
    rows = [
        TrendMonth(
            level=TrendMonth.Level.COMPOUND,
            place_id=compound.pk,
            month=m,
            computed_at=now,
            filed=i,
            resolved=i,
            resolve_hours=None if i % 3 else i * 2 + 1,
            rated=i % 2,
            rating_sum=(i % 2) * 4,
            rated_good=i % 2,
        )
        for i, m in enumerate(months_to(now)[-months:])
    ]
    TrendMonth.objects.bulk_create(rows)


def _queries(client, url, django_assert_max_num_queries) -> int:
    client.get(url)  # warm-up: session, standing, translations
    with django_assert_max_num_queries(12) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_page_costs_the_same_with_little_and_much_data(
    client, place, street_staff, resident, django_assert_max_num_queries
):
    url = _url(place.compound)
    for user in (street_staff, resident):
        client.force_login(user)
        refresh_figures()
        few = _queries(client, url, django_assert_max_num_queries)
        TrendMonth.objects.filter(level="compound").delete()
        _history(place.compound)
        for _ in range(3):
            f.CompoundFactory(community=place.compound.community)
        assert _queries(client, url, django_assert_max_num_queries) == few


def test_the_charts_show_a_gap_for_a_month_without_data_and_carry_their_table(
    client, place, resident
):
    _trouble(place.compound)
    _history(place.compound, months=6)  # the six oldest months have no row
    html = _get(client, resident, place.compound)
    key = f"c{place.compound.pk}-resolve"
    chart = html.split(f'data-testid="chart-{key}"')[1].split("</figure>")[0]
    assert 'role="img"' in chart and f'aria-labelledby="{key}-title {key}-desc"' in chart
    assert "<title id=" in chart and "<table" in chart
    cells = re.findall(r'<tr><th scope="row">[^<]+</th><td>([^<]+)</td>', chart)
    assert len(cells) == 12
    # No row for the six oldest months; of the others, a median in the first and fourth.
    assert cells == ["—"] * 6 + ["1.0", "—", "—", "7.0", "—", "—"]
    assert chart.count("<circle") == 2  # two medians drawn, no zero for the others


def test_the_dashboard_links_each_compound_to_its_figures_page(client, place, street_staff):
    _trouble(place.compound)
    client.force_login(street_staff)
    html = client.get("/dashboard/", **ZH).content.decode()
    url = _url(place.compound)
    assert f'<th scope="row"><a href="{url}">{place.compound.name}</a>' in html
    assert f'<a href="{url}">' in html.split("<details>")[1].split("</details>")[0]


def test_the_compound_page_links_its_figures_for_residents_and_staff_only(
    client, place, resident, street_staff, worker
):
    detail = reverse("compounds:detail", args=[place.compound.pk])
    for user, shown in ((resident, True), (street_staff, True), (worker, False)):
        client.force_login(user)
        response = client.get(detail, **ZH)
        assert response.status_code == 200
        assert (f'href="{_url(place.compound)}"' in response.content.decode()) is shown, user


def test_the_dashboard_shows_the_trends_of_each_place_its_viewer_serves(
    client, place, street_staff, community_staff, django_assert_max_num_queries
):
    refresh_figures()
    office = place.compound.community.street_office
    community = place.compound.community
    client.force_login(street_staff)
    html = client.get("/dashboard/", **ZH).content.decode()
    assert (
        f'data-testid="chart-o{office.pk}-requests"' in html and f"<h3>{office.name}</h3>" in html
    )
    assert 'data-testid="chart-m' not in html
    client.force_login(community_staff)
    html = client.get("/dashboard/", **ZH).content.decode()
    assert f'data-testid="chart-m{community.pk}-requests"' in html and "chart-o" not in html
    # A second role: one set per place served.
    f.RoleAssignmentFactory(
        user=community_staff, role=RoleAssignment.Role.STREET_STAFF, street_office=office
    )
    html = client.get("/dashboard/", **ZH).content.decode()
    assert html.count('-requests"') == 2

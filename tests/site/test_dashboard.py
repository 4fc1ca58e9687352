"""The dashboard page (issue 15): who sees which compounds, its order and sorting, its cost
whatever the number of compounds; the governance-health formula by hand; the staff home
panel's kept counters."""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from compounds.models import Compound, RoleAssignment
from compounds.permissions import can
from portal.site.dashboard.health import RULES, health, linear
from portal.site.dashboard.models import CompoundFigures
from portal.site.dashboard.queries import SORTS, dashboard_compounds
from portal.site.dashboard.refresh import refresh_figures
from tests import factories as f

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
URL = "/dashboard/"


def _figures(**values):
    base = {
        "overdue_requests": 0,
        "rating_average": None,
        "resolve_hours_90": None,
        "suggestions_overdue": 0,
        "accounts": 0,
        "disclosures_late": 0,
        "vacancies": 0,
        "role_slots": 0,
        "last_vote_area_share": None,
        "last_vote_heads_share": None,
    }
    return SimpleNamespace(**base | values)


def test_linear_scores_both_directions_and_clamps():
    assert linear(0, 0, 5) == 100 and linear(5, 0, 5) == 0 and linear(9, 0, 5) == 0
    assert linear(2, 0, 5) == 60
    assert linear(Decimal("4.5"), 4.5, 3.0) == 100 and linear(Decimal("3.75"), 4.5, 3.0) == 50
    assert linear(Decimal("2"), 4.5, 3.0) == 0


def test_thresholds_are_shown_as_people_write_them():
    shown = {r.key: (r.good_shown, r.bad_shown) for r in RULES}
    assert shown["participation"] == ("66.7%", "33.3%")
    assert shown["vacancies"] == ("0%", "50%")
    assert shown["resolve_time"] == ("48", "168") and shown["satisfaction"] == ("4.5", "3")


def test_health_by_hand_renormalises_over_the_parts_with_data():
    # Only the parts that always have data: overdue (25) and suggestions (10).
    # 2 overdue → 60; 3 suggestions late → 0: (60×25 + 0×10) / 35 = 42.86 → 43.
    h = health(_figures(overdue_requests=2, suggestions_overdue=3))
    assert h.score == 43
    assert [p.rule.key for p in h.parts if p.score is None] == [
        "satisfaction",
        "resolve_time",
        "disclosures",
        "vacancies",
        "participation",
    ]


EVERY = {
    "overdue_requests": 1,  # 80 ×25
    "rating_average": Decimal("4.20"),  # (4.2−3)/1.5 = 80 ×15
    "resolve_hours_90": Decimal("108"),  # (168−108)/120 = 50 ×10
    "suggestions_overdue": 0,  # 100 ×10
    "accounts": 2,
    "disclosures_late": 1,  # 50 ×15
    "vacancies": 3,
    "role_slots": 12,  # 25% vacant: 50 ×10
    "last_vote_area_share": Decimal("0.7"),
    "last_vote_heads_share": Decimal("0.5"),  # the lower, 0.5: 50 ×15
}


def test_health_by_hand_with_every_part():
    h = health(_figures(**EVERY))
    scores = {p.rule.key: p.score for p in h.parts}
    assert scores == {
        "overdue": 80,
        "satisfaction": 80,
        "resolve_time": 50,
        "suggestions": 100,
        "disclosures": 50,
        "vacancies": 50,
        "participation": 50,
    }
    assert sum(p.weight for p in h.parts) == 100
    # (2000 + 1200 + 500 + 1000 + 750 + 500 + 750) / 100 = 67
    assert h.score == 67
    # Without a closed vote the others count in proportion: (6700 − 750) / 85 = 70
    assert health(_figures(**EVERY | {"last_vote_heads_share": None})).score == 70
    # Without accounts nothing is late, but nothing is disclosed either: left out.
    assert health(_figures(**EVERY | {"accounts": 0})).score == round((6700 - 750) / 85)


def _office_world(place):
    """Beside the fixture's two compounds: one more in its community, one in another
    community of its street office, one in another street office."""
    community = place.compound.community
    return SimpleNamespace(
        same=f.CompoundFactory(community=community, name="同社区小区"),
        sibling=f.CompoundFactory(
            community=f.CommunityFactory(street_office=community.street_office),
            name="同街道小区",
        ),
        far=f.CompoundFactory(name="外街道小区"),
    )


def _names(client, user, query="") -> list[str]:
    client.force_login(user)
    response = client.get(URL + query, **ZH)
    assert response.status_code == 200
    return re.findall(
        r'data-compound="\d+">\s*<th scope="row"><a [^>]*>([^<]+)<', response.content.decode()
    )


def test_community_staff_see_their_community_and_street_staff_their_street_office(
    client, place, street_staff, community_staff, resident
):
    w = _office_world(place)
    refresh_figures()
    assert sorted(_names(client, community_staff)) == sorted([place.compound.name, w.same.name])
    assert sorted(_names(client, street_staff)) == sorted(
        [place.compound.name, w.same.name, w.sibling.name]
    )
    client.force_login(resident)
    assert client.get(URL).status_code == 404


def test_the_scope_is_the_rule_dashboard_view(place, street_staff, community_staff, resident):
    _office_world(place)
    for user in (street_staff, community_staff):
        scope = set(dashboard_compounds(user).values_list("pk", flat=True))
        ruled = {c.pk for c in Compound.objects.all() if can(user, "dashboard.view", c)}
        assert scope == ruled and scope
    assert dashboard_compounds(resident) is None
    assert not any(can(resident, "dashboard.view", c) for c in Compound.objects.all())


def _trouble(compound, overdue: int, suggestions: int = 0):
    now = timezone.now()
    CompoundFigures.objects.update_or_create(
        compound=compound,
        defaults={
            "computed_at": now,
            "overdue_requests": overdue,
            "open_requests": overdue,
            "suggestions_overdue": suggestions,
        },
    )
    row = CompoundFigures.objects.get(compound=compound)
    row.health_score = health(row).score  # as refresh_figures keeps it
    row.save()


def test_worst_health_first_a_column_on_demand_and_a_bad_sort_falls_back(
    client, place, street_staff
):
    w = _office_world(place)
    _trouble(place.compound, overdue=1)
    _trouble(w.same, overdue=4)
    _trouble(w.sibling, overdue=0, suggestions=3)  # health 71 (0×10 + 100×25 / 35)
    worst = [w.same.name, w.sibling.name, place.compound.name]
    assert _names(client, street_staff) == worst
    for bad in ["?sort=nonsense", "?sort=", "?sort=__class__", "?sort=%00", "?sort=health&sort=x"]:
        assert _names(client, street_staff, bad) == worst, bad
    assert _names(client, street_staff, "?sort=suggestions")[0] == w.sibling.name
    html = client.get(URL + "?sort=overdue", **ZH).content.decode()
    assert 'aria-sort="descending"><a href="?sort=overdue"' in html
    assert "更新于" in html and "<details>" in html


def test_compounds_not_counted_yet_come_last_with_a_note(client, place, street_staff):
    _trouble(place.compound, overdue=0)
    w = _office_world(place)
    assert _names(client, street_staff)[0] == place.compound.name
    assert set(_names(client, street_staff)[1:]) == {w.same.name, w.sibling.name}
    for key in SORTS:
        assert len(_names(client, street_staff, f"?sort={key}")) == 3, key


def _queries(client, django_assert_max_num_queries) -> int:
    client.get(URL)  # warm-up: session, standing, translations
    with django_assert_max_num_queries(12) as captured:
        assert client.get(URL + "?sort=satisfaction").status_code == 200
    return len(captured.captured_queries)


def test_the_page_costs_the_same_with_two_and_with_many_compounds(
    client, place, street_staff, django_assert_max_num_queries
):
    client.force_login(street_staff)
    refresh_figures()
    few = _queries(client, django_assert_max_num_queries)
    community = place.compound.community
    for i in range(30):
        f.CompoundFactory(
            community=community
            if i % 2
            else f.CommunityFactory(street_office=community.street_office)
        )
    refresh_figures()
    assert _queries(client, django_assert_max_num_queries) == few


def test_the_overdue_count_opens_the_queue_and_late_disclosures_the_calendar(
    client, place, street_staff
):
    _trouble(place.compound, overdue=2)
    CompoundFigures.objects.filter(compound=place.compound).update(accounts=1, disclosures_late=3)
    client.force_login(street_staff)
    html = client.get(URL, **ZH).content.decode()
    queue = f"/requests/queue/?scope=area&amp;compound={place.compound.pk}&amp;overdue=1"
    assert f'<td data-testid="overdue"><a href="{queue}" class="late">2</a>' in html
    calendar = reverse("finance:calendar", args=[place.compound.pk])
    assert f'<td data-testid="disclosures-late"><a href="{calendar}" class="late">3</a>' in html
    assert client.get(calendar).status_code == 200  # within the viewer's scope


def test_staff_home_shows_the_kept_figures_and_links_the_dashboard(
    client, place, street_staff, community_staff
):
    _trouble(place.compound, overdue=6, suggestions=4)  # health 0: in poor health
    for user in (street_staff, community_staff):
        client.force_login(user)
        html = client.get("/", **ZH).content.decode()
        assert 'data-testid="open-dashboard"' in html and "/soon/dashboard/" not in html
        assert re.search(r'href="/dashboard/" data-counter="poor"><strong data-count>1<', html)
        assert re.search(
            r'href="/dashboard/\?sort=suggestions" data-counter="suggestions">'
            r"<strong data-count>4<",
            html,
        )


def test_a_second_staff_role_of_the_same_office_reads_the_kept_rows_once(
    client, place, street_staff, django_assert_num_queries
):
    office = place.compound.community.street_office
    f.RoleAssignmentFactory(
        user=street_staff, role=RoleAssignment.Role.STREET_STAFF, street_office=office
    )
    client.force_login(street_staff)
    client.get("/")
    # 7 for one role (test_home); the second lists its compounds again (home's own query)
    # but shares the first one's kept figures.
    with django_assert_num_queries(8):
        html = client.get("/", **ZH).content.decode()
    assert html.count('data-testid="open-dashboard"') == 2


def test_a_share_of_two_thirds_scores_full_participation():
    h = health(_figures(last_vote_area_share=Decimal("0.6667"), last_vote_heads_share=Decimal("1")))
    assert {p.rule.key: p.score for p in h.parts}["participation"] == 100

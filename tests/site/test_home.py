import pytest
from django.urls import reverse

from compounds.models import RoleAssignment
from tests import factories as f

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _panels(client, user) -> list[str]:
    client.force_login(user)
    html = client.get(reverse("site:home"), **ZH).content.decode()
    return [part.split('"')[0] for part in html.split('data-panel="')[1:]]


def test_anonymous_visitor_sees_the_welcome_page_in_chinese(client, db):
    html = client.get("/", **ZH).content.decode()
    assert "一起" in html or "共治" in html
    assert reverse("account_login") in html and reverse("account_signup") in html


def test_resident_home_has_the_seven_tiles_and_the_compound_name(client, resident):
    client.force_login(resident)
    html = client.get("/", **ZH).content.decode()
    for label in ["报修", "求助", "通知", "议事", "我的报修", "我的房屋"]:
        assert f'<span class="tile-label">{label}</span>' in html
    assert 'class="tile tile-my_requests" href="/requests/"' in html
    assert '<span class="tile-label">财务</span>' in html and "/soon/" not in html
    assert 'class="tile tile-finances" href="/finance/"' in html
    assert 'data-testid="current-compound">翡翠谷小区<' in html
    slot = _section(html, "votes-slot")  # owners see the vote slot
    assert '<h3 id="votes-heading">待我投票</h3>' in slot
    assert 'data-testid="votes-waiting"' not in slot  # no vote is open


def _section(html: str, testid: str) -> str:
    """The HTML of the element marked data-testid=`testid` (up to its closing tag)."""
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


def test_tenant_has_no_vote_slot(client, tenant):
    client.force_login(tenant)
    html = client.get("/", **ZH).content.decode()
    assert 'data-testid="votes-slot"' not in html and "待我投票" not in html


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("resident", ["resident"]),
        ("tenant", ["resident"]),
        ("building_head", ["resident", "building"]),
        ("housing_officer", ["resident", "building"]),
        ("committee_chair", ["resident", "committee"]),
        ("party_secretary", ["resident", "committee", "ledger"]),
        ("supervisor", ["resident", "committee"]),
        ("worker", ["worker"]),
        ("street_staff", ["dashboard"]),
        ("community_staff", ["dashboard"]),
        ("volunteer", ["resident", "volunteer"]),
        ("other_owner", ["resident"]),
    ],
)
def test_each_demo_role_gets_a_home_written_for_it(client, request, persona, expected):
    assert _panels(client, request.getfixturevalue(persona)) == expected


def test_user_without_home_or_role_is_asked_to_join_a_home(client, db):
    assert _panels(client, f.UserFactory()) == ["newcomer"]


def test_ended_role_no_longer_shapes_the_home(client, resident, place):
    import datetime

    f.BuildingRoleFactory(
        holder=resident,
        building=place.building,
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2021, 1, 1),
    )
    assert _panels(client, resident) == ["resident"]


@pytest.mark.parametrize(
    ("persona", "queries"),
    # Since issue 12 the role panels show live counts (portal/site/counters.py); since issue
    # 13 the standing is kept across requests, so a second opening loads it not at all
    # (but for a property company's contracts, read on every request). Since issue 14 item
    # 9 an owner's home asks once for the campaigns waiting for their answer; since issue 15
    # staff read the dashboard's kept figures of their compounds (one query). Since issue 17
    # a resident's home asks once who is answerable for their homes (四包, 党员联系户), and
    # someone with a seat or a volunteer role asks once whether they are on duty now.
    [("resident", 8), ("worker", 8), ("committee_chair", 10), ("street_staff", 7)],
)
def test_home_loads_the_standing_once(client, request, persona, queries, django_assert_num_queries):
    """The header, the home panels and every permission check share one load of the
    user's standing (four queries, five for a property company's staff), kept across
    requests until it changes. Before issue 12 each of these pages ran four queries more
    (14, 13, 14 and 12); before issue 13 the standing's queries ran on every request."""
    client.force_login(request.getfixturevalue(persona))
    client.get("/")  # warm-up: session, translations
    with django_assert_num_queries(queries):
        client.get("/")


def test_home_query_count_does_not_grow_with_roles(client, db, django_assert_max_num_queries):
    """Panels of the same kind share their counts: a second volunteer role, a second seat
    and more homes add no query (each building held adds its own three counts)."""
    user = f.UserFactory()
    compound = f.CompoundFactory()
    building = f.BuildingFactory(compound=compound)
    f.ResidencyFactory(user=user, unit=f.UnitFactory(building=building))
    f.RoleAssignmentFactory(user=user, role=RoleAssignment.Role.VOLUNTEER, compound=compound)
    f.MembershipFactory(user=user, body=f.BodyFactory(compound=compound))
    f.BuildingRoleFactory(holder=user, building=building)
    client.force_login(user)
    client.get("/")  # warm-up: session, translations
    with django_assert_max_num_queries(22) as few:
        client.get("/")
    first = len(few.captured_queries)
    f.RoleAssignmentFactory(user=user, role=RoleAssignment.Role.VOLUNTEER, compound=compound)
    f.MembershipFactory(user=user, body=f.BodyFactory(compound=compound, kind="party_branch"))
    for _ in range(3):
        f.ResidencyFactory(user=user, unit=f.UnitFactory(building=f.BuildingFactory()))
    client.get("/")  # the changed standing is loaded once, then kept (compounds/standing.py)
    with django_assert_max_num_queries(first):
        client.get("/")


def test_coming_soon_pages_exist_only_for_known_features(client, resident):
    client.force_login(resident)
    assert client.get(reverse("site:coming_soon", args=["report"])).status_code == 200
    assert client.get(reverse("site:coming_soon", args=["nothing"])).status_code == 404


def test_large_text_is_remembered_on_the_account(client, resident):
    client.force_login(resident)
    response = client.post(reverse("portal:large_text"), {"enabled": "1", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    resident.refresh_from_db()
    assert resident.large_text
    client.cookies.pop("large_text")  # a new device: the account still remembers
    assert 'class="large-text"' in client.get("/").content.decode()
    client.post(reverse("portal:large_text"), {"enabled": "0"})
    resident.refresh_from_db()
    assert not resident.large_text


def test_large_text_before_sign_in_is_kept_in_a_cookie(client, db):
    client.post(reverse("portal:large_text"), {"enabled": "1"})
    assert 'class="large-text"' in client.get("/").content.decode()


def test_large_text_refuses_get_and_foreign_redirects(client, db):
    assert client.get(reverse("portal:large_text")).status_code == 405
    response = client.post(
        reverse("portal:large_text"), {"enabled": "1", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_language_switch_to_english_and_back(client, resident):
    client.force_login(resident)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert ">Report<" in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert ">报修<" in client.get("/").content.decode()


def test_demo_accounts_listed_only_with_portal_demo(client, db, settings):
    settings.PORTAL_DEMO = False
    assert "data-demo-phone" not in client.get(reverse("account_login")).content.decode()
    settings.PORTAL_DEMO = True
    html = client.get(reverse("account_login"), **ZH).content.decode()
    assert html.count("data-demo-phone=") == 10
    assert "13800000007" in html


def test_demo_login_signs_in_with_one_click(client, resident, settings):
    settings.PORTAL_DEMO = True
    response = client.post(reverse("portal:demo_login"), {"phone": "13800000001"})
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == resident


def test_demo_login_is_closed_without_portal_demo(client, resident, settings):
    settings.PORTAL_DEMO = False
    response = client.post(reverse("portal:demo_login"), {"phone": "13800000001"})
    assert response.status_code == 404
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_demo_login_refuses_non_demo_numbers_and_get(client, db, settings):
    settings.PORTAL_DEMO = True
    user = f.UserFactory(phone="+8613912345678")
    assert client.post(reverse("portal:demo_login"), {"phone": "13912345678"}).status_code == 404
    assert client.get(reverse("portal:demo_login")).status_code == 405
    assert user.last_login is None


def test_messages_are_dismissible_notices_in_chinese(client, db):
    # Opening the code page with no pending reset explains why, as a dismissible notice.
    response = client.get(reverse("portal:password_reset_phone_confirm"), follow=True, **ZH)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("portal:password_reset_phone")
    assert 'class="message message-error" role="alert"' in html
    assert "data-dismiss" in html and "验证码" in html


def test_large_text_chosen_before_sign_in_survives_signing_in(client, resident):
    from tests.factories import PASSWORD

    client.post(reverse("portal:large_text"), {"enabled": "1"})
    client.post(reverse("account_login"), {"login": "13800000001", "password": PASSWORD})
    resident.refresh_from_db()
    assert resident.large_text
    assert 'class="large-text"' in client.get("/").content.decode()

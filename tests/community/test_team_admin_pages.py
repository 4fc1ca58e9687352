"""The pages that change a team's leader and disband it: who sees the tools, the statuses
of those who may not (403) and of other compounds (404), bad input explained on the form,
and a disbanded team gone from the lists and from its members' sight."""

import pytest
from django.conf import settings
from django.urls import reverse

from community.models import Team, TeamMember
from community.services import teams as services

pytestmark = pytest.mark.django_db
State = TeamMember.State


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    """These tests read the pages' English words (the Chinese are the language walk's)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def team(place, party_secretary, volunteer, resident):
    """Led by the volunteer; the resident is a member."""
    made = services.team_create(
        by=party_secretary,
        compound=place.compound,
        name="环保卫生服务队",
        kind="environment",
        leader=volunteer,
    )
    applied = services.team_apply(team=made, user=resident)
    services.team_decide(team=made, member_id=applied.pk, by=volunteer, accept=True)
    return made


def _url(name, team):
    return reverse(f"community:{name}", args=[team.pk])


def _member(team, user) -> TeamMember:
    return TeamMember.objects.get(team=team, user=user)


def test_the_leader_and_the_secretary_see_the_tools_a_member_does_not(
    client, team, volunteer, party_secretary, resident
):
    client.force_login(volunteer)
    page = client.get(_url("team", team)).content.decode()
    assert 'data-testid="team-tools"' in page and "For the leader" in page
    assert _url("team_leader", team) in page and _url("team_disband", team) in page
    client.force_login(party_secretary)
    page = client.get(_url("team", team)).content.decode()
    assert "Managing the team" in page and "Appoint a new leader from the members" in page
    client.force_login(resident)
    page = client.get(_url("team", team)).content.decode()
    assert 'data-testid="team-tools"' not in page and _url("team_disband", team) not in page


def test_a_team_of_one_offers_no_hand_over(client, place, party_secretary, volunteer):
    alone = services.team_create(
        by=party_secretary, compound=place.compound, name="阅读社", kind="other", leader=volunteer
    )
    client.force_login(volunteer)
    assert _url("team_leader", alone) not in client.get(_url("team", alone)).content.decode()
    page = client.get(_url("team_leader", alone))
    assert page.status_code == 200 and b'data-testid="nobody-to-lead"' in page.content


def test_the_leader_hands_over_through_the_page(client, team, volunteer, resident):
    client.force_login(volunteer)
    page = client.get(_url("team_leader", team))
    assert page.status_code == 200
    choices = page.context["form"].fields["member"].queryset
    assert list(choices) == [_member(team, resident)]  # the leader is not offered
    response = client.post(_url("team_leader", team), {"member": _member(team, resident).pk})
    assert response.status_code == 302 and response["Location"] == _url("team", team)
    assert Team.objects.get(pk=team.pk).leader == resident
    # The old leader's tools are gone; the new leader's are there.
    assert b'data-testid="team-tools"' not in client.get(_url("team", team)).content
    assert client.get(_url("team_leader", team)).status_code == 403
    client.force_login(resident)
    page = client.get(_url("team", team)).content.decode()
    assert 'data-testid="team-tools"' in page and 'data-testid="hand-over-link"' in page


@pytest.mark.parametrize("member", ["", "abc", "-1", "99999999", "applicant", "leader"])
def test_a_bad_choice_of_leader_is_explained_and_changes_nothing(
    client, team, volunteer, tenant, member
):
    applicant = services.team_apply(team=team, user=tenant)
    value = {"applicant": applicant.pk, "leader": _member(team, volunteer).pk}.get(member, member)
    client.force_login(volunteer)
    response = client.post(_url("team_leader", team), {"member": value})
    assert response.status_code == 200
    assert response.context["form"].errors["member"]
    assert Team.objects.get(pk=team.pk).leader == volunteer


@pytest.mark.parametrize("name", ["team_leader", "team_disband"])
def test_the_pages_refuse_members_and_neighbours_and_hide_from_other_compounds(
    client, team, resident, tenant, building_head, other_owner, name
):
    url = _url(name, team)
    for user in (resident, tenant, building_head):
        client.force_login(user)
        assert client.get(url).status_code == 403
        data = {"member": _member(team, resident).pk, "reason": "走"}
        assert client.post(url, data).status_code == 403
    client.force_login(other_owner)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "走"}).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    assert Team.objects.get(pk=team.pk).disbanded_at is None
    assert Team.objects.get(pk=team.pk).leader_id == team.leader_id


def test_other_methods_are_not_allowed(client, team, volunteer):
    client.force_login(volunteer)
    for name in ("team_leader", "team_disband"):
        assert client.put(_url(name, team)).status_code == 405


def test_the_confirm_page_says_what_disbanding_does(client, team, volunteer, tenant):
    services.team_apply(team=team, user=tenant)
    client.force_login(volunteer)
    page = client.get(_url("team_disband", team))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Its 2 members are told" in text and "1 application still waiting is closed" in text
    assert 'data-testid="disband"' in text and 'name="reason"' in text


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Say in a few words why the team is disbanded."),
        ("   ", "Say in a few words why the team is disbanded."),
        ("理" * 201, "Keep the reason within 200 characters."),
        ("\x01\x02", "Say in a few words why the team is disbanded."),
    ],
)
def test_a_bad_reason_is_explained_on_the_form(client, team, volunteer, reason, message):
    client.force_login(volunteer)
    response = client.post(_url("team_disband", team), {"reason": reason})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Team.objects.get(pk=team.pk).disbanded_at is None


def test_a_disbanded_team_is_gone_for_residents_and_marked_for_those_who_managed_it(
    client, place, team, volunteer, resident, party_secretary
):
    client.force_login(volunteer)
    response = client.post(_url("team_disband", team), {"reason": "队员都搬走了"})
    assert response.status_code == 302 and response["Location"] == _url("team", team)
    for manager in (volunteer, party_secretary):
        client.force_login(manager)
        page = client.get(_url("team", team)).content.decode()
        assert 'data-testid="disbanded"' in page and "队员都搬走了" in page
        assert 'data-testid="team-tools"' not in page and 'data-testid="apply"' not in page
        assert "members when it was disbanded" in page and "Zones the team keeps" not in page
        assert client.get(_url("team_disband", team)).status_code == 302  # nothing left to do
        assert client.get(_url("team_leader", team)).status_code == 302
        hub = client.get(reverse("community:hub", args=[place.compound.pk]))
        assert "环保卫生服务队" not in hub.content.decode()
        listed = client.get(reverse("community:teams", args=[place.compound.pk])).context
        assert team.pk not in [t.pk for t in listed["teams"]]  # below, among the disbanded
    client.force_login(resident)  # a member: the team is gone
    assert client.get(_url("team", team)).status_code == 404
    assert client.post(_url("team_leave", team)).status_code == 404
    assert client.get(_url("team_disband", team)).status_code == 404
    assert _member(team, resident).state == State.MEMBER


def test_a_second_tap_on_disband_changes_nothing(client, team, volunteer):
    client.force_login(volunteer)
    client.post(_url("team_disband", team), {"reason": "队员都搬走了"})
    again = client.post(_url("team_disband", team), {"reason": "再来一次"})
    assert again.status_code == 302 and again["Location"] == _url("team", team)
    assert Team.objects.get(pk=team.pk).disband_reason == "队员都搬走了"


def test_those_who_manage_teams_find_the_disbanded_ones_below_the_list(
    client, place, team, volunteer, resident, party_secretary, django_assert_num_queries
):
    url = reverse("community:teams", args=[place.compound.pk])
    services.team_disband(team=team, by=volunteer, reason="队员都搬走了")
    client.force_login(party_secretary)
    page = client.get(url)
    assert [t.pk for t in page.context["disbanded"]] == [team.pk]
    assert _url("team", team) in page.content.decode()
    with django_assert_num_queries(6):  # one of them reads the disbanded teams
        client.get(url)
    for name in ("宣教文艺队", "安全巡逻队"):
        more = services.team_create(
            by=party_secretary, compound=place.compound, name=name, kind="other", leader=volunteer
        )
        services.team_disband(team=more, by=party_secretary, reason="合并")
    client.get(url)
    with django_assert_num_queries(6):
        assert len(client.get(url).context["disbanded"]) == 3
    client.force_login(resident)
    page = client.get(url)
    assert page.context["disbanded"] == [] and _url("team", team) not in page.content.decode()

"""Volunteer teams (issue 17, item 1): who creates, applies, accepts, leaves; the pages."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, DecimalField, Value, When
from django.urls import reverse

from community import extras
from community.models import Team, TeamMember
from community.services import teams as services
from portal.audit import AuditEvent
from portal.notifications.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db
State = TeamMember.State


def _team(compound, leader, by, name="环保卫生服务队"):
    return services.team_create(
        by=by, compound=compound, name=name, kind="environment", leader=leader
    )


def test_party_secretary_sets_up_a_team_led_by_a_resident(place, party_secretary, volunteer):
    team = _team(place.compound, volunteer, party_secretary)
    assert team.compound == place.compound and team.leader == volunteer
    assert TeamMember.objects.get(team=team).state == State.MEMBER  # the leader is in it
    assert AuditEvent.objects.filter(code="community.team.created", target_id=team.pk).exists()


def test_community_staff_set_up_a_community_wide_team(place, community_staff, volunteer):
    team = services.team_create(
        by=community_staff,
        compound=place.compound,
        name="社区服务队",
        kind="care",
        leader=volunteer,
        community_wide=True,
    )
    assert team.compound is None and team.community == place.compound.community


@pytest.mark.parametrize("persona", ["resident", "building_head", "supervisor", "worker"])
def test_only_leads_and_staff_set_up_teams(request, place, persona, volunteer):
    with pytest.raises(PermissionDenied):
        _team(place.compound, volunteer, request.getfixturevalue(persona))


def test_leader_must_belong_to_the_compound(place, party_secretary, other_owner, worker):
    for leader in (other_owner, worker):
        with pytest.raises(ValidationError):
            _team(place.compound, leader, party_secretary)


def test_team_names_are_unique_in_a_compound(place, party_secretary, volunteer):
    _team(place.compound, volunteer, party_secretary)
    with pytest.raises(ValidationError, match="already a team"):
        _team(place.compound, volunteer, party_secretary)


def test_resident_applies_and_leader_accepts(place, party_secretary, volunteer, resident):
    team = _team(place.compound, volunteer, party_secretary)
    member = services.team_apply(team=team, user=resident, note="周末有空")
    assert member.state == State.APPLIED
    assert Notification.objects.filter(recipient=volunteer, event="community.team_applied").exists()
    services.team_decide(team=team, member_id=member.pk, by=volunteer, accept=True)
    member.refresh_from_db()
    assert member.state == State.MEMBER and member.joined_at
    told = Notification.objects.get(recipient=resident, event="community.team_decided")
    assert told.params["what"] == "accepted"
    with pytest.raises(ValidationError, match="already been answered"):
        services.team_decide(team=team, member_id=member.pk, by=volunteer, accept=False)


def test_applying_twice_is_refused_and_a_declined_neighbour_may_apply_again(
    place, party_secretary, volunteer, tenant
):
    team = _team(place.compound, volunteer, party_secretary)
    member = services.team_apply(team=team, user=tenant)
    with pytest.raises(ValidationError, match="already applied"):
        services.team_apply(team=team, user=tenant)
    services.team_decide(team=team, member_id=member.pk, by=volunteer, accept=False)
    again = services.team_apply(team=team, user=tenant)
    assert again.pk == member.pk and again.state == State.APPLIED


def test_only_the_leader_or_the_leads_answer(place, party_secretary, volunteer, resident, tenant):
    team = _team(place.compound, volunteer, party_secretary)
    member = services.team_apply(team=team, user=resident)
    with pytest.raises(PermissionDenied):
        services.team_decide(team=team, member_id=member.pk, by=tenant, accept=True)
    services.team_decide(team=team, member_id=member.pk, by=party_secretary, accept=True)


def test_people_of_another_compound_and_property_staff_cannot_apply(
    place, party_secretary, volunteer, other_owner, worker
):
    team = _team(place.compound, volunteer, party_secretary)
    for outsider in (other_owner, worker):
        with pytest.raises(PermissionDenied):
            services.team_apply(team=team, user=outsider)


def test_deployed_party_member_of_the_community_may_join(place, party_secretary, volunteer):
    deployed = f.UserFactory()
    f.RoleAssignmentFactory(
        user=deployed, role="deployed_member", community=place.compound.community, compound=None
    )
    team = _team(place.compound, volunteer, party_secretary)
    assert services.team_apply(team=team, user=deployed).state == State.APPLIED


def test_member_leaves_but_the_leader_cannot(place, party_secretary, volunteer, resident):
    team = _team(place.compound, volunteer, party_secretary)
    member = services.team_apply(team=team, user=resident)
    services.team_decide(team=team, member_id=member.pk, by=volunteer, accept=True)
    assert services.team_leave(team=team, user=resident).state == State.LEFT
    with pytest.raises(ValidationError, match="leader cannot leave"):
        services.team_leave(team=team, user=volunteer)
    with pytest.raises(ValidationError):
        services.team_leave(team=team, user=resident)  # not in it any more


# Pages -----------------------------------------------------------------------------------


def test_new_team_page_sets_up_a_team(client, place, party_secretary, volunteer):
    client.force_login(party_secretary)
    url = reverse("community:team_new", args=[place.compound.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"name": "安全巡逻队", "kind": "patrol", "leader_phone": "138 0000 0008"}
    )
    team = Team.objects.get(name="安全巡逻队")
    assert response.status_code == 302 and team.leader == volunteer


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "kind": "patrol"}, "name"),
        ({"name": "队" * 41, "kind": "patrol"}, "name"),
        ({"name": "巡逻队", "kind": "rocket"}, "kind"),
        ({"name": "巡逻队", "kind": "patrol", "leader_phone": "12345"}, "leader_phone"),
        ({"name": "巡逻队", "kind": "patrol", "leader_phone": "13912345678"}, "leader_phone"),
        ({"name": "\x00\x01", "kind": "patrol"}, None),
    ],
)
def test_new_team_bad_input_is_explained(client, place, party_secretary, data, field):
    client.force_login(party_secretary)
    response = client.post(reverse("community:team_new", args=[place.compound.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] if field else form.errors
    assert not Team.objects.exists()


def test_new_team_page_refuses_residents_and_hides_from_other_compounds(
    client, place, resident, other_owner
):
    url = reverse("community:team_new", args=[place.compound.pk])
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.force_login(other_owner)
    assert client.get(url).status_code == 404


def test_apply_and_accept_through_the_pages(client, place, party_secretary, volunteer, resident):
    team = _team(place.compound, volunteer, party_secretary)
    client.force_login(resident)
    page = reverse("community:team", args=[team.pk])
    assert b'data-testid="apply"' in client.get(page).content
    assert client.get(reverse("community:team_apply", args=[team.pk])).status_code == 405
    client.post(reverse("community:team_apply", args=[team.pk]), {"note": "我会修自行车"})
    member = TeamMember.objects.get(team=team, user=resident)
    # A neighbour may not answer; the leader does.
    decide = reverse("community:team_decide", args=[team.pk])
    assert client.post(decide, {"member": member.pk, "decision": "accept"}).status_code == 403
    client.force_login(volunteer)
    assert "我会修自行车" in client.get(page).content.decode()
    assert client.post(decide, {"member": member.pk, "decision": "maybe"}).status_code == 302
    member.refresh_from_db()
    assert member.state == State.APPLIED  # a bad decision changes nothing
    client.post(decide, {"member": member.pk, "decision": "accept"})
    member.refresh_from_db()
    assert member.state == State.MEMBER


def test_team_page_is_not_found_from_another_compound(
    client, place, party_secretary, volunteer, other_owner
):
    team = _team(place.compound, volunteer, party_secretary)
    client.force_login(other_owner)
    assert client.get(reverse("community:team", args=[team.pk])).status_code == 404
    assert client.post(reverse("community:team_apply", args=[team.pk])).status_code == 404
    assert not TeamMember.objects.filter(user=other_owner).exists()


def test_hours_say_not_counted_without_a_provider_and_zero_only_when_zero(
    client, place, party_secretary, volunteer, resident, monkeypatch
):
    team = _team(place.compound, volunteer, party_secretary)
    other = _team(place.compound, volunteer, party_secretary, name="宣教文艺队")
    client.force_login(resident)
    monkeypatch.setattr(extras, "HOURS", [])
    page = client.get(reverse("community:team", args=[team.pk]))
    assert page.context["hours"] is None
    hours = Case(When(pk=team.pk, then=Value(Decimal("12.5"))), output_field=DecimalField())
    monkeypatch.setattr(extras, "HOURS", [lambda: hours])
    assert client.get(reverse("community:team", args=[team.pk])).context["hours"] == Decimal("12.5")
    assert client.get(reverse("community:team", args=[other.pk])).context["hours"] == 0


def test_team_sections_come_from_the_registry(
    client, place, party_secretary, volunteer, resident, monkeypatch
):
    team = _team(place.compound, volunteer, party_secretary)
    monkeypatch.setattr(
        extras,
        "SECTIONS",
        [(40, lambda user, t: {"template": "community/care/_answerable.html", "rows": []})],
    )
    client.force_login(resident)
    page = client.get(reverse("community:team", args=[team.pk]))
    assert len(page.context["sections"]) == 1


def _grow(compound, leader, by, n):
    for i in range(n):
        team = _team(compound, leader, by, name=f"队{Team.objects.count()}-{i}")
        for _ in range(3):
            user = f.UserFactory()
            f.ResidencyFactory(user=user, unit=f.UnitFactory(building=compound.buildings.first()))
            services.team_apply(team=team, user=user)
            TeamMember.objects.filter(team=team, user=user).update(state=State.MEMBER)


def test_team_list_queries_do_not_grow(
    client, place, party_secretary, volunteer, resident, django_assert_num_queries
):
    client.force_login(resident)
    url = reverse("community:teams", args=[place.compound.pk])
    _grow(place.compound, volunteer, party_secretary, 2)
    client.get(url)  # warm-up: session, standing
    # 7: the service hours the activities gave are read in the teams' own query
    with django_assert_num_queries(7) as small:
        client.get(url)
    _grow(place.compound, volunteer, party_secretary, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["teams"]) == 14


def test_team_page_queries_do_not_grow_with_members(
    client, place, party_secretary, volunteer, resident, django_assert_num_queries
):
    _grow(place.compound, volunteer, party_secretary, 1)
    team = Team.objects.get()
    client.force_login(volunteer)
    url = reverse("community:team", args=[team.pk])
    client.get(url)
    # 6 (the members' badges read with them), one for the service hours and two for the
    # team's activities (coming, past, each with the reader's sign-up)
    with django_assert_num_queries(9) as small:
        client.get(url)
    for _ in range(20):
        user = f.UserFactory()
        f.ResidencyFactory(user=user, unit=f.UnitFactory(building=place.building))
        services.team_apply(team=team, user=user)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_members_show_who_is_a_deployed_or_a_party_member_of_the_community(
    client, place, party_secretary, volunteer, resident
):
    team = _team(place.compound, volunteer, party_secretary)
    community = place.compound.community
    deployed, unconfirmed, seated, plain, elsewhere = (f.UserFactory() for _ in range(5))
    f.RoleAssignmentFactory(
        user=deployed, role="deployed_member", community=community, compound=None, confirmed=True
    )
    f.RoleAssignmentFactory(
        user=unconfirmed,
        role="deployed_member",
        community=community,
        compound=None,
        confirmed=False,
    )
    branch = f.BodyFactory(compound=place.compound, kind="party_branch")
    f.MembershipFactory(body=branch, user=seated)
    f.MembershipFactory(body=f.BodyFactory(kind="party_branch"), user=elsewhere)  # another one
    for person in (deployed, unconfirmed, seated, plain, elsewhere):
        TeamMember.objects.create(team=team, user=person, state=State.MEMBER)
    client.force_login(resident)
    members = client.get(reverse("community:team", args=[team.pk])).context["members"]
    badges = {m.user_id: m.badge for m in members}
    assert badges[deployed.pk] == "deployed" and badges[seated.pk] == "party"
    assert badges[unconfirmed.pk] == badges[plain.pk] == badges[elsewhere.pk] == ""

"""Volunteer teams change leader and are disbanded (community/services/teams.py): who may,
what each refuses, and what disbanding does to applications, zones and activities."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community import extras
from community.models import Activity, SignUp, Team, TeamMember, Zone
from community.queries.teams import disband_summary, teams_of
from community.services import activities, zones
from community.services import teams as services
from portal.audit import AuditEvent
from portal.notifications.models import Notification
from tests.community.activity_world import neighbour, started

pytestmark = pytest.mark.django_db
State = TeamMember.State


def _team(place, leader, by, name="环保卫生服务队", **kwargs) -> Team:
    return services.team_create(
        by=by, compound=place.compound, name=name, kind="environment", leader=leader, **kwargs
    )


def _join(team, user) -> TeamMember:
    member = services.team_apply(team=team, user=user)
    return services.team_decide(team=team, member_id=member.pk, by=team.leader, accept=True)


@pytest.fixture
def team(place, party_secretary, volunteer, resident, building_head):
    """Led by the volunteer, with the resident and the building head as members."""
    made = _team(place, volunteer, party_secretary)
    _join(made, resident)
    _join(made, building_head)
    return made


def _zone(place, by, name):
    return zones.zone_create(by=by, compound=place.compound, name=name, kind="green")


def _told(user, event):
    return list(Notification.objects.filter(recipient=user, event=event))


# Change of leader --------------------------------------------------------------------------


def test_the_leader_hands_the_team_to_a_member_and_stays_in_it(
    team, volunteer, resident, building_head
):
    member = TeamMember.objects.get(team=team, user=resident)
    services.team_hand_over(team=team, by=volunteer, member_id=member.pk)

    team.refresh_from_db()
    assert team.leader == resident
    assert TeamMember.objects.get(team=team, user=volunteer).state == State.MEMBER
    event = AuditEvent.objects.get(code="community.team.leader_changed", target_id=team.pk)
    assert event.old == {"leader": str(volunteer)} and event.new == {"leader": str(resident)}
    # The new leader is told they lead; the other members who is; not the one who did it.
    assert [n.params["what"] for n in _told(resident, "community.team_leader")] == ["you"]
    assert _told(building_head, "community.team_leader")[0].params["who"] == str(resident)
    assert not _told(volunteer, "community.team_leader")


def test_the_party_secretary_appoints_a_leader_when_the_leader_moved_away(
    team, party_secretary, volunteer, building_head
):
    member = TeamMember.objects.get(team=team, user=building_head)
    services.team_hand_over(team=team, by=party_secretary, member_id=member.pk)
    assert Team.objects.get(pk=team.pk).leader == building_head
    assert _told(volunteer, "community.team_leader")  # the old leader hears it too


def test_community_staff_appoint_the_leader_of_a_community_wide_team(
    place, community_staff, volunteer, resident
):
    team = _team(place, volunteer, community_staff, name="社区服务队", community_wide=True)
    member = _join(team, resident)
    services.team_hand_over(team=team, by=community_staff, member_id=member.pk)
    assert Team.objects.get(pk=team.pk).leader == resident


@pytest.mark.parametrize("persona", ["resident", "tenant", "supervisor", "worker", "other_owner"])
def test_only_the_leader_and_those_who_manage_teams_change_the_leader(
    request, team, persona, building_head
):
    member = TeamMember.objects.get(team=team, user=building_head)
    with pytest.raises(PermissionDenied):
        services.team_hand_over(team=team, by=request.getfixturevalue(persona), member_id=member.pk)
    assert Team.objects.get(pk=team.pk).leader_id == team.leader_id


def test_the_new_leader_must_be_a_current_member(
    place, team, volunteer, tenant, party_secretary, committee_chair
):
    applicant = services.team_apply(team=team, user=tenant)
    other = _team(place, committee_chair, party_secretary, name="安全巡逻队")
    elsewhere = TeamMember.objects.get(team=other, user=committee_chair)
    leader_row = TeamMember.objects.get(team=team, user=volunteer)
    for member_id, code in [
        (applicant.pk, "member"),  # not yet accepted
        (elsewhere.pk, "member"),  # a member of another team
        (10**9, "member"),  # nobody
        (leader_row.pk, "same"),  # the leader already
    ]:
        with pytest.raises(ValidationError) as refused:
            services.team_hand_over(team=team, by=volunteer, member_id=member_id)
        assert refused.value.code == code
    assert Team.objects.get(pk=team.pk).leader == volunteer
    assert not AuditEvent.objects.filter(code="community.team.leader_changed").exists()


def test_a_member_who_left_is_not_made_leader(team, volunteer, resident):
    member = TeamMember.objects.get(team=team, user=resident)
    services.team_leave(team=team, user=resident)
    with pytest.raises(ValidationError, match="Choose one of the team's members"):
        services.team_hand_over(team=team, by=volunteer, member_id=member.pk)


def test_the_old_leader_acts_no_more_and_the_new_one_cannot_leave(
    team, volunteer, resident, building_head
):
    stale = Team.objects.get(pk=team.pk)  # read before the hand-over (another tab)
    services.team_hand_over(
        team=team, by=volunteer, member_id=TeamMember.objects.get(user=resident, team=team).pk
    )
    other = TeamMember.objects.get(team=team, user=building_head)
    with pytest.raises(ValidationError, match="leader has just changed"):
        services.team_hand_over(team=stale, by=volunteer, member_id=other.pk)
    with pytest.raises(PermissionDenied):
        services.team_hand_over(team=Team.objects.get(pk=team.pk), by=volunteer, member_id=1)
    with pytest.raises(ValidationError, match="hand the team over"):
        services.team_leave(team=stale, user=resident)  # the leader read afresh
    assert services.team_leave(team=stale, user=volunteer).state == State.LEFT


# Disbanding ---------------------------------------------------------------------------------


def _team_activity(place, team, *, starts_in=timedelta(days=2)):
    starts = timezone.now() + starts_in
    return activities.activity_publish(
        by=team.leader,
        compound=place.compound,
        organiser=team,
        title="清理楼道",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="18栋",
        capacity=None,
        needs_signup=True,
        is_service=True,
        audience="everyone",
        description="",
    )


def test_disbanding_closes_applications_frees_zones_calls_off_coming_activities_and_tells(
    place, team, volunteer, party_secretary, tenant, resident, building_head
):
    applicant = services.team_apply(team=team, user=tenant)
    kept = _zone(place, party_secretary, "绿化带")
    zones.zone_claim(zone=kept, by=volunteer, team=team)
    coming = _team_activity(place, team)
    neighbour_signed = neighbour(place, "701")
    activities.signup_join(activity=coming, user=neighbour_signed)
    under_way = started(_team_activity(place, team))
    preview = disband_summary(team)
    assert (preview["members"], preview["applications"], preview["zones"]) == (3, 1, ["绿化带"])
    assert len(preview["elsewhere"]) == 1 and "1 coming activity" in preview["elsewhere"][0]

    services.team_disband(team=team, by=volunteer, reason="  队员都搬走了  ")

    team.refresh_from_db()
    assert team.disbanded_at and team.disband_reason == "队员都搬走了"
    assert not teams_of(place.compound).filter(pk=team.pk).exists()
    applicant.refresh_from_db()
    assert applicant.state == State.CLOSED and applicant.left_at
    assert TeamMember.objects.filter(team=team, state=State.MEMBER).count() == 3  # the record
    kept.refresh_from_db()
    assert kept.keeper_team is None and kept.claimed_at is None
    release = AuditEvent.objects.get(code="community.zone.released", target_id=kept.pk)
    assert release.old == {"team": team.name} and release.new == {"reason": "队员都搬走了"}
    assert Activity.objects.get(pk=coming.pk).state == Activity.State.CANCELLED
    assert Activity.objects.get(pk=under_way.pk).state == Activity.State.PUBLISHED
    assert _told(neighbour_signed, "activity.cancelled")
    disbanded = AuditEvent.objects.get(code="community.team.disbanded", target_id=team.pk)
    assert disbanded.new == {"reason": "队员都搬走了"} and disbanded.actor == volunteer
    for member in (resident, building_head):
        told = _told(member, "community.team_disbanded")
        assert [n.params["what"] for n in told] == ["member"]
        assert told[0].params["reason"] == "队员都搬走了"
        assert told[0].url == f"/community/compounds/{place.compound.pk}/teams/"
    assert _told(tenant, "community.team_disbanded")[0].params["what"] == "applied"
    assert not _told(volunteer, "community.team_disbanded")


def test_the_committee_disbands_a_team_and_the_leader_is_told(team, committee_chair, volunteer):
    services.team_disband(team=team, by=committee_chair, reason="一年没有活动")
    assert Team.objects.get(pk=team.pk).disbanded_at
    assert _told(volunteer, "community.team_disbanded")


@pytest.mark.parametrize("persona", ["resident", "tenant", "supervisor", "worker", "other_owner"])
def test_only_the_leader_and_those_who_manage_teams_disband(request, team, persona):
    with pytest.raises(PermissionDenied):
        services.team_disband(team=team, by=request.getfixturevalue(persona), reason="解散")
    assert Team.objects.get(pk=team.pk).disbanded_at is None


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Say in a few words why"),
        ("   \n ", "Say in a few words why"),
        ("\x00\x01", "Say in a few words why"),
        ("理" * 201, "under 200 characters"),
    ],
)
def test_a_blank_or_too_long_reason_is_refused(team, volunteer, reason, message):
    with pytest.raises(ValidationError, match=message):
        services.team_disband(team=team, by=volunteer, reason=reason)
    assert Team.objects.get(pk=team.pk).disbanded_at is None


def test_a_reason_of_200_characters_is_taken(team, volunteer):
    services.team_disband(team=team, by=volunteer, reason="理" * 200)
    assert len(Team.objects.get(pk=team.pk).disband_reason) == 200


def test_disbanding_twice_is_refused(team, volunteer, party_secretary):
    services.team_disband(team=team, by=volunteer, reason="队员都搬走了")
    for by in (volunteer, party_secretary):
        with pytest.raises(ValidationError, match="has been disbanded") as refused:
            services.team_disband(team=team, by=by, reason="再解散一次")
        assert refused.value.code == "disbanded"
    assert AuditEvent.objects.filter(code="community.team.disbanded").count() == 1
    assert Team.objects.get(pk=team.pk).disband_reason == "队员都搬走了"


def test_a_disbanded_team_takes_no_one_no_zone_no_activity_and_no_new_leader(
    place, team, volunteer, party_secretary, tenant, resident
):
    free = _zone(place, party_secretary, "广场")
    stale = Team.objects.get(pk=team.pk)  # a page read before the disbanding
    services.team_disband(team=team, by=volunteer, reason="队员都搬走了")
    with pytest.raises(ValidationError, match="has been disbanded"):
        services.team_apply(team=stale, user=tenant)  # told under the team's lock
    team.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.team_apply(team=team, user=tenant)
    assert not TeamMember.objects.filter(team=team, user=tenant).exists()
    with pytest.raises(PermissionDenied):  # the team is no longer one the leader may claim for
        zones.zone_claim(zone=free, by=volunteer, team=team)
    with pytest.raises(ValidationError, match="has been disbanded"):
        _team_activity(place, team)
    member = TeamMember.objects.get(team=team, user=resident)
    with pytest.raises(ValidationError, match="has been disbanded"):
        services.team_hand_over(team=team, by=party_secretary, member_id=member.pk)


def test_a_failing_area_undoes_the_whole_disbanding(
    place, team, volunteer, party_secretary, tenant, monkeypatch
):
    applicant = services.team_apply(team=team, user=tenant)
    kept = _zone(place, party_secretary, "绿化带")
    zones.zone_claim(zone=kept, by=volunteer, team=team)

    def broken(team, by):
        raise RuntimeError("the activities area failed")

    monkeypatch.setattr(extras, "DISBANDED", [*extras.DISBANDED, broken])
    with pytest.raises(RuntimeError):
        services.team_disband(team=team, by=volunteer, reason="队员都搬走了")
    assert Team.objects.get(pk=team.pk).disbanded_at is None
    assert TeamMember.objects.get(pk=applicant.pk).state == State.APPLIED
    assert Zone.objects.get(pk=kept.pk).keeper_team_id == team.pk
    assert not Notification.objects.filter(event="community.team_disbanded").exists()


def test_the_activities_of_a_disbanded_team_before_it_are_kept(place, team, volunteer):
    past = _team_activity(place, team)
    begun = timezone.now() - timedelta(days=3)
    Activity.objects.filter(pk=past.pk).update(starts_at=begun, ends_at=begun + timedelta(hours=2))
    signup = SignUp.objects.create(activity=past, user=volunteer, state="confirmed", position=1)
    services.team_disband(team=team, by=volunteer, reason="队员都搬走了")
    assert Activity.objects.get(pk=past.pk).state == Activity.State.PUBLISHED
    assert SignUp.objects.get(pk=signup.pk).state == "confirmed"

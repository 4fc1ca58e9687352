"""A team's leader changes under the team's row lock (PostgreSQL, real threads and
connections): two hand-overs at once leave one leader, who is a member; a member leaving
while made leader, and a disbanding beside a hand-over, end in one state or the other —
never a leader outside the team."""

import pytest

from community.models import Team, TeamMember
from community.services import teams
from portal.audit import AuditEvent
from tests import factories as f
from tests.community.test_concurrency import _at_once, _compound

pytestmark = pytest.mark.django_db(transaction=True)


def _team_of_four():
    """A team led by its first person, the three others members; and the secretary."""
    compound, building, secretary = _compound()
    people = [f.ResidencyFactory(unit=f.UnitFactory(building=building)).user for _ in range(4)]
    team = teams.team_create(
        by=secretary, compound=compound, name="巡逻队", kind="patrol", leader=people[0]
    )
    for person in people[1:]:
        applied = teams.team_apply(team=team, user=person)
        teams.team_decide(team=team, member_id=applied.pk, by=people[0], accept=True)
    rows = {m.user_id: m for m in TeamMember.objects.filter(team=team)}
    return team, people, [rows[p.pk] for p in people], secretary


def _leader_is_a_member(team) -> bool:
    leader = Team.objects.get(pk=team.pk).leader_id
    return TeamMember.objects.filter(team=team, user_id=leader, state="member").exists()


def test_the_leader_hands_over_to_two_members_at_once_and_one_becomes_leader():
    team, people, rows, _secretary = _team_of_four()
    outcomes = _at_once(
        2, lambda i: teams.team_hand_over(team=team, by=people[0], member_id=rows[i + 1].pk)
    )
    assert sorted(outcomes) == ["done", "refused"]
    assert Team.objects.get(pk=team.pk).leader_id in (people[1].pk, people[2].pk)
    assert _leader_is_a_member(team)
    assert TeamMember.objects.filter(team=team, state="member").count() == 4


def test_the_leader_and_the_secretary_name_two_leaders_at_once_and_there_is_one():
    team, people, rows, secretary = _team_of_four()
    deciders = [people[0], secretary]
    outcomes = _at_once(
        2, lambda i: teams.team_hand_over(team=team, by=deciders[i], member_id=rows[i + 1].pk)
    )
    # The secretary may act after the leader's hand-over; the leader, after the
    # secretary's, no longer leads and is told so. Either way: one leader, a member.
    assert "done" in outcomes
    assert Team.objects.get(pk=team.pk).leader_id in (people[1].pk, people[2].pk)
    assert _leader_is_a_member(team)


def test_a_member_leaving_while_being_made_leader_is_one_or_the_other():
    team, people, rows, _secretary = _team_of_four()
    acts = [
        lambda: teams.team_hand_over(team=team, by=people[0], member_id=rows[1].pk),
        lambda: teams.team_leave(team=team, user=people[1]),
    ]
    outcomes = _at_once(2, lambda i: acts[i]())
    assert sorted(outcomes) == ["done", "refused"]
    assert _leader_is_a_member(team)


def test_disbanding_beside_a_hand_over_is_one_or_the_other():
    team, people, rows, _secretary = _team_of_four()
    acts = [
        lambda: teams.team_hand_over(team=team, by=people[0], member_id=rows[1].pk),
        lambda: teams.team_disband(team=team, by=people[0], reason="都搬走了"),
    ]
    outcomes = _at_once(2, lambda i: acts[i]())
    assert sorted(outcomes) == ["done", "refused"]
    assert _leader_is_a_member(team)
    found = Team.objects.get(pk=team.pk)
    assert (found.disbanded_at is None) == (found.leader_id == people[1].pk)


def test_two_disband_at_once_and_it_is_disbanded_once():
    team, people, _rows, secretary = _team_of_four()
    deciders = [people[0], secretary]
    outcomes = _at_once(
        2, lambda i: teams.team_disband(team=team, by=deciders[i], reason=f"理由{i}")
    )
    assert sorted(outcomes) == ["done", "refused"]
    assert AuditEvent.objects.filter(code="community.team.disbanded").count() == 1

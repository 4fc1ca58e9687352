"""Row locks of teams and zones on PostgreSQL (issue 17): claims, answers and the monthly
job, each done at once by several people or beats, happen once."""

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from community.models import Cleanup, TeamMember, Zone
from community.services import teams, zones
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def _compound():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")
    compound = f.CompoundFactory()
    building = f.BuildingFactory(compound=compound)
    secretary = f.ResidencyFactory(unit=f.UnitFactory(building=building)).user
    branch = f.BodyFactory(compound=compound, kind="party_branch", term_number=None)
    f.MembershipFactory(body=branch, user=secretary, position="secretary", is_party_member=True)
    return compound, building, secretary


def _at_once(n, act):
    barrier, outcomes = threading.Barrier(n), []

    def run(i):
        try:
            barrier.wait()
            act(i)
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_ten_neighbours_claim_one_zone_at_once_and_one_keeps_it():
    compound, building, secretary = _compound()
    zone = zones.zone_create(by=secretary, compound=compound, name="绿化带", kind="green")
    people = [f.ResidencyFactory(unit=f.UnitFactory(building=building)).user for _ in range(10)]
    outcomes = _at_once(10, lambda i: zones.zone_claim(zone=zone, by=people[i]))
    assert outcomes.count("done") == 1 and outcomes.count("refused") == 9
    zone.refresh_from_db()
    assert zone.keeper_user in people


def test_the_leader_and_the_secretary_answer_one_application_at_once_and_it_is_answered_once():
    compound, building, secretary = _compound()
    leader, applicant = (
        f.ResidencyFactory(unit=f.UnitFactory(building=building)).user for _ in range(2)
    )
    team = teams.team_create(
        by=secretary, compound=compound, name="巡逻队", kind="patrol", leader=leader
    )
    member = teams.team_apply(team=team, user=applicant)
    deciders = [leader, secretary]
    outcomes = _at_once(
        2,
        lambda i: teams.team_decide(team=team, member_id=member.pk, by=deciders[i], accept=i == 0),
    )
    assert sorted(outcomes) == ["done", "refused"]
    assert TeamMember.objects.get(pk=member.pk).state in ("member", "declined")


def test_two_beats_plan_next_month_at_once_and_each_zone_gets_one_clean_up():
    compound, building, secretary = _compound()
    for i in range(5):
        zone = zones.zone_create(by=secretary, compound=compound, name=f"区{i}", kind="green")
        zones.zone_claim(zone=zone, by=secretary)
    made = []
    _at_once(2, lambda i: made.append(zones.cleanups_plan_next_month(date(2026, 11, 30))))
    assert sum(made) == 5
    assert Cleanup.objects.count() == Zone.objects.count() == 5


def test_a_team_s_zone_is_scheduled_and_released_under_its_lock():
    """The zone's row is locked with its keeping team read beside it (an outer join that
    PostgreSQL refuses to lock unless the lock names the zone alone)."""
    compound, building, secretary = _compound()
    team = teams.team_create(
        by=secretary, compound=compound, name="环保队", kind="environment", leader=secretary
    )
    zone = zones.zone_create(by=secretary, compound=compound, name="广场", kind="square")
    zones.zone_claim(zone=zone, by=secretary, team=team)
    zones.cleanup_schedule(zone=zone, by=secretary, day=timezone.localdate() + timedelta(days=3))
    zones.zone_release(zone=zone, by=secretary)
    zone.refresh_from_db()
    assert zone.keeper_team is None and zone.cleanups.count() == 1

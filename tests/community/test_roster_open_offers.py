"""A shift offered to anyone who may be on duty at its station: offered, seen, taken by the
first, withdrawn; the refusals and messages; who is told (once, in one go); and the list
rule (stations_on_duty) agreeing with eligible_people person by person."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import Shift, ShiftEvent, Station, Team, TeamMember
from community.permissions.roster import eligible_people, stations_on_duty
from community.services import roster as services
from community.services.stations import station_open
from portal.models import AuditEvent
from portal.notifications.models import Notification
from tests import factories as f
from tests.community.test_roster_services import arrange


@pytest.fixture
def station(place, party_secretary):
    return station_open(
        by=party_secretary, compound=place.compound, name="人人坞党群服务站", place="小区东门"
    )


def _offer(shift, by, note=""):
    return services.shift_offer_open(shift_id=shift.pk, by=by, note=note)


def test_the_first_to_take_an_open_offer_has_the_shift_recorded_and_audited(
    station, party_secretary, volunteer, committee_chair
):
    shift = arrange(station, party_secretary, volunteer)
    _offer(shift, volunteer, note="家里有事")
    shift.refresh_from_db()
    assert shift.offered_open and shift.person == volunteer and shift.offered_to is None
    services.shift_take(shift_id=shift.pk, by=committee_chair)
    shift.refresh_from_db()
    assert shift.person == committee_chair and not shift.offered_open
    events = list(ShiftEvent.objects.filter(shift=shift).values_list("action", "note"))
    assert events == [("arranged", ""), ("offered_open", "家里有事"), ("taken", "")]
    taken = AuditEvent.objects.get(code="community.shift.taken", target_id=shift.pk)
    assert (taken.old, taken.new) == ({"person": volunteer.pk}, {"person": committee_chair.pk})
    told = Notification.objects.get(recipient=volunteer, params__what="taken")
    assert told.params["who"] == str(committee_chair)


def test_the_open_offer_tells_everyone_who_could_take_it_once_in_one_go(
    station, party_secretary, volunteer, committee_chair, resident
):
    """Eligible and free: the secretary and the chair; not the volunteer (theirs), not a
    resident (not on duty here), not a volunteer already on duty then."""
    busy = f.UserFactory()
    f.RoleAssignmentFactory(user=busy, role="volunteer", compound=station.compound)
    shift = arrange(station, party_secretary, volunteer, start=5)
    arrange(station, party_secretary, busy, start=6)
    many = [f.UserFactory() for _ in range(12)]
    for person in many:
        f.RoleAssignmentFactory(user=person, role="volunteer", compound=station.compound)
    with CaptureQueriesContext(connection) as captured:
        _offer(shift, volunteer)
    told = set(
        Notification.objects.filter(params__what="offered_open").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {party_secretary.pk, committee_chair.pk, *(p.pk for p in many)}
    inserts = [q for q in captured.captured_queries if "notification" in q["sql"].lower()]
    assert len([q for q in inserts if q["sql"].startswith("INSERT")]) == 1
    assert len(captured.captured_queries) <= 14  # not one per person: 15 people, fixed work
    services.shift_withdraw(shift_id=shift.pk, by=volunteer)
    _offer(shift, volunteer)  # offered again: nobody is told twice
    assert Notification.objects.filter(params__what="offered_open").count() == len(told)


def test_accepting_ones_own_open_offer_is_refused_with_a_message(
    station, party_secretary, volunteer
):
    shift = arrange(station, party_secretary, volunteer)
    _offer(shift, volunteer)
    with pytest.raises(ValidationError, match="your own shift"):
        services.shift_take(shift_id=shift.pk, by=volunteer)
    shift.refresh_from_db()
    assert shift.offered_open and shift.person == volunteer


def test_taking_a_shift_that_overlaps_ones_own_is_refused_with_a_clear_message(
    station, party_secretary, volunteer, committee_chair
):
    shift = arrange(station, party_secretary, volunteer, start=2)
    arrange(station, party_secretary, committee_chair, start=4)
    _offer(shift, volunteer)
    with pytest.raises(ValidationError, match="already on duty") as refused:
        services.shift_take(shift_id=shift.pk, by=committee_chair)
    assert "人人坞党群服务站" in str(refused.value) and "overlap" in str(refused.value)
    shift.refresh_from_db()
    assert shift.person == volunteer and shift.offered_open


def test_a_withdrawn_offer_cannot_be_taken(station, party_secretary, volunteer, committee_chair):
    shift = arrange(station, party_secretary, volunteer)
    _offer(shift, volunteer)
    services.shift_withdraw(shift_id=shift.pk, by=volunteer)
    with pytest.raises(ValidationError, match="withdrawn"):
        services.shift_take(shift_id=shift.pk, by=committee_chair)
    shift.refresh_from_db()
    assert shift.person == volunteer and not shift.offered_open
    actions = list(ShiftEvent.objects.filter(shift=shift).values_list("action", flat=True))
    assert actions == ["arranged", "offered_open", "withdrawn"]


def test_the_second_to_take_is_told_who_was_first(
    station, party_secretary, volunteer, committee_chair
):
    shift = arrange(station, party_secretary, volunteer)
    _offer(shift, volunteer)
    services.shift_take(shift_id=shift.pk, by=committee_chair)
    with pytest.raises(ValidationError, match="took this shift just before you") as late:
        services.shift_take(shift_id=shift.pk, by=party_secretary)
    assert str(committee_chair) in str(late.value)
    with pytest.raises(ValidationError, match="You have taken this shift"):
        services.shift_take(shift_id=shift.pk, by=committee_chair)  # pressed twice


def test_only_someone_who_may_be_on_duty_takes_and_only_the_person_offers(
    station, party_secretary, volunteer, committee_chair, resident
):
    shift = arrange(station, party_secretary, volunteer)
    with pytest.raises(PermissionDenied):
        _offer(shift, committee_chair)
    _offer(shift, volunteer)
    with pytest.raises(ValidationError, match="volunteers"):
        services.shift_take(shift_id=shift.pk, by=resident)
    with pytest.raises(ValidationError, match="already offered"):
        _offer(shift, volunteer)
    with pytest.raises(ValidationError, match="withdraw that offer first"):
        services.shift_offer(shift_id=shift.pk, by=volunteer, to=committee_chair)


def test_a_named_offer_must_be_withdrawn_before_an_open_one(
    station, party_secretary, volunteer, committee_chair
):
    shift = arrange(station, party_secretary, volunteer)
    services.shift_offer(shift_id=shift.pk, by=volunteer, to=committee_chair)
    with pytest.raises(ValidationError, match="already offered"):
        _offer(shift, volunteer)
    with pytest.raises(ValidationError, match="not open"):
        services.shift_take(shift_id=shift.pk, by=party_secretary)


def test_reassigning_or_cancelling_ends_the_open_offer(
    station, party_secretary, volunteer, committee_chair
):
    shift = arrange(station, party_secretary, volunteer)
    _offer(shift, volunteer)
    services.shift_reassign(shift_id=shift.pk, by=party_secretary, to=committee_chair)
    shift.refresh_from_db()
    assert shift.person == committee_chair and not shift.offered_open
    assert ShiftEvent.objects.filter(shift=shift, action="withdrawn").exists()
    other = arrange(station, party_secretary, volunteer, start=10)
    _offer(other, volunteer)
    services.shift_cancel(shift_id=other.pk, by=party_secretary)
    other.refresh_from_db()
    assert not other.offered_open
    with pytest.raises(ValidationError, match="over or cancelled"):
        services.shift_take(shift_id=other.pk, by=committee_chair)


def test_the_list_rule_agrees_with_who_may_be_on_duty_person_by_person(
    place,
    party_secretary,
    volunteer,
    committee_chair,
    resident,
    tenant,
    supervisor,
    community_staff,
    street_staff,
    other_owner,
):
    """stations_on_duty restates eligible_people for lists read in one query: at a
    compound's station, a community's station and the other compound's station, for the
    fixtures' people, a team member (of the compound's and of the community's team), a
    confirmed deployed member and a member of the residents' committee."""
    compound, community = place.compound, place.compound.community
    stations = [
        station_open(by=party_secretary, compound=compound, name="站", place="门"),
        station_open(by=community_staff, community=community, name="社区站", place="社区"),
        Station.objects.create(compound=place.other_compound, name="别处", place="门"),
    ]
    in_team, in_community_team, deployed, committee = (f.UserFactory() for _ in range(4))
    team = Team.objects.create(compound=compound, name="巡逻队", kind="patrol", leader=volunteer)
    TeamMember.objects.create(team=team, user=in_team, state="member")
    wide = Team.objects.create(
        community=community, name="社区队", kind="patrol", leader=community_staff
    )
    TeamMember.objects.create(team=wide, user=in_community_team, state="member")
    f.RoleAssignmentFactory(
        user=deployed, role="deployed_member", community=community, confirmed=True
    )
    body = f.BodyFactory(community=community, compound=None, kind="residents_committee")
    f.MembershipFactory(body=body, user=committee, position="member")
    people = [
        *(party_secretary, volunteer, committee_chair, resident, tenant, supervisor),
        *(community_staff, street_staff, other_owner, in_team, in_community_team),
        *(deployed, committee),
    ]
    for person in people:
        listed = set(Station.objects.filter(stations_on_duty(person)).values_list("pk", flat=True))
        rule = {s.pk for s in stations if eligible_people(s).filter(pk=person.pk).exists()}
        assert listed == rule, person
    assert Shift.objects.count() == 0

"""The duty roster's writes: arranging, overlaps, swaps, reassigning, cancelling, the
phone choice, reminders once, and every change as a row and an audit event."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community.models import Shift, ShiftEvent, Station
from community.services import roster as services
from community.services.stations import station_open
from portal.models import AuditEvent
from portal.notifications.models import Notification
from tests import factories as f


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched on their English msgids (the Chinese is in locale/)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def at(hours: float):
    """A moment `hours` from now, on the minute."""
    return (timezone.now() + timedelta(hours=hours)).replace(second=0, microsecond=0)


@pytest.fixture
def station(place, party_secretary):
    return station_open(
        by=party_secretary,
        compound=place.compound,
        name="人人坞党群服务站",
        place="小区东门",
        phone="0715-8888888",
    )


def arrange(station, by, person, start=2, hours=4, **extra):
    return services.shift_arrange(
        station=station, by=by, person=person, start=at(start), end=at(start + hours), **extra
    )


def test_the_branch_secretary_arranges_a_shift_and_it_is_a_row_and_an_audit_event(
    station, party_secretary, volunteer
):
    shift = arrange(station, party_secretary, volunteer)
    assert shift.person == volunteer
    event = ShiftEvent.objects.get(shift=shift)
    assert (event.action, event.actor, event.to_person) == ("arranged", party_secretary, volunteer)
    assert AuditEvent.objects.filter(code="community.shift.arranged", target_id=shift.pk).exists()
    assert Notification.objects.filter(recipient=volunteer, event="roster.shift").exists()


def test_a_resident_may_not_arrange_and_a_resident_is_not_on_duty(
    station, resident, party_secretary
):
    with pytest.raises(PermissionDenied):
        arrange(station, resident, party_secretary)
    with pytest.raises(ValidationError, match="volunteers"):
        arrange(station, party_secretary, resident)
    assert not Shift.objects.exists()


def test_a_team_member_may_be_on_duty(station, party_secretary, resident):
    from community.models import Team, TeamMember

    team = Team.objects.create(
        compound=station.compound, name="环保卫生队", kind="environment", leader=party_secretary
    )
    TeamMember.objects.create(team=team, user=resident, state="member")
    assert arrange(station, party_secretary, resident).person == resident


def test_an_end_before_the_start_is_refused(station, party_secretary, volunteer):
    with pytest.raises(ValidationError, match="end after it starts"):
        services.shift_arrange(
            station=station, by=party_secretary, person=volunteer, start=at(5), end=at(3)
        )


def test_an_overlapping_shift_of_the_same_person_is_refused_with_a_clear_message(
    station, party_secretary, volunteer, committee_chair
):
    arrange(station, party_secretary, volunteer, start=2, hours=4)
    with pytest.raises(ValidationError, match="already on duty") as refused:
        arrange(station, party_secretary, volunteer, start=4, hours=4)
    assert "人人坞党群服务站" in str(refused.value)
    # Back to back is fine, and someone else at the same time is fine.
    arrange(station, party_secretary, volunteer, start=6, hours=2)
    arrange(station, party_secretary, committee_chair, start=2, hours=4)
    assert Shift.objects.count() == 3


def test_a_swap_offered_and_accepted_moves_the_shift_and_records_both_steps(
    station, party_secretary, volunteer, committee_chair
):
    shift = arrange(station, party_secretary, volunteer)
    services.shift_offer(shift_id=shift.pk, by=volunteer, to=committee_chair, note="家里有事")
    shift.refresh_from_db()
    assert shift.person == volunteer and shift.offered_to == committee_chair
    services.shift_answer(shift_id=shift.pk, by=committee_chair, accept=True)
    shift.refresh_from_db()
    assert shift.person == committee_chair and shift.offered_to is None
    actions = list(ShiftEvent.objects.filter(shift=shift).values_list("action", flat=True))
    assert actions == ["arranged", "offered", "accepted"]
    assert Notification.objects.filter(recipient=volunteer, params__what="accepted").exists()
    assert AuditEvent.objects.filter(code="community.shift.accepted").exists()


def test_accepting_a_swap_that_overlaps_the_takers_shift_is_refused(
    station, party_secretary, volunteer, committee_chair
):
    shift = arrange(station, party_secretary, volunteer, start=2)
    arrange(station, party_secretary, committee_chair, start=3)
    services.shift_offer(shift_id=shift.pk, by=volunteer, to=committee_chair)
    with pytest.raises(ValidationError, match="overlap"):
        services.shift_answer(shift_id=shift.pk, by=committee_chair, accept=True)
    shift.refresh_from_db()
    assert shift.person == volunteer


def test_only_the_person_on_duty_offers_and_only_the_asked_person_answers(
    station, party_secretary, volunteer, committee_chair
):
    shift = arrange(station, party_secretary, volunteer)
    with pytest.raises(PermissionDenied):
        services.shift_offer(shift_id=shift.pk, by=committee_chair, to=party_secretary)
    services.shift_offer(shift_id=shift.pk, by=volunteer, to=committee_chair)
    with pytest.raises(ValidationError):
        services.shift_answer(shift_id=shift.pk, by=party_secretary, accept=True)


def test_a_declined_offer_leaves_the_shift_with_its_person(
    station, party_secretary, volunteer, committee_chair
):
    shift = arrange(station, party_secretary, volunteer)
    services.shift_offer(shift_id=shift.pk, by=volunteer, to=committee_chair)
    services.shift_answer(shift_id=shift.pk, by=committee_chair, accept=False)
    shift.refresh_from_db()
    assert shift.person == volunteer and shift.offered_to is None
    assert ShiftEvent.objects.filter(shift=shift, action="declined").exists()


def test_the_arranger_reassigns_and_the_phone_choice_does_not_follow_the_shift(
    station, party_secretary, volunteer, committee_chair
):
    shift = arrange(station, party_secretary, volunteer)
    services.shift_show_phone(shift_id=shift.pk, by=volunteer, shown=True)
    services.shift_reassign(shift_id=shift.pk, by=party_secretary, to=committee_chair)
    shift.refresh_from_db()
    assert shift.person == committee_chair and not shift.phone_public
    assert Notification.objects.filter(recipient=volunteer, params__what="relieved").exists()
    assert Notification.objects.filter(
        recipient=committee_chair, params__what="reassigned"
    ).exists()


def test_only_the_person_on_duty_shows_their_phone(station, party_secretary, volunteer):
    shift = arrange(station, party_secretary, volunteer)
    with pytest.raises(PermissionDenied):
        services.shift_show_phone(shift_id=shift.pk, by=party_secretary, shown=True)


def test_a_cancelled_shift_frees_the_time(station, party_secretary, volunteer):
    shift = arrange(station, party_secretary, volunteer)
    services.shift_cancel(shift_id=shift.pk, by=party_secretary, note="停电")
    assert arrange(station, party_secretary, volunteer).pk != shift.pk
    with pytest.raises(ValidationError):
        services.shift_cancel(shift_id=shift.pk, by=party_secretary)


def test_the_reminder_goes_once_before_the_shift_and_again_to_a_new_person(
    station, party_secretary, volunteer, committee_chair
):
    soon = arrange(station, party_secretary, volunteer, start=2)
    arrange(station, party_secretary, volunteer, start=40)  # not due yet
    assert services.shifts_remind() == 1
    assert services.shifts_remind() == 0  # beat again: nothing twice
    reminders = Notification.objects.filter(event="roster.reminder")
    assert list(reminders.values_list("recipient_id", flat=True)) == [volunteer.pk]
    services.shift_reassign(shift_id=soon.pk, by=party_secretary, to=committee_chair)
    assert services.shifts_remind() == 1
    assert reminders.filter(recipient=committee_chair).count() == 1


def test_a_community_station_is_staffed_by_community_people(
    place, community_staff, volunteer, party_secretary
):
    station = station_open(
        by=community_staff, community=place.compound.community, name="社区服务站", place="社区"
    )
    with pytest.raises(PermissionDenied):
        station_open(
            by=party_secretary, community=place.compound.community, name="另一个", place="社区"
        )
    assert arrange(station, community_staff, volunteer).person == volunteer
    assert arrange(station, community_staff, community_staff, start=10).person == community_staff


def test_the_other_compound_is_not_a_place_to_arrange(place, party_secretary):
    with pytest.raises(PermissionDenied):
        station_open(by=party_secretary, compound=place.other_compound, name="站", place="门")
    assert not Station.objects.exists()


def test_a_user_without_ties_is_not_eligible(station, party_secretary):
    with pytest.raises(ValidationError):
        arrange(station, party_secretary, f.UserFactory())

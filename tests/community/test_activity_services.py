"""Activities' services: sign-up within capacity, the waiting list moving up on a
cancellation (first come first served, told), attendance by QR token and by the
organisers, photos and report, volunteer hours, reminders once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from community.models import Activity, ActivityEvent, SignUp
from community.queries.activities import person_hours, team_hours, waiting_ahead
from community.services import activities as services
from portal.notifications.models import Notification
from tests.community.activity_world import neighbour, publish, started
from tests.compounds.test_services import photo

pytestmark = pytest.mark.django_db


def test_sign_ups_fill_the_places_then_the_waiting_list(place, committee_chair, resident, tenant):
    activity = publish(place, committee_chair, capacity=2)
    third = neighbour(place, "101")
    first = services.signup_join(activity=activity, user=resident)
    second = services.signup_join(activity=activity, user=tenant)
    waiting = services.signup_join(activity=activity, user=third)
    assert [first.state, second.state, waiting.state] == ["confirmed", "confirmed", "waiting"]
    activity.refresh_from_db()
    assert activity.confirmed_count == 2 and activity.is_full
    assert waiting_ahead(waiting) == 0
    actions = list(ActivityEvent.objects.filter(activity=activity).values_list("action", flat=True))
    assert actions == ["publish", "sign_up", "sign_up", "wait"]


def test_a_cancellation_moves_the_first_in_line_up_and_tells_them(
    place, committee_chair, resident, tenant, django_capture_on_commit_callbacks
):
    activity = publish(place, committee_chair, capacity=1)
    services.signup_join(activity=activity, user=resident)
    second, third = neighbour(place, "101"), neighbour(place, "102")
    services.signup_join(activity=activity, user=second)
    services.signup_join(activity=activity, user=third)
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(activity=activity, user=resident)
    states = dict(SignUp.objects.filter(activity=activity).values_list("user_id", "state"))
    assert states == {resident.pk: "cancelled", second.pk: "confirmed", third.pk: "waiting"}
    assert Notification.objects.filter(recipient=second, event="activity.moved_up").count() == 1
    assert not Notification.objects.filter(recipient=third).exists()
    activity.refresh_from_db()
    assert activity.confirmed_count == 1


def test_signing_up_again_after_cancelling_goes_to_the_back(place, committee_chair, resident):
    activity = publish(place, committee_chair, capacity=1)
    other = neighbour(place, "101")
    services.signup_join(activity=activity, user=resident)
    services.signup_join(activity=activity, user=other)
    services.signup_cancel(activity=activity, user=resident)  # other moves up
    again = services.signup_join(activity=activity, user=resident)
    assert again.state == "waiting" and again.position == 3


def test_twice_is_refused(place, committee_chair, resident):
    activity = publish(place, committee_chair)
    services.signup_join(activity=activity, user=resident)
    with pytest.raises(ValidationError, match="already"):
        services.signup_join(activity=activity, user=resident)


def test_owners_only_refuses_a_tenant(place, committee_chair, tenant, resident):
    activity = publish(place, committee_chair, audience="owners")
    with pytest.raises(PermissionDenied):
        services.signup_join(activity=activity, user=tenant)
    assert services.signup_join(activity=activity, user=resident).state == "confirmed"


def test_the_other_compound_and_staff_cannot_sign_up(
    place, committee_chair, other_owner, street_staff
):
    activity = publish(place, committee_chair)
    for user in (other_owner, street_staff):
        with pytest.raises(PermissionDenied):
            services.signup_join(activity=activity, user=user)


def test_no_sign_up_once_begun_or_cancelled(place, committee_chair, resident, tenant):
    activity = publish(place, committee_chair)
    services.activity_cancel(activity=activity, by=committee_chair)
    with pytest.raises(ValidationError):
        services.signup_join(activity=activity, user=resident)
    begun = started(publish(place, committee_chair, title="广场舞"))
    with pytest.raises(ValidationError):
        services.signup_join(activity=begun, user=tenant)


@pytest.mark.parametrize(
    ("shift", "capacity", "code"),
    [
        (timedelta(hours=-1), 5, "ends_before"),
        (timedelta(0), 5, "ends_before"),
        (timedelta(hours=2), 0, "capacity"),
        (timedelta(hours=2), -3, "capacity"),
    ],
)
def test_bad_times_and_capacity_are_refused(place, committee_chair, shift, capacity, code):
    starts = timezone.now() + timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        publish(place, committee_chair, capacity=capacity, starts_at=starts, ends_at=starts + shift)
    assert error.value.code == code
    assert not Activity.objects.exists()


def test_a_resident_may_not_publish(place, resident):
    from community.permissions.activities import may_publish

    assert not may_publish(resident, place.compound)


def test_check_in_by_the_door_token(place, committee_chair, resident, tenant):
    activity = publish(place, committee_chair)
    services.signup_join(activity=activity, user=resident)
    token = services.checkin_token(activity)
    with pytest.raises(ValidationError, match="opens two hours"):
        services.checkin(activity=activity, user=resident, token=token)
    started(activity)
    signup = services.checkin(activity=activity, user=resident, token=token)
    assert signup.attended_at is not None and signup.attendance_by == resident
    with pytest.raises(ValidationError):  # no place
        services.checkin(activity=activity, user=tenant, token=token)
    other = publish(place, committee_chair, title="广场舞")
    with pytest.raises(ValidationError, match="not valid"):
        services.checkin(activity=activity, user=resident, token=services.checkin_token(other))


def test_an_open_activity_adds_whoever_checks_in(place, committee_chair, resident):
    activity = started(publish(place, committee_chair, needs_signup=False, capacity=None))
    signup = services.checkin(
        activity=activity, user=resident, token=services.checkin_token(activity)
    )
    assert signup.state == "confirmed" and signup.attended_at


def test_organisers_mark_attendance_and_hours_add_up(place, committee_chair, resident):
    activity = publish(place, committee_chair, is_service=True)  # two hours
    signup = services.signup_join(activity=activity, user=resident)
    with pytest.raises(PermissionDenied):
        services.attendance_mark(activity=activity, by=resident, signup_id=signup.pk, present=True)
    started(activity)
    services.attendance_mark(
        activity=activity, by=committee_chair, signup_id=signup.pk, present=True
    )
    assert person_hours(resident) == Decimal("2.0")
    services.attendance_mark(
        activity=activity, by=committee_chair, signup_id=signup.pk, present=False
    )
    assert person_hours(resident) == Decimal("0")


def test_team_hours_count_attendance_times_length(place, committee_chair, resident, tenant):
    from community.models import Team

    team, other = (
        Team.objects.create(
            compound=place.compound, name=name, kind="environment", leader=committee_chair
        )
        for name in ("环保卫生队", "安全巡逻队")
    )
    activity = publish(place, committee_chair, is_service=True)
    Activity.objects.filter(pk=activity.pk).update(team=team, body=None)
    for user in (resident, tenant):
        services.signup_join(activity=activity, user=user)
    started(activity)
    SignUp.objects.filter(activity=activity).update(attended_at=timezone.now())
    teams = Team.objects.filter(pk__in=[team.pk, other.pk]).annotate(hours=team_hours())
    assert dict(teams.values_list("pk", "hours")) == {team.pk: Decimal("4.0"), other.pk: None}


def test_photos_and_report_afterwards(place, committee_chair, resident):
    activity = publish(place, committee_chair)
    with pytest.raises(ValidationError):
        services.activity_report(activity=activity, by=committee_chair, report="很好")
    started(activity)
    with pytest.raises(PermissionDenied):
        services.activity_report(activity=activity, by=resident, report="很好")
    services.activity_photos_add(activity=activity, by=committee_chair, uploads=[photo()])
    done = services.activity_report(activity=activity, by=committee_chair, report="来了二十人")
    assert done.state == "finished" and done.photos.count() == 1
    with pytest.raises(ValidationError):
        services.activity_photos_add(activity=activity, by=committee_chair, uploads=[])


def test_reminders_once_each_even_run_twice(
    place, committee_chair, resident, tenant, django_capture_on_commit_callbacks
):
    soon = publish(place, committee_chair, starts_in=timedelta(hours=20))
    later = publish(place, committee_chair, title="金婚庆典", starts_in=timedelta(days=3))
    services.signup_join(activity=soon, user=resident)
    services.signup_join(activity=soon, user=tenant)
    services.signup_join(activity=later, user=resident)
    services.signup_cancel(activity=soon, user=tenant)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.activity_reminders() == 1
        assert services.activity_reminders() == 0
    reminded = Notification.objects.filter(event="activity.reminder")
    assert list(reminded.values_list("recipient_id", flat=True)) == [resident.pk]


def test_cancelling_tells_everyone_holding_or_waiting(place, committee_chair, resident, tenant):
    activity = publish(place, committee_chair, capacity=1)
    services.signup_join(activity=activity, user=resident)
    services.signup_join(activity=activity, user=tenant)
    with pytest.raises(PermissionDenied):
        services.activity_cancel(activity=activity, by=resident)
    services.activity_cancel(activity=activity, by=committee_chair)
    told = Notification.objects.filter(event="activity.cancelled")
    assert set(told.values_list("recipient_id", flat=True)) == {resident.pk, tenant.pk}


def test_a_community_wide_activity_is_for_every_compound_of_the_community(
    place, community_staff, committee_chair, resident, other_owner
):
    from community.permissions.activities import access_activity, may_publish
    from community.queries.activities import activities_of
    from tests import factories as f

    assert may_publish(community_staff, place.compound)
    starts = timezone.now() + timedelta(days=3)
    activity = services.activity_publish(
        by=community_staff,
        compound=place.compound,
        community_wide=True,
        title="社区义诊",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        place="社区卫生服务站",
        capacity=None,
    )
    assert activity.compound_id is None and activity.community_id == place.compound.community_id
    neighbour_compound = f.CompoundFactory(community=place.compound.community, name="太阳岛小区")
    assert list(activities_of(neighbour_compound)) == [activity]
    assert services.signup_join(activity=activity, user=resident).state == "confirmed"
    assert access_activity(resident, activity.pk) == activity
    with pytest.raises(Http404):  # 黄荆岭小区 lies in another community here
        access_activity(other_owner, activity.pk)
    with pytest.raises(PermissionDenied):
        services.activity_cancel(activity=activity, by=committee_chair)
    services.activity_cancel(activity=activity, by=community_staff)

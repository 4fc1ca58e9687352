"""A station's own life: closing it (a reason, a step that confirms; its shifts ahead
cancelled, the one on now ended, their people told once; residents no longer see it on
duty; its past and history stay; audited) and changing its details; with the refusals
(403, 404, 405) and the messages (a blank reason, closing twice)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from community.hub import sections_for
from community.models import Shift, ShiftEvent, Station
from community.queries.roster import on_duty_now
from community.services import roster as services
from community.services.stations import station_close, station_edit, station_open
from portal.models import AuditEvent
from portal.notifications.models import Notification
from tests.community.test_roster_services import arrange


@pytest.fixture
def station(place, party_secretary):
    return station_open(
        by=party_secretary,
        compound=place.compound,
        name="人人坞党群服务站",
        place="小区东门",
        phone="0715-8888888",
    )


@pytest.fixture
def week(station, party_secretary, volunteer, committee_chair):
    """A shift over, one on now (the volunteer), two ahead (the chair's offered to the
    volunteer); the past one written as a row, as the service refuses a shift over."""
    past = Shift.objects.create(
        station=station,
        person=committee_chair,
        start=timezone.now() - timedelta(hours=30),
        end=timezone.now() - timedelta(hours=26),
        created_by=party_secretary,
    )
    now = arrange(station, party_secretary, volunteer, start=-1, hours=3)
    ahead = arrange(station, party_secretary, committee_chair, start=5)
    services.shift_offer(shift_id=ahead.pk, by=committee_chair, to=volunteer)
    later = arrange(station, party_secretary, volunteer, start=30)
    return past, now, ahead, later


def close_url(station):
    return reverse("community:roster_station_close", args=[station.pk])


def test_closing_cancels_what_is_ahead_ends_the_shift_on_now_and_keeps_the_past(
    place, station, week, party_secretary, volunteer, committee_chair
):
    past, now, ahead, later = week
    station_close(station_id=station.pk, by=party_secretary, reason="服务站搬迁")
    station.refresh_from_db()
    assert station.closed_at and station.closed_reason == "服务站搬迁"
    assert station.closed_by == party_secretary
    for shift in (past, now, ahead, later):
        shift.refresh_from_db()
    assert past.cancelled_at is None and past.end < timezone.now()
    assert now.cancelled_at is None and now.end == station.closed_at  # its past stays
    assert ahead.cancelled_at and later.cancelled_at and ahead.offered_to is None
    closed = ShiftEvent.objects.filter(action="closed", note="服务站搬迁")
    assert set(closed.values_list("shift_id", flat=True)) == {now.pk, ahead.pk, later.pk}
    audit = AuditEvent.objects.get(code="community.station.closed", target_id=station.pk)
    assert audit.new == {"reason": "服务站搬迁", "shifts": 3}
    told = Notification.objects.filter(params__what="closed")
    assert set(told.values_list("recipient_id", flat=True)) == {volunteer.pk, committee_chair.pk}
    assert on_duty_now(place.compound) == []


def test_closing_needs_a_reason_and_happens_once(station, week, party_secretary):
    for blank in ("", "   ", "\x00"):
        with pytest.raises(ValidationError, match="why the station is closing"):
            station_close(station_id=station.pk, by=party_secretary, reason=blank)
    assert Station.objects.get().closed_at is None
    assert not ShiftEvent.objects.filter(action="closed").exists()
    station_close(station_id=station.pk, by=party_secretary, reason="搬迁")
    with pytest.raises(ValidationError, match="already closed"):
        station_close(station_id=station.pk, by=party_secretary, reason="搬迁")
    assert AuditEvent.objects.filter(code="community.station.closed").count() == 1


def test_only_an_arranger_closes(station, resident, volunteer):
    for who in (resident, volunteer):
        with pytest.raises(PermissionDenied):
            station_close(station_id=station.pk, by=who, reason="不想要了")
    assert Station.objects.get().closed_at is None


def test_a_closed_station_takes_no_new_shift(station, party_secretary, volunteer):
    station_close(station_id=station.pk, by=party_secretary, reason="搬迁")
    station.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        arrange(station, party_secretary, volunteer, start=5)
    assert not Shift.objects.exists()


def test_closing_through_the_pages_asks_to_confirm(client, place, station, week, party_secretary):
    client.force_login(party_secretary)
    url = close_url(station) + f"?compound={place.compound.pk}"
    page = client.get(url).content.decode()
    assert 'data-testid="what-closing-does"' in page
    blank = client.post(url, {"reason": "  "})
    assert blank.status_code == 200 and b"field-invalid" in blank.content
    step = client.post(url, {"reason": "服务站搬迁"})
    assert step.status_code == 200 and b'data-testid="confirm-close"' in step.content
    assert Station.objects.get().closed_at is None  # not before the second press
    done = client.post(url, {"reason": "服务站搬迁", "confirmed": "on"})
    assert done.status_code == 302 and done["Location"].endswith(f"/{place.compound.pk}/roster/")
    assert Station.objects.get().closed_at is not None
    again = client.post(url, {"reason": "服务站搬迁", "confirmed": "on"})
    assert again.status_code == 200 and b"form-errors" in again.content  # already closed
    assert AuditEvent.objects.filter(code="community.station.closed").count() == 1


def test_residents_no_longer_see_a_closed_station_on_duty_but_its_week_stays(
    client, place, station, week, party_secretary, resident, volunteer
):
    station_close(station_id=station.pk, by=party_secretary, reason="服务站搬迁")
    client.force_login(resident)
    page = client.get(reverse("community:roster", args=[place.compound.pk])).content.decode()
    now_section = page.split('data-testid="on-duty-now"')[1].split("</section>")[0]
    assert 'data-testid="station"' not in now_section and 'data-testid="on-duty"' not in page
    assert 'data-testid="closed-station"' in page and "服务站搬迁" in page
    assert str(volunteer) in page  # the shift on now, until the closing, stays in the week
    assert not [
        s for s in sections_for(resident, place.compound) if s["template"].endswith("_roster.html")
    ]


def test_who_may_not_close_is_refused_by_status(client, place, station, resident, other_owner):
    url = close_url(station)
    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    client.force_login(resident)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x", "confirmed": "on"}).status_code == 403
    client.force_login(other_owner)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x", "confirmed": "on"}).status_code == 404
    assert client.put(url).status_code == 405
    assert Station.objects.get().closed_at is None


def test_changing_a_stations_details_is_audited(client, place, station, party_secretary):
    client.force_login(party_secretary)
    url = reverse("community:roster_station_edit", args=[station.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"name": "", "place": "东门", "phone": "123"})
    assert bad.status_code == 200 and b"field-invalid" in bad.content
    data = {"name": "人人坞党群服务站", "place": "12栋一楼", "phone": "0715-8888888"}
    assert client.post(url, data).status_code == 302
    station.refresh_from_db()
    assert station.place == "12栋一楼"
    edited = AuditEvent.objects.get(code="community.station.edited")
    assert (edited.old, edited.new) == ({"place": "小区东门"}, {"place": "12栋一楼"})
    station_open(by=party_secretary, compound=place.compound, name="二号站", place="西门")
    with translation.override("en"), pytest.raises(ValidationError, match="already a station"):
        station_edit(station_id=station.pk, by=party_secretary, name="二号站", place="西门")


def test_a_resident_may_not_change_a_station(client, station, resident, other_owner):
    url = reverse("community:roster_station_edit", args=[station.pk])
    client.force_login(resident)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x", "place": "y"}).status_code == 403
    client.force_login(other_owner)
    assert client.post(url, {"name": "x", "place": "y"}).status_code == 404
    assert Station.objects.get().name == "人人坞党群服务站"


def test_the_audit_log_reads_the_open_offer_taken_and_the_closing(
    client, place, station, party_secretary, volunteer, committee_chair, supervisor
):
    from django.conf import settings

    shift = arrange(station, party_secretary, volunteer)
    services.shift_offer_open(shift_id=shift.pk, by=volunteer)
    services.shift_take(shift_id=shift.pk, by=committee_chair)
    station_edit(station_id=station.pk, by=party_secretary, name=station.name, place="12栋一楼")
    station_close(station_id=station.pk, by=party_secretary, reason="服务站搬迁")
    client.force_login(supervisor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("site:audit_log", args=[place.compound.pk])
    page = client.get(url, {"what": "roster"}).content.decode()
    assert "took over from an open offer" in page and "周明华" in page
    assert "changed the details of" in page and "12栋一楼" in page
    assert "closed" in page and "服务站搬迁" in page and "(deleted)" not in page


def test_a_station_that_moved_is_succeeded_by_one_of_the_same_name(place, station, party_secretary):
    with pytest.raises(ValidationError, match="already a station"):
        station_open(by=party_secretary, compound=place.compound, name=station.name, place="西门")
    station_close(station_id=station.pk, by=party_secretary, reason="搬到12栋")
    moved = station_open(
        by=party_secretary, compound=place.compound, name=station.name, place="12栋一楼"
    )
    assert moved.pk != station.pk and Station.objects.filter(name=station.name).count() == 2

"""The duty roster's pages: the week, setting up, a shift's swaps, the person on duty's
requests, the community page's section; 405, 403, 404 and bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.hub import sections_for
from community.models import Shift, ShiftEvent, Station
from community.services import roster as services
from community.services.stations import station_open
from requests.models import Category
from requests.services import request_file
from tests.community.test_roster_services import arrange, at


@pytest.fixture
def station(place, party_secretary):
    return station_open(
        by=party_secretary,
        compound=place.compound,
        name="人人坞党群服务站",
        place="小区东门",
        phone="0715-8888888",
    )


def roster_url(place):
    return reverse("community:roster", args=[place.compound.pk])


def test_a_resident_sees_who_is_on_duty_now_with_the_station_phone_and_a_masked_number(
    client, place, station, party_secretary, volunteer, resident
):
    arrange(station, party_secretary, volunteer, start=-1, hours=3)
    client.force_login(resident)
    page = client.get(roster_url(place)).content.decode()
    assert "赵卫东" in page and "0715-8888888" in page
    assert "138****0008" in page and "13800000008" not in page


def test_a_number_the_person_chose_to_show_is_shown_in_full(
    client, place, station, party_secretary, volunteer, resident
):
    shift = arrange(station, party_secretary, volunteer, start=-1, hours=3)
    services.shift_show_phone(shift_id=shift.pk, by=volunteer, shown=True)
    client.force_login(resident)
    assert "13800000008" in client.get(roster_url(place)).content.decode()


def test_the_arranger_sees_the_number_in_full(client, place, station, party_secretary, volunteer):
    arrange(station, party_secretary, volunteer, start=-1, hours=3)
    client.force_login(party_secretary)
    assert "13800000008" in client.get(roster_url(place)).content.decode()


def test_the_roster_of_another_compound_does_not_exist_for_one(client, place, other_owner):
    client.force_login(other_owner)
    assert client.get(roster_url(place)).status_code == 404


def test_a_bad_week_shows_this_week(client, place, station, resident):
    client.force_login(resident)
    for week in ("2026-13-40", "0001-01-01", "x" * 500):
        assert client.get(roster_url(place), {"week": week}).status_code == 200


def test_setting_up_a_station_and_arranging_a_shift(client, place, party_secretary, volunteer):
    client.force_login(party_secretary)
    new = reverse("community:roster_new_station", args=[place.compound.pk])
    response = client.post(new, {"name": "服务站", "place": "东门", "phone": "0715-8888888"})
    assert response.status_code == 302
    station = Station.objects.get()
    url = reverse("community:roster_new_shift", args=[station.pk])
    start = (timezone.localtime() + timedelta(days=1)).replace(hour=8, minute=0)
    data = {
        "person": volunteer.pk,
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
    }
    assert client.post(url, data).status_code == 302
    assert Shift.objects.get().person == volunteer


def test_bad_shift_input_gets_clear_messages_and_saves_nothing(
    client, place, station, party_secretary, volunteer, resident
):
    client.force_login(party_secretary)
    url = reverse("community:roster_new_shift", args=[station.pk])
    start = timezone.localtime() + timedelta(days=1)
    fmt = "%Y-%m-%dT%H:%M"
    cases = [
        (
            {"person": volunteer.pk, "start": start.strftime(fmt), "end": start.strftime(fmt)},
            "结束",
        ),
        ({"person": resident.pk, "start": start.strftime(fmt), "end": "x"}, ""),
        ({"person": "99999999999999999999", "start": "", "end": ""}, ""),
        ({"person": volunteer.pk, "start": "0001-01-01T00:00", "end": "9999-01-01T00:00"}, ""),
    ]
    for data, _words in cases:
        response = client.post(url, data)
        assert response.status_code == 200
        assert b"form-errors" in response.content or b"field-invalid" in response.content
    assert not Shift.objects.exists()


def test_an_overlap_through_the_page_is_explained(
    client, place, station, party_secretary, volunteer
):
    arrange(station, party_secretary, volunteer, start=24, hours=4)
    client.force_login(party_secretary)
    start = at(26)
    data = {
        "person": volunteer.pk,
        "start": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
        "end": timezone.localtime(start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = client.post(reverse("community:roster_new_shift", args=[station.pk]), data)
    assert response.status_code == 200 and "人人坞党群服务站" in response.content.decode()
    assert Shift.objects.count() == 1


def test_who_may_not_arrange_is_refused(client, place, station, resident, other_owner):
    url = reverse("community:roster_new_shift", args=[station.pk])
    client.force_login(resident)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    new = reverse("community:roster_new_station", args=[place.compound.pk])
    assert client.get(new).status_code == 403
    client.force_login(other_owner)
    assert client.get(url).status_code == 404
    assert client.get(new).status_code == 404


def test_the_swap_through_the_pages(
    client, place, station, party_secretary, volunteer, committee_chair
):
    shift = arrange(station, party_secretary, volunteer)
    client.force_login(volunteer)
    page = reverse("community:roster_shift", args=[shift.pk])
    assert client.get(page).status_code == 200
    offer = reverse("community:roster_offer", args=[shift.pk])
    assert client.get(offer).status_code == 405
    assert client.post(offer, {"to": "abc"}).status_code == 200  # the page with a message
    assert client.post(offer, {"to": committee_chair.pk}).status_code == 302
    client.force_login(committee_chair)
    answer = reverse("community:roster_answer", args=[shift.pk])
    assert client.post(answer, {"answer": "accept"}).status_code == 302
    shift.refresh_from_db()
    assert shift.person == committee_chair
    history = client.get(page).content.decode()
    assert history.count('data-testid="event"') == 3


def test_a_resident_cannot_act_on_a_shift(
    client, place, station, party_secretary, volunteer, resident
):
    shift = arrange(station, party_secretary, volunteer)
    client.force_login(resident)
    assert client.get(reverse("community:roster_shift", args=[shift.pk])).status_code == 200
    assert (
        client.post(
            reverse("community:roster_offer", args=[shift.pk]), {"to": resident.pk}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("community:roster_reassign", args=[shift.pk]), {"to": resident.pk}
        ).status_code
        == 403
    )
    assert client.post(reverse("community:roster_cancel", args=[shift.pk])).status_code == 403
    assert (
        client.post(reverse("community:roster_phone", args=[shift.pk]), {"shown": "on"}).status_code
        == 403
    )
    shift.refresh_from_db()
    assert shift.person == volunteer and shift.cancelled_at is None and not shift.phone_public
    assert ShiftEvent.objects.filter(shift=shift).count() == 1


def test_the_person_on_duty_sees_the_requests_filed_during_the_shift(
    client, place, station, party_secretary, volunteer, resident
):
    earlier = request_file(
        reporter=resident,
        compound=place.compound,
        building=place.building,
        category=Category.objects.get(compound=None, code="lighting"),
        description="昨天的灯",
    )
    type(earlier).objects.filter(pk=earlier.pk).update(created_at=at(-5))
    arrange(station, party_secretary, volunteer, start=-1, hours=3)
    during = request_file(
        reporter=resident,
        compound=place.compound,
        building=place.building,
        category=Category.objects.get(compound=None, code="lighting"),
        description="楼道灯不亮",
    )
    gate = request_file(  # a place with no building (a 500 in the demo, once)
        reporter=resident,
        compound=place.compound,
        place="东门外",
        category=Category.objects.get(compound=None, code="lighting"),
        description="东门外路灯不亮",
    )
    client.force_login(volunteer)
    page = client.get(reverse("community:roster_duty")).content.decode()
    assert f"#{during.pk} " in page and f"#{earlier.pk} " not in page
    assert f"#{gate.pk} " in page and "东门外" in page
    for bad in ("abc", "0", "99999999999999999999"):  # a bad page: the nearest page
        assert client.get(reverse("community:roster_duty"), {"page": bad}).status_code == 200
    section = next(s for s in sections_for(volunteer, place.compound) if "mine" in s)
    assert section["filed"] == 2


def test_the_duty_page_of_someone_elses_shift_does_not_exist(
    client, place, station, party_secretary, volunteer, committee_chair
):
    shift = arrange(station, party_secretary, volunteer, start=-1, hours=3)
    client.force_login(committee_chair)
    response = client.get(reverse("community:roster_duty"), {"shift": shift.pk})
    assert response.status_code == 404
    assert client.get(reverse("community:roster_duty"), {"shift": "x"}).status_code == 200


def test_the_hub_section_is_for_people_of_the_compound(place, station, resident, other_owner):
    assert sections_for(other_owner, place.compound) == [] or all(
        s["template"] != "community/hub/_roster.html"
        for s in sections_for(other_owner, place.compound)
    )
    mine = [
        s for s in sections_for(resident, place.compound) if s["template"].endswith("_roster.html")
    ]
    assert len(mine) == 1


def test_the_community_page_says_who_is_on_duty_now(
    client, place, station, party_secretary, volunteer, resident
):
    arrange(station, party_secretary, volunteer, start=-1, hours=3)
    client.force_login(resident)
    page = client.get(reverse("community:hub", args=[place.compound.pk])).content.decode()
    on_duty = page.split('data-testid="hub-on-duty"')[1].split("</li>")[0]
    assert str(volunteer) in on_duty and station.name in page


def test_the_person_on_duty_finds_the_shift_first_on_home(
    client, place, station, party_secretary, volunteer, resident
):
    arrange(station, party_secretary, volunteer, start=-1, hours=3)
    request_file(
        reporter=resident,
        compound=place.compound,
        building=place.building,
        category=Category.objects.get(compound=None, code="lighting"),
        description="楼道灯不亮",
    )
    client.force_login(volunteer)
    page = client.get("/").content.decode()
    assert page.index('data-panel="duty"') < page.index('data-panel="resident"')
    assert 'data-testid="home-duty-requests"' in page
    client.force_login(party_secretary)  # not on duty now: no panel
    assert 'data-panel="duty"' not in client.get("/").content.decode()


def test_the_hub_section_renders_who_is_on_duty_and_the_count_for_the_person_on_duty(
    place, station, party_secretary, volunteer, resident
):
    from django.template.loader import render_to_string

    arrange(station, party_secretary, volunteer, start=-1, hours=3)
    for who, on_duty in ((resident, False), (volunteer, True)):
        (section,) = [
            s for s in sections_for(who, place.compound) if s["template"].endswith("_roster.html")
        ]
        html = render_to_string(section["template"], {"s": section})
        assert 'data-testid="hub-on-duty"' in html and "赵卫东" in html
        assert ('data-testid="hub-my-duty"' in html) is on_duty
        assert ("13800000008" in html) is on_duty  # masked to the resident


def test_community_staff_set_up_a_station_for_the_whole_community(
    client, place, community_staff, party_secretary, resident
):
    new = reverse("community:roster_new_station", args=[place.compound.pk])
    client.force_login(party_secretary)  # a compound's secretary: no such choice
    assert b"community_wide" not in client.get(new).content
    client.force_login(community_staff)
    data = {"name": "人人坞党群服务站", "place": "社区", "phone": "0715-1", "community_wide": "on"}
    assert client.post(new, data).status_code == 200  # a phone too short: a message
    data["phone"] = "0715-5301234"
    assert client.post(new, data).status_code == 302
    station = Station.objects.get()
    assert station.community == place.compound.community and station.compound is None
    client.force_login(resident)  # the compound's residents read the community's station
    assert "人人坞党群服务站" in client.get(roster_url(place)).content.decode()


def test_the_duty_page_pages_a_busy_shift(
    client, place, station, party_secretary, volunteer, resident
):
    arrange(station, party_secretary, volunteer, start=-1, hours=3)
    for n in range(21):
        request_file(
            reporter=resident,
            compound=place.compound,
            building=place.building,
            category=Category.objects.get(compound=None, code="lighting"),
            description=f"楼道灯不亮{n}",
        )
    client.force_login(volunteer)
    first = client.get(reverse("community:roster_duty")).content.decode()
    assert first.count('data-testid="duty-request"') == 20 and 'data-testid="older"' in first
    second = client.get(reverse("community:roster_duty"), {"page": 2}).content.decode()
    assert second.count('data-testid="duty-request"') == 1 and 'data-testid="older"' not in second


def test_a_shift_not_yet_begun_offers_no_list_of_requests(
    client, place, station, party_secretary, volunteer
):
    later = arrange(station, party_secretary, volunteer, start=5)
    now = arrange(station, party_secretary, volunteer, start=-1, hours=3)
    client.force_login(volunteer)
    page = client.get(reverse("community:roster_shift", args=[later.pk])).content.decode()
    assert 'data-testid="requests-during"' not in page
    page = client.get(reverse("community:roster_shift", args=[now.pk])).content.decode()
    assert 'data-testid="requests-during"' in page


def test_the_audit_log_names_the_roster_s_changes(
    client, place, station, party_secretary, volunteer, committee_chair, supervisor
):
    from django.conf import settings

    shift = arrange(station, party_secretary, volunteer)
    services.shift_reassign(shift_id=shift.pk, by=party_secretary, to=committee_chair)
    client.force_login(supervisor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("site:audit_log", args=[place.compound.pk])
    page = client.get(url, {"what": "roster"}).content.decode()
    assert "人人坞党群服务站" in page and "(deleted)" not in page and "did “" not in page
    assert "赵卫东" in page and "周明华" in page  # the people on duty by name, not by id

"""An open offer through the pages: offered from the shift's page, seen on the week and on
the duty page by those who may take it (not by a resident), taken with one press; the
refusals as statuses (403, 404, 405) and the messages (one's own, withdrawn, taken)."""

import pytest
from django.urls import reverse

from community.models import Shift, ShiftEvent
from community.services import roster as services
from community.services.stations import station_open
from tests.community.test_roster_services import arrange


@pytest.fixture
def station(place, party_secretary):
    return station_open(
        by=party_secretary, compound=place.compound, name="人人坞党群服务站", place="小区东门"
    )


@pytest.fixture
def offered(station, party_secretary, volunteer):
    shift = arrange(station, party_secretary, volunteer, start=3)
    services.shift_offer_open(shift_id=shift.pk, by=volunteer)
    return shift


def _week(client, place) -> str:
    return client.get(reverse("community:roster", args=[place.compound.pk])).content.decode()


def test_the_person_on_duty_offers_it_to_anyone_from_the_shift_page(
    client, station, party_secretary, volunteer
):
    shift = arrange(station, party_secretary, volunteer, start=3)
    client.force_login(volunteer)
    page = client.get(reverse("community:roster_shift", args=[shift.pk])).content.decode()
    assert 'data-testid="offer-open"' in page and 'id="id_open-note"' in page
    url = reverse("community:roster_offer_open", args=[shift.pk])
    assert client.get(url).status_code == 405
    assert client.post(url, {"open-note": "x" * 201}).status_code == 200  # too long: the page
    assert client.post(url, {"open-note": "家里有事"}).status_code == 302
    shift.refresh_from_db()
    assert shift.offered_open
    page = client.get(reverse("community:roster_shift", args=[shift.pk])).content.decode()
    assert 'data-testid="offered-open"' in page and 'data-testid="withdraw"' in page


def test_who_may_take_it_sees_it_on_the_week_and_the_duty_page_a_resident_does_not(
    client, place, offered, committee_chair, resident, volunteer
):
    client.force_login(committee_chair)
    week = _week(client, place)
    assert 'data-testid="open-offers"' in week and 'data-testid="take"' in week
    duty = client.get(reverse("community:roster_duty")).content.decode()
    assert 'data-testid="open-offer"' in duty  # first, above one's shifts and requests
    assert duty.index('data-testid="open-offers"') < duty.index('data-testid="my-shifts"')
    client.force_login(resident)
    week = _week(client, place)
    assert 'data-testid="open-offers"' not in week and 'data-testid="open-offer-tag"' not in week
    duty = client.get(reverse("community:roster_duty")).content.decode()
    assert 'data-testid="open-offer"' not in duty
    page = client.get(reverse("community:roster_shift", args=[offered.pk])).content.decode()
    assert 'data-testid="take-panel"' not in page
    client.force_login(volunteer)  # one's own: marked, not to take
    week = _week(client, place)
    assert 'data-testid="open-offer-tag"' in week and 'data-testid="open-offers"' not in week


def test_taking_it_through_the_page(client, offered, committee_chair, volunteer):
    client.force_login(committee_chair)
    page = client.get(reverse("community:roster_shift", args=[offered.pk])).content.decode()
    assert 'data-testid="take-panel"' in page
    url = reverse("community:roster_take", args=[offered.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    offered.refresh_from_db()
    assert offered.person == committee_chair and not offered.offered_open
    page = client.get(response["Location"]).content.decode()
    assert page.count('data-testid="event"') == 3  # arranged, offered to anyone, taken


def test_refusals_are_statuses_and_nothing_changes(
    client, offered, resident, supervisor, other_owner, volunteer
):
    url = reverse("community:roster_take", args=[offered.pk])
    assert client.post(url).status_code == 302  # signed out: to sign in
    for who, status in ((resident, 403), (supervisor, 403), (other_owner, 404)):
        client.force_login(who)
        assert client.post(url).status_code == status, who
    offer = reverse("community:roster_offer_open", args=[offered.pk])
    client.force_login(resident)
    assert client.post(offer, {}).status_code == 403
    client.force_login(other_owner)
    assert client.post(offer, {}).status_code == 404
    offered.refresh_from_db()
    assert offered.person == volunteer and offered.offered_open
    assert ShiftEvent.objects.filter(shift=offered).count() == 2


def test_bad_takes_are_messages(client, offered, volunteer, committee_chair, party_secretary):
    url = reverse("community:roster_take", args=[offered.pk])
    client.force_login(volunteer)  # one's own offer
    response = client.post(url, follow=True)
    assert response.status_code == 200 and b"message-error" in response.content
    client.force_login(committee_chair)
    client.post(url)
    client.force_login(party_secretary)  # second: taken already
    response = client.post(url, follow=True)
    assert str(committee_chair) in response.content.decode()
    assert Shift.objects.get(pk=offered.pk).person == committee_chair

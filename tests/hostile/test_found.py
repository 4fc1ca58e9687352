"""What the hostile fuzz of issue 16 item 8 found, each pinned on its own."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import TextSent

pytestmark = pytest.mark.django_db
HUGE = "9" * 23  # more than any integer column holds


def test_a_huge_id_among_several_choices_is_a_form_error(client, committee_chair, place):
    """Django checks `pk__in` without its integer range guard: 23 digits overflowed
    SQLite (OverflowError, a 500) in every form choosing several objects."""
    client.force_login(committee_chair)
    url = reverse("deliberation:meeting_new", args=[place.compound.pk])
    data = {"kind": "joint", "title": "会", "held_at": "2030-01-01T10:00", "agenda": "议程"}
    response = client.post(url, data | {"proposals": [HUGE]})
    assert response.status_code == 200
    assert response.context["form"].errors["proposals"]


def test_a_huge_building_id_of_a_new_zone_is_a_form_error(client, committee_chair, place):
    """The zone's buildings were a plain ModelMultipleChoiceField after issue 16's fix:
    23 digits overflowed SQLite again, a 500 (the fuzz of community life, issue 17)."""
    client.force_login(committee_chair)
    url = reverse("community:zone_new", args=[place.compound.pk])
    response = client.post(url, {"name": "南门广场", "kind": "square", "buildings": [HUGE]})
    assert response.status_code == 200
    assert response.context["form"].errors["buildings"]


def _change_phone(client: Client, phone: str):
    return client.post(reverse("account_change_phone"), {"action_add": "", "phone": phone})


def test_changing_to_a_number_just_texted_a_code_is_a_form_error(
    committee_chair, resident, settings
):
    """allauth's "verify_phone" limit (one code a number in 30 s) raised RateLimited from
    the phone change after the form was valid: a 500. Two people changing to one number,
    or one person sending the form twice across a minute, met it."""
    settings.ACCOUNT_RATE_LIMITS = settings.ACCOUNT_RATE_LIMITS | {"change_phone": False}
    first, second = Client(), Client()
    first.force_login(resident)
    second.force_login(committee_chair)
    assert _change_phone(first, "13912340001").status_code == 302
    response = _change_phone(second, "13912340001")
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"]


def test_changing_phone_counts_against_the_sms_caps(resident, settings):
    """The phone change texted a code with no cap of its own: one account could have a
    number texted once a minute, around the hourly cap of the other ways in."""
    settings.ACCOUNT_RATE_LIMITS = False
    settings.SMS_LIMIT_PER_PHONE = (2, 10)
    client = Client()
    client.force_login(resident)
    for _ in range(2):
        assert _change_phone(client, "13912340001").status_code == 302
    response = _change_phone(client, "13912340001")
    assert response.status_code == 200 and response.context["form"].errors
    assert TextSent.objects.filter(phone="+8613912340001").count() == 2


@pytest.mark.parametrize("target", ["x¿'\"(", "home", "//evil.example/", "https://evil.example/"])
def test_a_next_that_is_no_path_of_the_site_goes_home(client, target):
    """redirect() reads a bare word as the name of a view: "x¿'\"(" was a NoReverseMatch,
    a 500 (the wapiti scan)."""
    response = client.post(reverse("portal:large_text"), {"enabled": "1", "next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_next_that_is_a_path_of_the_site_is_followed(client):
    response = client.post(reverse("portal:large_text"), {"enabled": "1", "next": "/notices/"})
    assert response["Location"] == "/notices/"


def test_the_preference_cookies_are_for_the_server_only(client):
    """No script reads them (wapiti's cookie check): HttpOnly, like the session's."""
    client.post(reverse("portal:large_text"), {"enabled": "1"})
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.cookies["large_text"]["httponly"]
    assert client.cookies["django_language"]["httponly"]

"""Texts anyone can make the portal send by typing a number are capped per number and per
client by the hour and the day, and by a daily budget that alerts the operator (issue 16,
item 13: one number got 8 texts in a minute; 31 made-up numbers got texts in a minute
from one client). allauth's per-minute limits are switched off here to reach the caps."""

import pytest
from django.urls import reverse

from portal.models import TextSent

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_minute_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = False


def _ask_code(client, phone, address="203.0.113.7"):
    client.cookies.clear()  # a new visitor each time: a pending code is not sent again
    return client.post(
        reverse("account_request_login_code"), {"phone": phone}, REMOTE_ADDR=address, **ZH
    )


def test_a_number_gets_five_codes_an_hour_then_is_told_when_to_try_again(client, resident):
    for _ in range(5):
        assert _ask_code(client, "13800000001").status_code == 302
    response = _ask_code(client, "13800000001", address="198.51.100.9")  # another device too
    assert response.status_code == 200
    assert "一小时" in response.content.decode()
    assert TextSent.objects.filter(phone="+8613800000001").count() == 5


def test_made_up_numbers_from_one_client_stop_at_its_hourly_cap(client, settings):
    settings.SMS_LIMIT_PER_CLIENT = (20, 60)
    sent = sum(_ask_code(client, f"1391234{i:04d}").status_code == 302 for i in range(31))
    assert sent == 20
    assert TextSent.objects.count() == 20
    assert _ask_code(client, "13912349999", address="198.51.100.9").status_code == 302


def test_the_day_s_budget_refuses_codes_and_alerts_the_operator(client, settings, sms_log):
    settings.SMS_DAILY_BUDGET = 3
    for i in range(3):
        assert _ask_code(client, f"1391234{i:04d}", address=f"198.51.100.{i}").status_code == 302
    assert "SMS daily budget of 3 used up" in sms_log.getvalue()
    response = _ask_code(client, "13912340009", address="198.51.100.50")
    assert response.status_code == 200 and "今天" in response.content.decode()
    assert TextSent.objects.count() == 3


def test_password_reset_and_sign_up_count_against_the_same_caps(client, settings, resident):
    settings.SMS_LIMIT_PER_PHONE = (2, 10)
    url = reverse("portal:password_reset_phone")
    for _ in range(2):
        assert client.post(url, {"phone": "13800000001"}, **ZH).status_code == 302
    response = client.post(url, {"phone": "13800000001"}, **ZH)
    assert response.status_code == 200 and "一小时" in response.content.decode()
    settings.SMS_LIMIT_PER_CLIENT = (2, 60)  # this client has already made two texts
    response = client.post(
        reverse("account_signup"),
        {"phone": "13912345678", "display_name": "王", "password1": "Lanhua-2026!"},
        **ZH,
    )
    assert response.status_code == 200
    assert not TextSent.objects.filter(phone="+8613912345678").exists()


def test_old_counts_are_pruned(settings):
    from datetime import timedelta

    from django.utils import timezone

    from portal import sms_limits

    TextSent.objects.create(phone="+8613800000001", sent_at=timezone.now() - timedelta(days=3))
    TextSent.objects.create(phone="+8613800000001")
    assert sms_limits.prune() == 1
    assert TextSent.objects.count() == 1

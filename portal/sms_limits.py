"""How many texts people may make the portal send (issue 16): sign-up, sign-in by code and
password reset text a number that anyone may type, so each is capped per number and per
client by the hour and by the day, and all texts together by a daily budget whose
exhaustion alerts the operator. allauth's own limits are per minute; these are the longer
windows. Counted from TextSent rows in the database, so they hold with Redis down.

Settings (portal/settings.py, from the environment): SMS_LIMIT_PER_PHONE and
SMS_LIMIT_PER_CLIENT as "hourly,daily", SMS_DAILY_BUDGET as a number."""

from __future__ import annotations

import logging
from datetime import timedelta

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import TextSent

logger = logging.getLogger("portal.sms")
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def client_of(request) -> str | None:
    """The client's address as allauth's limits see it (its trusted-proxy settings)."""
    if request is None:
        return None
    try:
        return get_adapter().get_client_ip(request)
    except Exception:  # noqa: BLE001 - an unparseable forwarded header counts as no client
        return None


def _counts(field: str, value, now) -> tuple[int, int]:
    rows = TextSent.objects.filter(**{field: value}, sent_at__gt=now - DAY)
    return rows.filter(sent_at__gt=now - HOUR).count(), rows.count()


def _over(counts: tuple[int, int], caps: tuple[int, int]) -> str | None:
    hourly, daily = counts
    if daily >= caps[1]:
        return "day"
    if hourly >= caps[0]:
        return "hour"
    return None


def budget_left(now=None) -> int:
    now = now or timezone.now()
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return settings.SMS_DAILY_BUDGET - TextSent.objects.filter(sent_at__gte=start).count()


def check(request, phone: str) -> None:
    """Refuse (ValidationError, in Chinese, saying how long to wait and what else to do)
    a text to `phone` asked by this client when a cap or the day's budget is reached."""
    now = timezone.now()
    over = _over(_counts("phone", phone, now), settings.SMS_LIMIT_PER_PHONE)
    client = client_of(request)
    if over is None and client:
        over = _over(_counts("client", client, now), settings.SMS_LIMIT_PER_CLIENT)
    if over is None and budget_left(now) <= 0:
        over = "day"
        logger.error("SMS daily budget of %s reached: codes refused", settings.SMS_DAILY_BUDGET)
    if over == "hour":
        raise ValidationError(
            _(
                "Too many codes were sent to this number or from this device in the last "
                "hour. Please try again in an hour, or sign in with your password."
            ),
            code="sms_hourly",
        )
    if over == "day":
        raise ValidationError(
            _(
                "No more codes can be sent to this number or from this device today. Please "
                "try again tomorrow, sign in with your password, or ask your community office."
            ),
            code="sms_daily",
        )


def record(phone: str, request=None) -> None:
    """Count a text handed to the backend; warn the operator when the budget runs out."""
    TextSent.objects.create(phone=phone, client=client_of(request))
    if budget_left() == 0:
        logger.error("SMS daily budget of %s used up", settings.SMS_DAILY_BUDGET)


def prune(now=None) -> int:
    now = now or timezone.now()
    return TextSent.objects.filter(sent_at__lt=now - 2 * DAY).delete()[0]

"""Handing one Delivery to its backend, exactly once.

A delivery is claimed with a conditional UPDATE (pending -> sending), so two workers, a
retried task and the relay never hand the same row over together. The backend receives the
delivery's idempotency key: if a worker dies after the backend accepted a message but before
the row was marked sent, the next attempt presents the same key and the backend (the
console outbox here, a gateway's client message id in production) does not send it again.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import override

from portal.notifications.models import Delivery, OutboxMessage
from portal.sms import SMSError, send_sms

logger = logging.getLogger("portal.notifications")


class TransientDeliveryError(Exception):
    """Try again later (gateway down, timeout)."""


def stale_before():
    return timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_STALE_SECONDS)


def claim(delivery_id: int) -> bool:
    """Take the row for this attempt: a pending row, or one left 'sending' by a dead worker.
    A row that has used up its attempts is marked failed instead of being taken again."""
    now = timezone.now()
    claimable = Q(status=Delivery.Status.PENDING) | Q(
        status=Delivery.Status.SENDING, claimed_at__lt=stale_before()
    )
    limit = settings.NOTIFICATIONS_MAX_ATTEMPTS
    Delivery.objects.filter(claimable, pk=delivery_id, attempts__gte=limit).update(
        status=Delivery.Status.FAILED, last_error="too many attempts"
    )
    return bool(
        Delivery.objects.filter(claimable, pk=delivery_id, attempts__lt=limit).update(
            status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … capped at one hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def _send(delivery: Delivery) -> None:
    notification = delivery.notification
    user = notification.recipient
    with override("zh-hans"):
        title, body = notification.title, notification.body
    if delivery.channel == Delivery.Channel.SMS:
        try:
            send_sms(user.phone, title, key=delivery.idempotency_key)
        except SMSError as exc:
            raise TransientDeliveryError(str(exc)) from exc
    else:
        if OutboxMessage.objects.filter(key=delivery.idempotency_key).exists():
            return  # already handed over by an earlier attempt
        send_mail(title, body or title, None, [user.email])
        OutboxMessage.objects.create(
            channel="email", to=user.email, text=title, key=delivery.idempotency_key
        )


def deliver_one(delivery_id: int) -> str:
    """Deliver if this call wins the claim. Returns the resulting status, or 'skipped'
    when the row is not ours to deliver (already sent, or another worker has it)."""
    if not claim(delivery_id):
        return "skipped"
    delivery = Delivery.objects.select_related("notification__recipient").get(pk=delivery_id)
    user = delivery.notification.recipient
    if not user.is_active or (delivery.channel == Delivery.Channel.EMAIL and not user.email):
        Delivery.objects.filter(pk=delivery_id).update(status=Delivery.Status.SKIPPED)
        return Delivery.Status.SKIPPED
    try:
        _send(delivery)
    except Exception as exc:  # any backend failure is recorded; none loses the row
        give_up = delivery.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
        Delivery.objects.filter(pk=delivery_id).update(
            status=Delivery.Status.FAILED if give_up else Delivery.Status.PENDING,
            last_error=f"{type(exc).__name__}: {exc}"[:300],
            next_attempt_at=timezone.now() + backoff(delivery.attempts),
        )
        logger.warning("delivery %s failed (attempt %s): %s", delivery_id, delivery.attempts, exc)
        if isinstance(exc, TransientDeliveryError):
            raise
        raise TransientDeliveryError(str(exc)) from exc
    Delivery.objects.filter(pk=delivery_id).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return Delivery.Status.SENT


def due_for_relay(limit: int = 500) -> list[int]:
    """Rows whose task never ran or whose worker died: pending for a while, or stuck
    'sending' past the stale limit."""
    now = timezone.now()
    waited = now - timedelta(seconds=settings.NOTIFICATIONS_RELAY_AFTER_SECONDS)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)  # backoff respected
    return list(
        Delivery.objects.filter(
            (Q(status=Delivery.Status.PENDING, created_at__lt=waited) & due)
            | Q(status=Delivery.Status.SENDING, claimed_at__lt=stale_before())
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )

"""Celery tasks of the notifications outbox: thin, named, idempotent."""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from portal.celery import app
from portal.notifications.delivery import TransientDeliveryError, deliver_one, due_for_relay
from portal.notifications.models import Notification

logger = logging.getLogger("portal.notifications")


@app.task(
    name="notifications.deliver",
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=5,
    retry_backoff=True,
)
def deliver(self, delivery_ids: list[int]) -> None:
    failed = []
    for delivery_id in delivery_ids:
        try:
            deliver_one(delivery_id)
        except TransientDeliveryError:
            failed.append(delivery_id)
    if failed:
        raise self.retry(args=[failed], countdown=min(600, 30 * 2**self.request.retries))


@app.task(name="notifications.relay", ignore_result=True)
def relay() -> int:
    """Deliver what no task delivered: rows left when the broker was down, or by a worker
    that died. Runs every minute from beat."""
    done = 0
    for delivery_id in due_for_relay():
        try:
            if deliver_one(delivery_id) == "sent":
                done += 1
        except TransientDeliveryError as exc:
            logger.warning("delivery %s failed again: %s", delivery_id, exc)
    return done


@app.task(name="notifications.prune", ignore_result=True)
def prune() -> int:
    """Delete read notifications older than NOTIFICATIONS_KEEP_READ_DAYS."""
    cutoff = timezone.now() - timedelta(days=settings.NOTIFICATIONS_KEEP_READ_DAYS)
    deleted, _ = Notification.objects.filter(read_at__lt=cutoff).delete()
    return deleted

"""notify(): the one call every app makes to tell people something.

It records one Notification per recipient, and one Delivery per extra channel the
recipient wants, in the caller's transaction. Only after that transaction commits is a
delivery task queued; if the broker is down or hung, the web request goes on (within the
broker's two-second timeouts) and the periodic relay delivers later. A rollback leaves
no rows, so nothing is ever sent for a change that did not happen.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import Protocol

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone, translation

from portal.notifications.events import EVENTS
from portal.notifications.models import Delivery, Notification, Preference

logger = logging.getLogger("portal.notifications")


class Audience(Protocol):
    """A group of people named by a place: apps define audiences (compounds/audiences.py)."""

    def user_ids(self) -> set[int]: ...


def _recipient_ids(recipients) -> set[int]:
    if hasattr(recipients, "user_ids"):
        return set(recipients.user_ids())
    return {getattr(r, "pk", r) for r in recipients}


def wanted_channels(
    event: str, preferences: dict[int, Preference], user_id: int, email: str
) -> list[str]:
    kind = EVENTS[event]
    preference = preferences.get(user_id)
    sms = preference.sms if preference else kind.sms
    wants_email = preference.email if preference else kind.email
    channels = [Delivery.Channel.SMS] if sms else []
    if wants_email and email:
        channels.append(Delivery.Channel.EMAIL)
    return channels


def notify(
    *,
    recipients: Audience | Iterable,
    event: str,
    params: dict | None = None,
    url: str = "",
    key: str = "",
) -> list[Notification]:
    """Record `event` for every recipient (users, ids or an Audience) in the current
    transaction; deliveries are queued on commit. With a `key` naming what happened, a
    person already told of it (the same happening processed twice) is not told again."""
    if event not in EVENTS:
        raise KeyError(f"unknown event type {event!r}: declare it in notifications/events.py")
    ids = _recipient_ids(recipients) - {None}
    if key:
        ids -= set(
            Notification.objects.filter(recipient_id__in=ids, key=key).values_list(
                "recipient_id", flat=True
            )
        )
    users = dict(
        get_user_model().objects.filter(pk__in=ids, is_active=True).values_list("pk", "email")
    )
    if not users:
        return []
    # Labels passed lazily (a state, a stage) are kept as their English source text and
    # shown in the reader's language by EventType._render; other values are kept as given.
    with translation.override(None):
        params = {k: str(v) for k, v in (params or {}).items()}
    notifications = Notification.objects.bulk_create(
        [
            Notification(recipient_id=uid, event=event, params=params, url=url, key=key)
            for uid in sorted(users)
        ]
    )
    preferences = {p.user_id: p for p in Preference.objects.filter(user_id__in=users, event=event)}
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(notification=n, channel=channel)
            for n in notifications
            for channel in wanted_channels(
                event, preferences, n.recipient_id, users[n.recipient_id]
            )
        ]
    )
    if deliveries:
        transaction.on_commit(partial(enqueue, [d.pk for d in deliveries]))
    return notifications


def enqueue(delivery_ids: list[int]) -> bool:
    """Queue one task for the batch. A broker that is down or hung costs at most its
    timeout; the rows stay pending and the relay picks them up."""
    from portal.celery import enqueue_safely
    from portal.notifications.tasks import deliver

    return enqueue_safely(deliver, delivery_ids)


_UNREAD_SQL = "SELECT COUNT(*) FROM {table} WHERE recipient_id = %s AND read_at IS NULL"


def unread_count(user) -> int:
    """The header's badge on every page: the ORM's count, as plain SQL (the partial index
    notification_unread answers it). Building the queryset cost 0.5 ms of every page."""
    with connection.cursor() as cursor:
        cursor.execute(_UNREAD_SQL.format(table=Notification._meta.db_table), [user.pk])
        return cursor.fetchone()[0]


def mark_read(user, notification_id: int | None = None) -> int:
    """Mark one notification (or all) of `user` as read; returns how many changed."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        rows = rows.filter(pk=notification_id)
    return rows.update(read_at=timezone.now())


def preference_set(*, user, event: str, sms: bool, email: bool) -> Preference:
    if event not in EVENTS:
        raise KeyError(event)
    preference, _ = Preference.objects.update_or_create(
        user=user, event=event, defaults={"sms": sms, "email": email}
    )
    return preference

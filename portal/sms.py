"""Sending SMS through a small pluggable backend.

`send_sms(phone, text)` is the one call. The backend is the dotted path in
`settings.SMS_BACKEND`; the default console backend (portal/notifications/outbox.py) logs
each message and keeps the last ones in `outbox` (newest last), where tests and the
development console read them.
A gateway adapter subclasses `BaseSMSBackend` and calls its HTTP API with httpx — never
the PyPI `requests` package, which the requests/ app shadows.
"""

import logging
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from portal.phones import mask_phone, normalize_phone

logger = logging.getLogger("portal.sms")


@dataclass(frozen=True)
class SMSMessage:
    phone: str
    text: str
    key: str | None = None  # idempotency key: the same key is sent at most once
    sent_at: datetime = field(default_factory=timezone.now)


class SMSError(Exception):
    """The backend could not hand the message over; callers decide whether to retry."""


class BaseSMSBackend:
    def send(self, message: SMSMessage) -> None:
        raise NotImplementedError


# Last messages sent by the console backend, newest last (bounded, thread-safe appends).
outbox: deque[SMSMessage] = deque(maxlen=200)
_outbox_lock = threading.Lock()


def keep_in_outbox(message: SMSMessage) -> None:
    """Remember a message the console backend sent (portal/notifications/outbox.py)."""
    with _outbox_lock:
        outbox.append(message)


def get_backend() -> BaseSMSBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(phone: str, text: str, key: str | None = None) -> SMSMessage:
    """Hand a text to the backend and count it (portal.sms_limits), with the client whose
    request caused it when there is one (allauth keeps the current request)."""
    from allauth.core import context

    from portal import sms_limits  # its model needs the apps loaded

    message = SMSMessage(
        phone=normalize_phone(phone), text=f"{settings.SMS_SIGNATURE}{text}", key=key
    )
    get_backend().send(message)
    sms_limits.record(message.phone, context.request)
    logger.debug("SMS handed to backend for %s", mask_phone(message.phone))
    return message


def last_sms_to(phone: str) -> SMSMessage | None:
    """The newest message the console backend sent to this number (for tests and demo)."""
    target = normalize_phone(phone)
    with _outbox_lock:
        for message in reversed(outbox):
            if message.phone == target:
                return message
    return None

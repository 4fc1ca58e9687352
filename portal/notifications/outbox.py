"""The console SMS backend of the embedded mode: each message goes to the log and to the
outbox table, which the developer and the tests read instead of a phone."""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction

from portal.notifications.models import OutboxMessage
from portal.phones import mask_phone
from portal.sms import BaseSMSBackend, SMSMessage, keep_in_outbox

logger = logging.getLogger("portal.sms")


class ConsoleSMSBackend(BaseSMSBackend):
    """Logs each message and records it in the outbox table (OutboxMessage), which refuses
    a second message with the same idempotency key, as an SMS gateway's client id does."""

    def send(self, message: SMSMessage) -> None:
        try:
            with transaction.atomic():
                kept = OutboxMessage.objects.create(
                    channel="sms", to=message.phone, text=message.text, key=message.key
                )
        except IntegrityError:
            logger.info("SMS %s was already sent; not sending it again", message.key)
            return
        keep_in_outbox(message)
        if settings.DEBUG:
            # The embedded mode (`make run`): the developer reads the code in the console.
            logger.info("SMS to %s: %s", message.phone, message.text)
        else:
            # Anywhere else logs are kept and read by others: no number, no code in them
            # (个人信息保护法; issue 16, item 12) — the text is in the outbox row.
            logger.info("SMS to %s kept in the outbox (#%s)", mask_phone(message.phone), kept.pk)

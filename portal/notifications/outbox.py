"""The console SMS backend of the embedded mode: each message goes to the log and to the
outbox table, which the developer and the tests read instead of a phone."""

import logging

from django.db import IntegrityError, transaction

from portal.notifications.models import OutboxMessage
from portal.sms import BaseSMSBackend, SMSMessage, keep_in_outbox

logger = logging.getLogger("portal.sms")


class ConsoleSMSBackend(BaseSMSBackend):
    """Logs each message and records it in the outbox table (OutboxMessage), which refuses
    a second message with the same idempotency key, as an SMS gateway's client id does."""

    def send(self, message: SMSMessage) -> None:
        try:
            with transaction.atomic():
                OutboxMessage.objects.create(
                    channel="sms", to=message.phone, text=message.text, key=message.key
                )
        except IntegrityError:
            logger.info("SMS %s was already sent; not sending it again", message.key)
            return
        keep_in_outbox(message)
        # The full number goes only to the developer's console, never to a page.
        logger.info("SMS to %s: %s", message.phone, message.text)

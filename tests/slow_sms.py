"""An SMS backend for fault tests: it waits before handing a message over, so a test can
kill the worker in the middle of a delivery."""

import os
import time

from portal.notifications.outbox import ConsoleSMSBackend


class SlowConsoleSMSBackend(ConsoleSMSBackend):
    def send(self, message) -> None:
        time.sleep(float(os.environ.get("SLOW_SMS_SECONDS", "30")))
        super().send(message)

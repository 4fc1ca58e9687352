"""An SMS backend for fault tests: it waits before handing a message over, so a test can
kill the worker in the middle of a delivery.

SLOW_SMS_SECONDS: how long. SLOW_SMS_FLAG: a file; when set, only a send that finds the
file waits (and removes it), so the attempt after a kill is quick. SLOW_SMS_AFTER=1: wait
after handing the message over instead of before (killed there, the gateway has the
message and the row still says 'sending')."""

import os
import time

from portal.notifications.outbox import ConsoleSMSBackend


def _pause() -> None:
    flag = os.environ.get("SLOW_SMS_FLAG")
    if flag:
        try:
            os.remove(flag)
        except FileNotFoundError:
            return
    time.sleep(float(os.environ.get("SLOW_SMS_SECONDS", "30")))


class SlowConsoleSMSBackend(ConsoleSMSBackend):
    def send(self, message) -> None:
        after = os.environ.get("SLOW_SMS_AFTER") == "1"
        if not after:
            _pause()
        super().send(message)
        if after:
            _pause()

"""A worker's pool process killed (SIGKILL) in the middle of handing an SMS over, with the
prefork pool production runs (issue 16, item 10): before the gateway took the message, and
after it took it but before the row was marked sent. With acks_late and
reject_on_worker_lost the broker may hand the task out again; the relay (beat's minute)
takes the row once it is stale, and the idempotency key makes a second hand-over a no-op:
every delivery sent, every message exactly once. (On this machine the broker's redelivery
did not come within a minute, so the test waits for the row to be stale and runs the relay,
the guarantee that does not depend on it.) (tests/portal/test_notifications_integration.py
kills a whole solo worker.)"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from compounds.announcements.services import announcement_publish
from portal.notifications.models import Delivery, OutboxMessage
from tests.helpers import wait_for

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shared_database"),
]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture
def prefork_worker(private_redis, tmp_path):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
        "REDIS_URL": private_redis.url,
        "SMS_BACKEND": "tests.slow_sms.SlowConsoleSMSBackend",
        "SLOW_SMS_SECONDS": "60",
        "SLOW_SMS_FLAG": str(tmp_path / "slow"),
        "NOTIFICATIONS_STALE_SECONDS": "3",
        "NOTIFICATIONS_RELAY_AFTER_SECONDS": "0",
    }
    processes = []

    def start(after: bool) -> subprocess.Popen:
        (tmp_path / "slow").touch()
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=prefork"]
            + ["--concurrency=1", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
            cwd=ROOT,
            env={**env, "SLOW_SMS_AFTER": "1" if after else "0"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.parametrize("killed", ["before handing over", "after handing over"])
def test_a_pool_process_killed_mid_delivery_sends_every_message_exactly_once(
    prefork_worker, killed, place, party_secretary, resident, building_head
):
    worker = prefork_worker(after=killed == "after handing over")
    with transaction.atomic():
        announcement_publish(
            publisher=party_secretary,
            compound=place.compound,
            buildings=[place.building],
            urgent=True,
            title="停水通知",
            body="明天八点停水",
        )
    deliveries = Delivery.objects.count()
    assert deliveries >= 3
    wait_for(lambda: Delivery.objects.filter(status="sending").exists(), worker=worker)
    if killed == "after handing over":
        wait_for(lambda: OutboxMessage.objects.exists(), worker=worker)
    (child,) = _children(worker.pid)
    os.kill(child, signal.SIGKILL)  # the pool process, in the middle of send()
    assert worker.poll() is None  # the main process lives on and starts a new child

    from portal.notifications.tasks import relay

    time.sleep(4)  # the row is stale after NOTIFICATIONS_STALE_SECONDS (3 s)
    relay.apply_async()  # as beat's minute would
    wait_for(lambda: not Delivery.objects.exclude(status="sent").exists(), worker=worker)
    relay.apply_async()
    time.sleep(2)  # a late task or relay would add a second message now
    keys = sorted(OutboxMessage.objects.values_list("key", flat=True))
    assert keys == sorted(d.idempotency_key for d in Delivery.objects.all())
    assert len(keys) == deliveries

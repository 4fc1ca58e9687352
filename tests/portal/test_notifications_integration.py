"""The outbox against a real Redis and real Celery worker processes (run in CI).

Never stops the machine's own Redis: the broker-down and killed-worker tests start a
private redis-server on a free port and stop it by its process id.
"""

import signal
import time

import pytest
from django.db import transaction

from compounds.announcements.services import announcement_publish
from portal.notifications.models import Delivery, Notification, OutboxMessage
from tests.helpers import skip_unless_ci, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shared_database"),
]


def _publish(publisher, place, **extra):
    with transaction.atomic():
        return announcement_publish(
            publisher=publisher,
            title="停水通知",
            body="明天八点停水",
            compound=place.compound,
            buildings=[place.building],
            urgent=True,
            **extra,
        )


def _sms_to(user) -> int:
    return OutboxMessage.objects.filter(channel="sms", to=user.phone).count()


def test_a_worker_delivers_in_app_and_sms(place, party_secretary, resident, celery_worker_process):
    if celery_worker_process is None:
        skip_unless_ci("REDIS_URL is not set: no broker for a worker process")
    _publish(party_secretary, place)
    assert Notification.objects.filter(recipient=resident).count() == 1
    wait_for(lambda: _sms_to(resident) == 1, worker=celery_worker_process)
    wait_for(
        lambda: not Delivery.objects.exclude(status="sent").exists(), worker=celery_worker_process
    )
    assert "停水通知" in OutboxMessage.objects.get(to=resident.phone).text


def test_redis_down_the_request_succeeds_and_the_relay_delivers_once(
    client, place, party_secretary, resident, private_redis, start_worker, settings
):
    # The web process's cache is on the same Redis, as in docker-compose.yml.
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    client.force_login(party_secretary)
    assert client.get("/healthz").json()["checks"]["cache"] == "ok"
    private_redis.stop()
    assert client.get("/").status_code == 200  # signed-in pages work without Redis
    assert "cache" in client.get("/healthz").json()["down"]
    started = time.monotonic()
    response = client.post(
        "/notices/new/",
        {
            "place": f"compound:{place.compound.pk}",
            "buildings": [place.building.pk],
            "title": "停水通知",
            "body": "明天八点停水",
            "urgent": "on",
        },
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 302, "publishing must succeed while Redis is down"
    assert elapsed < 15, f"the request waited {elapsed:.1f} s for a dead broker"
    assert Delivery.objects.filter(status="pending").exists()

    private_redis.start()
    worker = start_worker(REDIS_URL=private_redis.url, NOTIFICATIONS_RELAY_AFTER_SECONDS="0")
    from portal.notifications.tasks import relay

    relay.apply_async()
    wait_for(lambda: not Delivery.objects.exclude(status="sent").exists(), worker=worker)
    relay.apply_async()  # a second relay run finds nothing to send
    time.sleep(2)
    assert _sms_to(resident) == 1
    assert _sms_to(party_secretary) == 1


def test_a_worker_killed_mid_delivery_delivers_exactly_once_after_restart(
    place, party_secretary, resident, private_redis, start_worker
):
    slow = start_worker(
        REDIS_URL=private_redis.url,
        SMS_BACKEND="tests.slow_sms.SlowConsoleSMSBackend",
        SLOW_SMS_SECONDS="30",
    )
    _publish(party_secretary, place)
    wait_for(lambda: Delivery.objects.filter(status="sending").exists(), worker=slow)
    slow.send_signal(signal.SIGKILL)  # dies in the middle of handing a message over
    slow.wait(10)
    assert _sms_to(resident) == 0
    stuck = Delivery.objects.filter(status="sending").count()
    assert stuck >= 1

    restarted = start_worker(
        REDIS_URL=private_redis.url,
        NOTIFICATIONS_STALE_SECONDS="1",
        NOTIFICATIONS_RELAY_AFTER_SECONDS="0",
    )
    from portal.notifications.tasks import deliver, relay

    time.sleep(1.5)  # past the stale limit
    relay.apply_async()
    wait_for(lambda: not Delivery.objects.exclude(status="sent").exists(), worker=restarted)
    # The killed worker's task may come back from the broker later: it changes nothing.
    deliver.apply_async(args=[list(Delivery.objects.values_list("pk", flat=True))])
    time.sleep(2)
    assert _sms_to(resident) == 1
    assert OutboxMessage.objects.filter(channel="sms").count() == Delivery.objects.count()

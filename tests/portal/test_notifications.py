import socket
import threading
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.notifications import services
from portal.notifications.delivery import deliver_one
from portal.notifications.models import Delivery, Notification, OutboxMessage
from portal.notifications.tasks import prune, relay
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_nothing_is_recorded_or_sent_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks, eager_tasks
):
    user = f.UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.notify(
                    recipients=[user], event="announcement.urgent", params={"title": "停水"}
                )
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Notification.objects.exists() and not Delivery.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_default_channels_follow_the_event_and_preferences_override(
    django_capture_on_commit_callbacks, eager_tasks
):
    quiet, loud, emailer = f.UserFactory(), f.UserFactory(), f.UserFactory(email="a@example.cn")
    services.preference_set(user=quiet, event="announcement.urgent", sms=False, email=False)
    services.preference_set(user=loud, event="announcement.published", sms=True, email=False)
    services.preference_set(user=emailer, event="announcement.published", sms=False, email=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipients=[quiet, loud, emailer], event="announcement.urgent", params={"title": "停电"}
        )
        services.notify(
            recipients=[quiet, loud, emailer],
            event="announcement.published",
            params={"title": "开会"},
        )
    channels = set(
        Delivery.objects.values_list("notification__recipient_id", "notification__event", "channel")
    )
    assert channels == {
        (loud.pk, "announcement.urgent", "sms"),  # urgent: SMS by default
        (emailer.pk, "announcement.urgent", "sms"),
        (loud.pk, "announcement.published", "sms"),  # chosen
        (emailer.pk, "announcement.published", "email"),  # chosen, has an address
    }
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    assert Notification.objects.count() == 6  # in-app always


def test_delivering_twice_sends_once(django_capture_on_commit_callbacks):
    user = f.UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        services.notify(recipients=[user], event="announcement.urgent", params={"title": "x"})
    delivery = Delivery.objects.get()
    assert deliver_one(delivery.pk) == "sent"
    assert deliver_one(delivery.pk) == "skipped"
    assert OutboxMessage.objects.filter(to=user.phone).count() == 1


def test_a_worker_that_died_after_handing_over_does_not_cause_a_second_sms(settings):
    """The row is left 'sending' after the backend accepted the message; the relay takes it
    again after the stale limit and the idempotency key stops a second message."""
    user = f.UserFactory()
    services.notify(recipients=[user], event="announcement.urgent", params={"title": "x"})
    delivery = Delivery.objects.get()
    from portal.sms import send_sms

    send_sms(user.phone, "urgent", key=delivery.idempotency_key)  # handed over, then death
    Delivery.objects.filter(pk=delivery.pk).update(
        status="sending", claimed_at=timezone.now() - timedelta(hours=1)
    )
    settings.NOTIFICATIONS_STALE_SECONDS = 60
    assert relay() == 1
    assert Delivery.objects.get().status == "sent"
    assert OutboxMessage.objects.filter(to=user.phone).count() == 1


def test_relay_delivers_what_the_broker_never_got(settings):
    user = f.UserFactory()
    services.notify(recipients=[user], event="announcement.urgent", params={"title": "x"})
    Delivery.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    settings.NOTIFICATIONS_RELAY_AFTER_SECONDS = 60
    assert relay() == 1
    assert relay() == 0
    assert OutboxMessage.objects.filter(to=user.phone).count() == 1


def test_relay_leaves_fresh_rows_to_their_task(settings):
    services.notify(
        recipients=[f.UserFactory()], event="announcement.urgent", params={"title": "x"}
    )
    settings.NOTIFICATIONS_RELAY_AFTER_SECONDS = 60
    assert relay() == 0


def test_failed_gateway_is_retried_then_given_up(settings, monkeypatch):
    from portal import sms
    from portal.notifications.delivery import TransientDeliveryError
    from portal.notifications.outbox import ConsoleSMSBackend

    def down(self, message):
        raise sms.SMSError("gateway timeout")

    monkeypatch.setattr(ConsoleSMSBackend, "send", down)
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    services.notify(
        recipients=[f.UserFactory()], event="announcement.urgent", params={"title": "x"}
    )
    delivery = Delivery.objects.get()
    for expected in ("pending", "failed"):
        with pytest.raises(TransientDeliveryError):
            deliver_one(delivery.pk)
        assert Delivery.objects.get().status == expected


def test_prune_removes_old_read_notifications_only(settings):
    user = f.UserFactory()
    old_read, old_unread, new_read = services.notify(
        recipients=[user, f.UserFactory(), f.UserFactory()],
        event="announcement.published",
        params={"title": "x"},
    )
    long_ago = timezone.now() - timedelta(days=200)
    Notification.objects.filter(pk=old_read.pk).update(read_at=long_ago)
    Notification.objects.filter(pk=new_read.pk).update(read_at=timezone.now())
    settings.NOTIFICATIONS_KEEP_READ_DAYS = 90
    assert prune() == 1
    assert set(Notification.objects.values_list("pk", flat=True)) == {old_unread.pk, new_read.pk}


def test_unknown_event_type_fails_loudly():
    with pytest.raises(KeyError):
        services.notify(recipients=[f.UserFactory()], event="nonsense", params={})


def test_inbox_badge_open_and_mark_all(client):
    user = f.UserFactory()
    first, second = (
        services.notify(
            recipients=[user],
            event="announcement.published",
            params={"title": t},
            url="/compounds/homes/",
        )[0]
        for t in ("停水", "开会")
    )
    client.force_login(user)
    badge = client.get(reverse("notifications:badge")).content.decode()
    assert ">2</span>" in badge and 'hx-trigger="every' in badge
    html = client.get(reverse("notifications:inbox"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert html.content.decode().index("开会") < html.content.decode().index("停水")
    response = client.get(reverse("notifications:open", args=[first.pk]))
    assert response.url == "/compounds/homes/"
    assert ">1</span>" in client.get(reverse("notifications:badge")).content.decode()
    client.post(reverse("notifications:mark_all_read"))
    assert services.unread_count(user) == 0
    assert second.pk


def test_notification_urls_do_not_redirect_elsewhere(client):
    user = f.UserFactory()
    (n,) = services.notify(
        recipients=[user],
        event="announcement.published",
        params={"title": "x"},
        url="https://evil.example/",
    )
    client.force_login(user)
    assert client.get(reverse("notifications:open", args=[n.pk])).url == reverse(
        "notifications:inbox"
    )


def test_preferences_page_saves_choices(client):
    user = f.UserFactory()
    client.force_login(user)
    client.post(reverse("notifications:preferences"), {"announcement.published:sms": "1"})
    from portal.notifications.models import Preference

    assert Preference.objects.get(user=user, event="announcement.published").sms
    assert not Preference.objects.get(user=user, event="announcement.urgent").sms


def _hung_server():
    """A TCP server that accepts connections and never answers: a hung Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    threading.Thread(target=accept, daemon=True).start()
    return server, stop, held


def test_a_hung_broker_costs_a_request_nothing_and_its_publisher_gives_up(monkeypatch):
    """The request hands the batch over at once; the publisher thread's attempt is bounded
    by the connection's timeouts and opens the circuit (portal/celery.py; the relay
    delivers the rows later). Bounded, not timed: without timeouts it blocks for minutes."""
    from portal import celery as portal_celery
    from portal.celery import app

    monkeypatch.setitem(portal_celery._state, "open_until", 0.0)
    server, stop, held = _hung_server()
    port = server.getsockname()[1]
    previous = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    app.conf.task_always_eager = False
    saved_pools = app._pool, app.amqp._producer_pool
    app._pool = app.amqp._producer_pool = None  # connect afresh, to the hung server
    try:
        started = time.monotonic()
        assert services.enqueue([1, 2, 3]) is True  # handed to the publisher
        handed = time.monotonic() - started
        portal_celery.drain_publisher(timeout=60)
        elapsed = time.monotonic() - started
        assert portal_celery.breaker_open()
        assert services.enqueue([4]) is False  # the circuit is open: not even handed over
    finally:
        stop.set()
        server.close()
        for conn in held:
            conn.close()
        app.conf.broker_url, app.conf.task_always_eager = previous
        app._pool, app.amqp._producer_pool = saved_pools
    assert handed < 0.1, f"handing over took {handed:.2f} s"
    assert elapsed < 15, f"publishing to a hung broker blocked for {elapsed:.1f} s"


def test_an_unexpected_backend_error_is_recorded_and_the_batch_goes_on(monkeypatch, settings):
    """An SMTP error on one delivery must not stop the others or leave a row stuck."""
    import smtplib

    from portal.notifications import delivery as module
    from portal.notifications.tasks import deliver

    emailer = f.UserFactory(email="a@example.cn")
    texter = f.UserFactory()
    services.preference_set(user=emailer, event="announcement.published", sms=False, email=True)
    services.preference_set(user=texter, event="announcement.published", sms=True, email=False)
    services.notify(
        recipients=[emailer, texter], event="announcement.published", params={"title": "x"}
    )

    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(module, "send_mail", broken)
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    ids = list(Delivery.objects.order_by("channel").values_list("pk", flat=True))
    with pytest.raises(Exception):  # noqa: B017 - Celery's Retry when eager
        deliver.apply(args=[ids]).get()
    email = Delivery.objects.get(channel="email")
    assert Delivery.objects.get(channel="sms").status == "sent"
    assert email.status == "pending" and "SMTPServerDisconnected" in email.last_error
    assert email.next_attempt_at > timezone.now()  # the relay waits for the backoff
    from portal.notifications.delivery import due_for_relay

    settings.NOTIFICATIONS_RELAY_AFTER_SECONDS = 0
    assert email.pk not in due_for_relay()
    Delivery.objects.filter(pk=email.pk).update(next_attempt_at=None)
    relay()
    relay()
    assert Delivery.objects.get(pk=email.pk).status == "failed"  # gave up after 2 attempts


def test_every_event_the_code_sends_is_declared():
    import re
    from pathlib import Path

    from portal.notifications.events import EVENTS

    root = Path(__file__).resolve().parents[2]
    sent = set()
    for path in root.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        for line in path.read_text().splitlines():
            if "event=" in line:  # event="a.b", or event="a.b" if … else "c.d"
                sent |= set(re.findall(r'"([a-z_]+\.[a-z_]+)"', line))
    assert sent, "the scan found nothing"
    assert sent - set(EVENTS) == set(), sent - set(EVENTS)

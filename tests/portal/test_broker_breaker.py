"""No request waits on a dead broker (issue 16, item 3): publishing is handed to a
background thread, and after one failure the circuit stays open for a while. Measured
against real sockets: a port that refuses (Redis stopped) and a server that accepts and
never answers (Redis frozen)."""

import time

import pytest
from celery import Celery
from django.conf import settings

from portal import celery as portal_celery
from tests.helpers import free_port, frozen_server

pytestmark = pytest.mark.integration


def _task_on(port: int):
    other = Celery("elsewhere", broker=f"redis://127.0.0.1:{port}/0")
    other.conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    other.conf.broker_connection_timeout = settings.CELERY_BROKER_CONNECTION_TIMEOUT
    other.conf.task_publish_retry = False

    @other.task(name="elsewhere.noop")
    def noop(*args):
        return None

    return noop


@pytest.fixture
def published(monkeypatch):
    monkeypatch.setitem(portal_celery.app.conf, "task_always_eager", False)
    monkeypatch.setitem(portal_celery._state, "open_until", 0.0)
    yield
    portal_celery.drain_publisher(timeout=30)


@pytest.mark.parametrize("broker", ["stopped", "frozen"])
def test_a_dead_broker_adds_under_100_ms_and_opens_the_circuit(published, broker):
    if broker == "frozen":
        server = frozen_server()
        port = server.getsockname()[1]
    else:
        port = free_port()  # nothing listens there: connections are refused
    task = _task_on(port)
    started = time.monotonic()
    assert portal_celery.enqueue_safely(task, 1) is True  # handed over, not published here
    assert time.monotonic() - started < 0.1
    portal_celery.drain_publisher(timeout=30)  # the publisher tried, failed and tripped
    assert portal_celery.breaker_open()
    started = time.monotonic()
    for _ in range(50):  # a burst of requests while the circuit is open
        assert portal_celery.enqueue_safely(task, 1) is False
    assert time.monotonic() - started < 0.1
    if broker == "frozen":
        server.close()


def test_a_live_broker_gets_the_task(published):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: no broker")
    import redis

    task = _task_on(int(settings.REDIS_URL.rsplit(":", 1)[1].split("/")[0]))
    connection = redis.Redis.from_url(settings.REDIS_URL.rsplit("/", 1)[0] + "/0")
    before = connection.llen("celery")
    assert portal_celery.enqueue_safely(task, 1) is True
    portal_celery.drain_publisher()
    assert not portal_celery.breaker_open()
    assert connection.llen("celery") == before + 1
    connection.lpop("celery")

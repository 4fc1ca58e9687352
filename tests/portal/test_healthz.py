import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from portal.celery import app as celery_app

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_healthz_all_up(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["down"] == []
    assert set(body["checks"]) == {"database", "cache", "broker"}


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405


def test_healthz_names_a_cache_that_is_down(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # Sessions and rate limits must not need the cache for this anonymous GET.
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["cache"]
    assert body["checks"]["cache"].startswith("down:")


def test_healthz_names_a_broker_that_is_down(client, db, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # The check opens a connection of its own (not the producer pool) to the broker URL.
    monkeypatch.setattr(celery_app.conf, "broker_url", CLOSED_PORT)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]


def test_healthz_names_a_database_that_is_down(client, db, monkeypatch):
    def refuse(self):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "cursor", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]


@pytest.mark.integration
def test_healthz_reports_broker_up_against_real_redis(client, db, settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: embedded mode has no broker to reach")
    body = client.get("/healthz").json()
    assert body["checks"]["broker"] == "ok"

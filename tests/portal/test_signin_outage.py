"""Sign-in while Redis is down (issue 16, item 2): allauth keeps its rate limits (and the
lock it takes to count) in the cache, and a Redis outage used to answer every sign-in 429.
Now the cache turns to this process's memory: residents sign in, and the limits still
count. Real sockets: a port that refuses (stopped) and a server that never answers
(frozen)."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.helpers import free_port, frozen_server

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture(params=["stopped", "frozen"])
def redis_down(request, settings):
    server = frozen_server() if request.param == "frozen" else None
    port = server.getsockname()[1] if server else free_port()
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    yield request.param
    if server:
        server.close()


def _sign_in(phone: str, password: str):
    client = Client()
    response = client.post(reverse("account_login"), {"login": phone, "password": password}, **ZH)
    return client, response


def test_residents_sign_in_with_redis_down_and_wait_one_timeout_at_most(redis_down):
    people = [UserFactory(phone=f"+861390000{i:04d}") for i in range(10)]
    started = time.monotonic()
    for person in people:
        client, response = _sign_in(person.phone[3:], PASSWORD)
        assert response.status_code == 302, response.content.decode()[:300]
        assert client.session["_auth_user_id"] == str(person.pk)
    # The first call met the failure (one timeout); the other nine went to memory.
    assert time.monotonic() - started < 2 * 2 + 3


def test_failed_sign_ins_are_still_limited_with_redis_down(redis_down, resident):
    for _ in range(5):
        _sign_in("13800000001", "wrong")
    client, response = _sign_in("13800000001", PASSWORD)
    assert "_auth_user_id" not in client.session
    assert "登录失败次数过多" in response.content.decode()

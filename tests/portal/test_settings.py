"""The settings module in its two modes, each started in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROD = {
    "DEBUG": "0",
    "SECRET_KEY": "prod-" + "k3y!" * 15,
    "ALLOWED_HOSTS": "gongzhi.example.cn",
}


# Variables of the test process that must not leak into a "fresh" settings import.
SCRUBBED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "PORTAL_DEMO",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests; check --deploy refuses it
}


def _env(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    env.update(overrides)
    return env


def _manage(*args, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(expression: str, **env):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"from portal.celery import app; print(json.dumps({expression}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_passes_check_deploy_with_zero_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PROD)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_requires_secret_key_and_allowed_hosts(missing):
    env = {k: v for k, v in PROD.items() if k != missing}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} is required" in result.stderr


def test_production_refuses_to_start_with_demo_on():
    result = _manage("check", PORTAL_DEMO="1", **PROD)
    assert result.returncode != 0
    assert "PORTAL_DEMO" in result.stderr


def test_embedded_defaults_without_database_and_redis_urls():
    values = _settings(
        "[s.DATABASES['default']['ENGINE'], app.conf.task_always_eager, app.conf.broker_url,"
        " s.CACHES['default']['BACKEND'], s.LANGUAGE_CODE, s.TIME_ZONE, s.USE_TZ]",
        DEBUG="1",
    )
    assert values == [
        "django.db.backends.sqlite3",
        True,
        "memory://",
        "django.core.cache.backends.locmem.LocMemCache",
        "zh-hans",
        "Asia/Shanghai",
        True,
    ]


def test_postgres_and_redis_from_urls_with_persistent_connections():
    db, eager, broker, cache, timeout = _settings(
        "[s.DATABASES['default'], app.conf.task_always_eager, app.conf.broker_url,"
        " s.CACHES['default']['BACKEND'], app.conf.broker_connection_timeout]",
        DEBUG="1",
        DATABASE_URL="postgres://u:p@db.internal:5432/gz",
        REDIS_URL="redis://cache.internal:6379/1",
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert db["CONN_MAX_AGE"] == 600 and db["CONN_HEALTH_CHECKS"] is True
    assert (eager, broker) == (False, "redis://cache.internal:6379/1")
    assert cache == "portal.cache.ResilientRedisCache"
    assert timeout <= 2  # a hung Redis must not hold a web request for minutes


@pytest.mark.parametrize(
    ("variable", "value", "article"),
    [
        ("VOTE_NOTICE_DAYS", "14", "第十四条"),
        ("REPRESENTATIVES_QUORUM", "1/3", "第九条"),
        ("REPRESENTATIVES_MAJORITY", "2/5", "第九条"),
        ("ELECTION_TIE_RULE", "seniority", "runoff"),
    ],
)
def test_settings_refuse_less_than_the_law(variable, value, article):
    """A compound's rules may ask more than the law, never less: the site does not start."""
    result = _manage("check", DEBUG="1", **{variable: value})
    assert result.returncode != 0
    assert article in result.stderr


def test_settings_accept_more_than_the_law():
    assert _settings(
        "[s.DELIBERATION_NOTICE_DAYS, list(s.DELIBERATION_REPRESENTATIVES_QUORUM)]",
        DEBUG="1",
        VOTE_NOTICE_DAYS="20",
        REPRESENTATIVES_QUORUM="2/3",
    ) == [20, [2, 3]]

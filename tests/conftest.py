"""Shared fixtures: a clean cache and SMS outbox per test, and personas matching the demo
accounts of DESIGN.md section 5 (built from factories, in a compound of their own)."""

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

from compounds.models import Body, RoleAssignment
from compounds.standing import clear_standing_cache
from portal import sms
from requests.counters import forget_counters
from tests import factories as f
from tests.helpers import PrivateRedis, skip_unless_ci

Role = RoleAssignment.Role


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process even when REDIS_URL is set (unit tests of a service that
    queues a task; the integration tests use `celery_worker_process` instead)."""
    from portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


ROOT = Path(__file__).resolve().parents[1]


def _worker_env(extra: dict) -> dict:
    env = {**os.environ, "DEBUG": "1", **extra}
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.postgresql":
        # The worker must see the test database, not the one DATABASE_URL names.
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    return env


@pytest.fixture
def start_worker():
    """Start real Celery worker processes (`start_worker(REDIS_URL=..., SMS_BACKEND=...)`),
    using the test database; all are stopped after the test. Use with transactional tests:
    a worker only sees committed rows."""
    processes = []

    def start(**extra) -> subprocess.Popen:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=_worker_env(extra),
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
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def celery_worker_process(start_worker):
    """A real Celery worker on REDIS_URL; None in embedded mode, where tasks run eagerly."""
    from django.conf import settings

    return start_worker() if settings.REDIS_URL else None


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    return [
        f"gongzhi database: {db['ENGINE'].rsplit('.', 1)[-1]} ({db.get('HOST') or db['NAME']})",
        f"gongzhi broker: {'redis' if settings.REDIS_URL else 'none (tasks run eagerly)'}",
        f"gongzhi browser: {chromium if os.path.exists(chromium) else 'absent'}",
    ]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with stray sessions ended before it is dropped.

    Playwright's sync API switches greenlets, and Django keeps connections per context,
    so a connection opened during a browser test can escape the final close_all() and
    PostgreSQL then refuses to drop the test database.
    """
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # PBKDF2 is slow on purpose; tests hash hundreds of factory passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clean_cache_and_outbox():
    from portal import cache as resilient

    resilient.reset()  # an outage an earlier test made is over
    cache.clear()  # allauth's rate limits live in the cache
    clear_standing_cache()  # a user id of an earlier test may come back (SQLite)
    forget_counters()
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@dataclass
class Place:
    compound: object
    building: object
    other_compound: object
    company: object


@pytest.fixture
def place(db) -> Place:
    # Transactional tests flush the rows data migrations made; put the defaults back.
    from compounds.services import ensure_default_kinds
    from requests.defaults import ensure_default_categories

    ensure_default_kinds()
    ensure_default_categories()
    company = f.PropertyCompanyFactory(name="翠谷物业")
    compound = f.CompoundFactory(
        name="翡翠谷小区", management="property_company", property_company=company
    )
    other = f.CompoundFactory(name="黄荆岭小区")
    return Place(compound, f.BuildingFactory(compound=compound, name="18栋"), other, company)


def _owner(place: Place, phone: str, name: str, door: str, relation="owner"):
    user = f.UserFactory(phone=phone, display_name=name)
    unit = f.UnitFactory(building=place.building, entrance="2单元", door=door)
    f.ResidencyFactory(user=user, unit=unit, relation=relation)
    return user


def _member(place: Place, user, kind: str, position: str, party: bool = False):
    body = Body.objects.filter(compound=place.compound, kind=kind).first() or f.BodyFactory(
        compound=place.compound, kind=kind, term_number=None if kind == "party_branch" else 1
    )
    f.MembershipFactory(body=body, user=user, position=position, is_party_member=party)
    return user


@pytest.fixture
def resident(place):
    """Like 13800000001: an owner in 18栋 2单元 301."""
    return _owner(place, "+8613800000001", "刘桂英", "301")


@pytest.fixture
def tenant(place):
    return _owner(place, "+8613800000009", "马小龙", "302", relation="tenant")


@pytest.fixture
def building_head(place):
    user = _owner(place, "+8613800000002", "陈建国", "502")
    f.BuildingRoleFactory(building=place.building, holder=user, kind=f.role_kind("building_head"))
    return user


@pytest.fixture
def housing_officer(place):
    user = _owner(place, "+8613900000100", "房管员老何", "601")
    f.BuildingRoleFactory(building=place.building, holder=user, kind=f.role_kind("housing_officer"))
    return user


@pytest.fixture
def committee_chair(place):
    user = _owner(place, "+8613800000003", "周明华", "201")
    return _member(place, user, "owners_committee", "chair", party=True)


@pytest.fixture
def party_secretary(place):
    user = _owner(place, "+8613800000004", "杨志刚", "402")
    return _member(place, user, "party_branch", "secretary", party=True)


@pytest.fixture
def supervisor(place):
    user = _owner(place, "+8613800000005", "黄丽萍", "602")
    return _member(place, user, "supervisory_committee", "member")


@pytest.fixture
def worker(place):
    user = f.UserFactory(phone="+8613800000006", display_name="吴师傅")
    f.RoleAssignmentFactory(user=user, role=Role.PROPERTY_STAFF, property_company=place.company)
    return user


@pytest.fixture
def street_staff(place):
    user = f.UserFactory(phone="+8613800000007", display_name="孙晓燕")
    f.RoleAssignmentFactory(
        user=user, role=Role.STREET_STAFF, street_office=place.compound.community.street_office
    )
    return user


@pytest.fixture
def community_staff(place):
    user = f.UserFactory(phone="+8613900000200", display_name="社区小吴")
    f.RoleAssignmentFactory(
        user=user, role=Role.COMMUNITY_STAFF, community=place.compound.community
    )
    return user


@pytest.fixture
def volunteer(place):
    user = _owner(place, "+8613800000008", "赵卫东", "102")
    f.RoleAssignmentFactory(
        user=user, role=Role.VOLUNTEER, compound=place.compound, is_party_member=True
    )
    return user


@pytest.fixture
def other_owner(place):
    user = f.UserFactory(phone="+8613800000010", display_name="郑玉梅")
    unit = f.UnitFactory(building=f.BuildingFactory(compound=place.other_compound))
    f.ResidencyFactory(user=user, unit=unit)
    return user


@pytest.fixture
def shared_database():
    """For tests with worker processes: they need a database they can share (PostgreSQL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        skip_unless_ci("a worker process needs a database it can share: set DATABASE_URL")


@pytest.fixture
def private_redis():
    """A Redis of the test's own, as the broker, to stop and start (never the machine's)."""
    from portal.celery import app

    if not shutil.which("redis-server"):
        skip_unless_ci("redis-server is not installed")
    redis = PrivateRedis()
    redis.start()
    saved = app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool
    app.conf.broker_url, app.conf.task_always_eager = redis.url, False
    app._pool = app.amqp._producer_pool = None
    yield redis
    redis.stop()
    app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool = saved

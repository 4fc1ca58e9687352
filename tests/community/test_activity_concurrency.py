"""Thirty neighbours press 报名 at the same moment for ten places, on PostgreSQL with real
threads and connections: exactly ten hold a place and twenty wait, in thirty distinct
positions, and the kept count says ten. Then ten cancel at once: the first ten in line
move up, and the count still never passes the capacity."""

import threading

import pytest
from django.db import connection, connections

from community.models import Activity, SignUp
from community.services import activities as services
from tests.community.activity_world import neighbour, publish

pytestmark = pytest.mark.django_db(transaction=True)


def all_at_once(action, people) -> list:
    barrier, failures = threading.Barrier(len(people)), []

    def go(person):
        try:
            barrier.wait()
            action(person)
        except Exception as error:  # noqa: BLE001 - any failure fails the test below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_thirty_sign_ups_at_once_for_ten_places(place, committee_chair):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")
    activity = publish(place, committee_chair, capacity=10)
    people = [neighbour(place, f"{i + 1:02d}01") for i in range(30)]

    failures = all_at_once(lambda p: services.signup_join(activity=activity, user=p), people)

    assert failures == []
    states = list(SignUp.objects.filter(activity=activity).values_list("state", flat=True))
    assert states.count("confirmed") == 10 and states.count("waiting") == 20
    positions = set(SignUp.objects.filter(activity=activity).values_list("position", flat=True))
    assert positions == set(range(1, 31))
    activity.refresh_from_db()
    assert activity.confirmed_count == 10 and activity.signups_made == 30

    holders = list(
        SignUp.objects.filter(activity=activity, state="confirmed").select_related("user")
    )
    line = list(SignUp.objects.filter(activity=activity, state="waiting").order_by("position"))
    failures = all_at_once(
        lambda s: services.signup_cancel(activity=activity, user=s.user), holders
    )

    assert failures == []
    moved = set(
        SignUp.objects.filter(activity=activity, state="confirmed").values_list("pk", flat=True)
    )
    assert moved == {s.pk for s in line[:10]}
    assert Activity.objects.get(pk=activity.pk).confirmed_count == 10

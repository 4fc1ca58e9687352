"""The workbench's counters (requests/counters.py): live up to REQUEST_COUNTERS_LIVE_UP_TO
open requests in the viewer's scope; above it kept a minute, and the page says when they
were counted — on the queue and on the staff's home panel (issue 13: a street office's
area holds tens of thousands of open requests, and its pages stay flat)."""

import time_machine
from django.urls import reverse
from django.utils import timezone

from requests import counters as kept
from requests import queries
from tests.requests.test_workflow import file


def _queue_counts(client) -> str:
    return client.get(reverse("requests:queue") + "?scope=area").content.decode()


def test_small_areas_are_counted_live(client, place, resident, street_staff):
    client.force_login(street_staff)
    file(place, resident)
    first = kept.counters(street_staff, "area")
    assert first["counted_at"] is None and first["open"] == 1
    file(place, resident)
    assert kept.counters(street_staff, "area")["open"] == 2
    assert 'data-testid="counted-at"' not in _queue_counts(client)


def test_large_areas_are_kept_a_minute_and_say_when(
    client, place, resident, street_staff, settings
):
    settings.REQUEST_COUNTERS_LIVE_UP_TO = 0
    file(place, resident)
    client.force_login(street_staff)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        counted = kept.counters(street_staff, "area")
        assert counted["open"] == 1 and counted["counted_at"] == timezone.now()
        file(place, resident)
        assert kept.counters(street_staff, "area")["open"] == 1  # kept
        page = _queue_counts(client)
        stamp = timezone.localtime(counted["counted_at"]).strftime("%H:%M")
        assert 'data-testid="counted-at"' in page and stamp in page
        home = client.get("/").content.decode()
        assert 'data-testid="counted-at"' in home
        clock.shift(61)
        again = kept.counters(street_staff, "area")
        assert again["open"] == 2 == queries.counters(street_staff, "area")["open"]

"""Escalation by urgency, the on-site step (到场) of emergencies, and two sweeps at once."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from requests import escalation, workflow
from requests.models import Request
from requests.tasks import escalate_overdue
from tests.requests.test_workflow import cat, concurrent_place, file

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize("working_time", [False, True])
def test_a_lift_entrapment_never_accepted_reaches_the_street_office_in_the_night(
    place, resident, settings, working_time
):
    """Filed 2026-09-30 22:00, nobody accepts: the committee at 22:30, the community an hour
    later, the street office two hours after that — by 01:35 with beat sweeping every two
    minutes, not on 10-02 as the 24-hour rungs of normal requests would have it. Also where
    the operator counts working time only: an emergency counts in real time (国庆 starts at
    midnight)."""
    settings.REQUESTS_COUNT_WORKING_DAYS = working_time
    climbed = {}
    with time_machine.travel(at("2026-09-30 22:00"), tick=False) as clock:
        item = file(
            place,
            resident,
            category=cat("elevator"),
            description="3号电梯困人了，一位老人在里面！",
            urgency="emergency",
        )
        assert item.accept_due == at("2026-09-30 22:30")
        assert item.on_site_due == at("2026-10-01 00:00")
        while timezone.now() < at("2026-10-01 01:36"):
            escalate_overdue()
            kind = Request.objects.get(pk=item.pk).handler_kind
            climbed.setdefault(kind, timezone.localtime(timezone.now()).strftime("%m-%d %H:%M"))
            clock.shift(timedelta(minutes=2))
    # Each rung's time counts from the deadline missed below it, not from the sweep.
    assert climbed == {
        "property": "09-30 22:00",
        "committee": "09-30 22:32",
        "community": "09-30 23:32",
        "street_office": "10-01 01:32",
    }
    item.refresh_from_db()
    assert item.escalation_level == 3
    assert item.events.filter(action="escalate").count() == 3


def test_normal_requests_keep_the_day_long_rungs(place, resident):
    with time_machine.travel(at("2026-11-02 09:00"), tick=False) as clock:
        item = file(place, resident)
        assert item.on_site_due is None  # only emergencies have the on-site step
        clock.move_to(at("2026-11-03 09:01"))
        assert escalate_overdue() == 1  # not accepted in 24 h: the committee
        clock.move_to(at("2026-11-04 09:00"))
        assert escalate_overdue() == 0
        clock.move_to(at("2026-11-04 09:01"))
        assert escalate_overdue() == 1  # 24 h more: the community
        assert Request.objects.get(pk=item.pk).escalation_due == at("2026-11-05 09:00")


def test_the_rungs_are_settings(place, resident, settings):
    settings.REQUESTS_ESCALATION_MINUTES = {"emergency": (10, 20, 30), "normal": (60, 60, 60)}
    with time_machine.travel(at("2026-11-02 09:00"), tick=False) as clock:
        item = file(place, resident, urgency="emergency")
        clock.move_to(at("2026-11-02 09:31"))
        assert escalate_overdue() == 1
        assert Request.objects.get(pk=item.pk).escalation_due == at("2026-11-02 09:40")


def test_after_an_outage_each_rung_still_gets_its_time(place, resident):
    """Beat was down for a day: the request climbs one rung, and the committee has its hour
    from when it is told — it does not race up the ladder at every sweep."""
    with time_machine.travel(at("2026-11-02 09:00"), tick=False) as clock:
        item = file(place, resident, urgency="emergency")
        clock.move_to(at("2026-11-03 09:00"))
        assert escalate_overdue() == 1
        clock.shift(timedelta(minutes=2))
        assert escalate_overdue() == 0
        assert Request.objects.get(pk=item.pk).escalation_due == at("2026-11-03 09:55")


def test_the_sweep_and_the_check_under_the_lock_agree(place, resident, worker):
    with time_machine.travel(at("2026-11-02 09:00"), tick=False) as clock:
        items = [file(place, resident, urgency=urgency) for urgency in ("emergency", "normal") * 3]
        workflow.perform(items[0].pk, "accept", actor=worker)
        workflow.perform(items[1].pk, "assign", actor=worker, assignee=worker)
        workflow.perform(items[2].pk, "assign", actor=worker, assignee=worker)
        workflow.perform(items[2].pk, "arrive", actor=worker)
        workflow.perform(items[3].pk, "assign", actor=worker, assignee=worker)
        workflow.perform(items[3].pk, "resolve", actor=worker)
        for moment in ("2026-11-02 09:31", "2026-11-02 11:01", "2026-11-03 09:01", "2026-11-06"):
            clock.move_to(at(moment))
            now = timezone.now()
            swept = set(escalation.overdue(now).values_list("pk", flat=True))
            checked = {i.pk for i in Request.objects.all() if escalation.is_due(i, now)}
            assert swept == checked, moment
            escalate_overdue()


def test_the_on_site_step_of_an_emergency(client, place, resident, worker, building_head):
    with time_machine.travel(at("2026-11-02 09:00"), tick=False) as clock:
        item = file(place, resident, urgency="emergency")
        assert "arrive" not in workflow.allowed_actions(worker, item)  # accept first
        workflow.perform(item.pk, "accept", actor=worker)
        item.refresh_from_db()
        assert "arrive" in workflow.allowed_actions(worker, item)
        assert "arrive" not in workflow.allowed_actions(resident, item)
        with pytest.raises(PermissionDenied):
            workflow.perform(item.pk, "arrive", actor=resident)
        client.force_login(resident)
        page = client.get(reverse("requests:detail", args=[item.pk])).content.decode()
        assert 'data-testid="on-site">2026-11-02 11:00<' in page
        clock.shift(timedelta(minutes=40))
        client.force_login(worker)
        client.post(reverse("requests:act", args=[item.pk]), {"action": "arrive"})
        item.refresh_from_db()
        assert item.on_site_at == at("2026-11-02 09:40") and item.state == "accepted"
        assert "arrive" not in workflow.allowed_actions(worker, item)  # once
        page = client.get(reverse("requests:detail", args=[item.pk])).content.decode()
        assert "09:40" in page.split('data-testid="on-site">')[1].split("</dd>")[0]
        events = list(item.events.values_list("action", flat=True))
        assert events == ["file", "accept", "arrive"]


def test_starting_the_work_records_the_arrival(place, resident, worker):
    item = file(place, resident, urgency="emergency")
    workflow.perform(item.pk, "assign", actor=worker, assignee=worker)
    workflow.perform(item.pk, "start", actor=worker)
    item.refresh_from_db()
    assert item.on_site_at is not None


def test_nobody_on_site_in_time_escalates_like_a_missed_accept(place, resident, worker):
    with time_machine.travel(at("2026-11-02 09:00"), tick=False) as clock:
        item = file(place, resident, urgency="emergency")
        workflow.perform(item.pk, "assign", actor=worker, assignee=worker)  # in time …
        clock.move_to(at("2026-11-02 11:00"))
        assert escalate_overdue() == 0  # the on-site deadline is 11:00, inclusive
        clock.shift(timedelta(minutes=2))
        assert escalate_overdue() == 1  # … but nobody went
        item.refresh_from_db()
        assert (item.handler_kind, item.escalation_due) == ("committee", at("2026-11-02 12:00"))
        workflow.perform(item.pk, "arrive", actor=worker)
        clock.move_to(at("2026-11-02 13:00"))
        assert escalate_overdue() == 0  # someone is there now; 24 h to resolve remain


def test_a_hand_over_gives_the_new_team_the_on_site_time(place, resident, worker, housing_officer):
    with time_machine.travel(at("2026-11-02 09:00"), tick=False) as clock:
        item = file(place, resident, urgency="emergency")
        clock.shift(timedelta(minutes=20))
        workflow.perform(
            item.pk, "hand_over", actor=worker, handler_kind="housing_officer", note="楼内"
        )
        item.refresh_from_db()
        assert item.on_site_due == at("2026-11-02 11:20")


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_move_each_request_one_rung_never_two():
    """Two beat processes by mistake: both read the same 300 overdue requests and escalate
    them at the same moment. Under its row lock the workflow finds each one already moved
    by the other sweep and leaves it there."""
    compound, building, reporter = concurrent_place()
    late = timezone.now() - timedelta(days=3)
    Request.objects.bulk_create(
        Request(
            compound=compound,
            building=building,
            category=cat(),
            description="灯坏了",
            reporter=reporter,
            handler_kind="property",
            accept_due=late,
            resolve_due=late + timedelta(days=2),
            created_at=late - timedelta(days=1),
        )
        for _ in range(300)
    )
    barrier = threading.Barrier(2)
    done = []

    def sweep():
        try:
            barrier.wait()
            done.append(escalate_overdue())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    levels = list(
        Request.objects.order_by().values_list("escalation_level", "handler_kind").distinct()
    )
    assert levels == [(1, "committee")]
    assert sum(done) == 300
    assert escalate_overdue() == 0  # the committee has its own time now


def test_the_workflow_refuses_an_escalation_that_is_not_due(place, resident):
    item = file(place, resident, urgency="emergency")
    with pytest.raises(ValidationError) as refused:
        workflow.perform(item.pk, "escalate")
    assert refused.value.code == "not_due"
    Request.objects.filter(pk=item.pk).update(accept_due=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as moved:  # the sweep saw another rung
        workflow.perform(item.pk, "escalate", from_level=1)
    assert moved.value.code == "moved"
    workflow.perform(item.pk, "escalate", from_level=0)
    assert Request.objects.get(pk=item.pk).escalation_level == 1

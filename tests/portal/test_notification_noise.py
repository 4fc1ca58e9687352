"""No notification noise (issue 12 item 9): one notification per move per person, saying
what happened — not the unchanged state again — and a move told twice is told once."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import override

from compounds.models import Department
from portal.notifications.models import Notification
from portal.notifications.services import notify
from requests import services, telling, workflow
from requests.models import Category, Request
from requests.tasks import escalate_overdue
from tests import factories as f

pytestmark = pytest.mark.django_db


def _file(place, reporter, **extra):
    return services.request_file(
        reporter=reporter,
        compound=place.compound,
        building=place.building,
        category=Category.objects.get(compound=None, code="lighting"),
        description="楼梯口灯坏了。",
        **extra,
    )


def _late(item):
    Request.objects.filter(pk=item.pk).update(
        accept_due=timezone.now() - timedelta(hours=1),
        escalation_due=timezone.now() - timedelta(minutes=1),
    )


def test_an_escalation_tells_each_person_once_and_says_why(
    place, resident, tenant, committee_chair, party_secretary
):
    item = _file(place, resident)
    services.request_follow(request=item, user=tenant)
    # The chair follows it too: a watcher and, once it climbs, of the team it climbs to.
    services.request_follow(request=item, user=committee_chair)
    last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _late(item)
    assert escalate_overdue() == 1
    told = Notification.objects.filter(pk__gt=last)
    per_person = Counter(told.values_list("recipient_id", flat=True))
    assert set(per_person) == {resident.pk, tenant.pk, committee_chair.pk, party_secretary.pk}
    assert set(per_person.values()) == {1}
    with override("en"):
        reporter_news = told.get(recipient=resident).title
        team_news = told.get(recipient=committee_chair).title
    assert "passed up to the owners' committee: not accepted in time" in reporter_news
    assert "Submitted" not in reporter_news  # not the unchanged state again
    assert "escalated to you: not accepted in time" in team_news


def test_steps_that_leave_the_state_never_repeat_the_state(place, resident, street_staff):
    """The demo's street-office request told its reporter "状态：已提交" six times: three
    climbs, two whistles and a report-in, each with the same unchanged state."""
    item = _file(place, resident)
    for _rung in range(3):
        _late(item)
        workflow.perform(item.pk, "escalate")
    department = Department.objects.create(
        street_office=place.compound.community.street_office, name="供水公司", kind="utility"
    )
    workflow.perform(item.pk, "whistle", actor=street_staff, department=department, note="请处理")
    with override("en"):
        titles = [n.title for n in Notification.objects.filter(recipient=resident)]
    assert not any("is now" in t for t in titles), titles
    assert len(titles) == len(set(titles)) == 4, titles
    assert any("passed up to the street office" in t for t in titles)


def test_a_move_told_twice_is_told_once(place, resident, tenant, building_head):
    """The same event processed again (a retried task) adds no notification."""
    item = _file(place, resident)
    services.request_follow(request=item, user=tenant)
    event = workflow.perform(item.pk, "accept", actor=building_head)
    count = Notification.objects.count()
    item.refresh_from_db()
    telling.tell(item, event)
    telling.tell(item, event)
    assert Notification.objects.count() == count
    # notify() itself: a key already told to someone is not told to them again.
    notify(recipients=[resident, tenant], event="request.new", params={"id": 1}, key="k.1")
    notify(recipients=[resident, tenant], event="request.new", params={"id": 1}, key="k.1")
    assert Notification.objects.filter(key="k.1").count() == 2


def test_the_building_head_hears_of_new_requests_in_the_building(place, resident, building_head):
    item = _file(place, resident)
    assert Notification.objects.filter(
        recipient=building_head, event="request.new", params__id=str(item.pk)
    ).exists()
    # Not of a request about someone's home: that stays with the staff.
    home = f.UnitFactory(building=place.building, entrance="1单元", door="101")
    _file(place, resident, unit=home)
    assert Notification.objects.filter(recipient=building_head, event="request.new").count() == 1


def test_the_demo_owner_finds_a_handful_unread():
    from django.contrib.auth import get_user_model

    call_command("seed_demo")
    users = get_user_model().objects
    owner = users.get(phone="+8613800000001")
    unread = Notification.objects.filter(recipient=owner, read_at__isnull=True)
    assert 0 < unread.count() <= 5
    assert Notification.objects.filter(recipient=owner).count() > 10  # the history is there
    for phone in ("+8613800000002", "+8613800000006", "+8613800000008"):
        assert (
            Notification.objects.filter(recipient__phone=phone, read_at__isnull=True).count() <= 5
        )


def test_every_step_told_has_words():
    from portal.notifications.events import EVENTS

    assert set(telling.PROGRESS) <= set(EVENTS["request.progress"].words["what"])

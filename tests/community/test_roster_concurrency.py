"""On PostgreSQL: two arrangers putting one person on overlapping shifts at the same moment
get exactly one shift; the database refuses an overlap written past the service; two beats
remind once."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from community.models import Shift
from community.services import roster as services
from portal.notifications.models import Notification
from tests import factories as f


def roster_place():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and its exclusion constraint")
    from compounds.services import ensure_default_kinds

    ensure_default_kinds()
    compound = f.CompoundFactory()
    body = f.BodyFactory(compound=compound, kind="owners_committee", term_number=1)
    arrangers = [f.UserFactory() for _ in range(8)]
    for arranger in arrangers:
        f.MembershipFactory(body=body, user=arranger, position="member")
    person = f.UserFactory()
    f.RoleAssignmentFactory(user=person, role="volunteer", compound=compound)
    station = services.station_open(by=arrangers[0], compound=compound, name="站", place="东门")
    return station, arrangers, person


def _start(hours: int):
    return (timezone.now() + timedelta(hours=hours)).replace(second=0, microsecond=0)


@pytest.mark.django_db(transaction=True)
def test_eight_arrangers_at_once_put_one_person_on_exactly_one_of_overlapping_shifts():
    station, arrangers, person = roster_place()
    barrier = threading.Barrier(len(arrangers))
    outcomes = []

    def arrange(arranger, offset):
        try:
            barrier.wait()
            start = _start(3) + timedelta(minutes=offset * 10)
            services.shift_arrange(
                station=station,
                by=arranger,
                person=person,
                start=start,
                end=start + timedelta(hours=4),
            )
            outcomes.append("arranged")
        except ValidationError:
            outcomes.append("overlap")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=arrange, args=(a, n)) for n, a in enumerate(arrangers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("arranged") == 1, outcomes
    assert Shift.objects.filter(person=person).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_an_overlap_written_past_the_service():
    station, arrangers, person = roster_place()
    start = _start(3)
    fields = {"station": station, "person": person, "created_by": arrangers[0]}
    Shift.objects.create(start=start, end=start + timedelta(hours=4), **fields)
    Shift.objects.create(start=start + timedelta(hours=4), end=start + timedelta(hours=6), **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.create(
            start=start + timedelta(hours=1), end=start + timedelta(hours=2), **fields
        )


@pytest.mark.django_db(transaction=True)
def test_two_beats_at_once_remind_once():
    station, arrangers, person = roster_place()
    for hours in (2, 7, 12):
        services.shift_arrange(
            station=station,
            by=arrangers[0],
            person=person,
            start=_start(hours),
            end=_start(hours + 2),
        )
    barrier = threading.Barrier(4)
    sent = []

    def beat():
        try:
            barrier.wait()
            sent.append(services.shifts_remind())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=beat) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(sent) == 3
    assert Notification.objects.filter(event="roster.reminder").count() == 3

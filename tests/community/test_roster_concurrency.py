"""On PostgreSQL: two arrangers putting one person on overlapping shifts at the same moment
get exactly one shift; the database refuses an overlap written past the service; two beats
remind once; of eight people taking one open offer at once one gets it and the others are
told who did; one person taking two overlapping open offers at once gets one."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from community.models import Shift
from community.services import roster as services
from community.services.stations import station_open
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
    station = station_open(by=arrangers[0], compound=compound, name="站", place="东门")
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


def _race(calls) -> list[str]:
    """Run the calls at the same moment, each in its own thread and connection: what each
    got ("ok", or the message it was refused with)."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        except Exception as error:  # noqa: BLE001 - any other end is the test's failure
            outcomes.append(f"error: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_eight_people_taking_one_open_offer_at_once_one_gets_it_the_others_are_told():
    from community.models import ShiftEvent
    from portal.models import AuditEvent

    station, arrangers, person = roster_place()
    start = _start(3)
    shift = services.shift_arrange(
        station=station, by=arrangers[0], person=person, start=start, end=_start(7)
    )
    services.shift_offer_open(shift_id=shift.pk, by=person)
    outcomes = _race([lambda a=a: services.shift_take(shift_id=shift.pk, by=a) for a in arrangers])
    assert outcomes.count("ok") == 1, outcomes
    shift.refresh_from_db()
    assert shift.person in arrangers and not shift.offered_open
    refused = [o for o in outcomes if o != "ok"]
    assert len(refused) == 7 and all(str(shift.person) in o for o in refused), refused
    assert ShiftEvent.objects.filter(shift=shift, action="taken").count() == 1
    assert AuditEvent.objects.filter(code="community.shift.taken").count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_person_taking_two_overlapping_open_offers_at_once_gets_one():
    station, arrangers, person = roster_place()
    first = services.shift_arrange(
        station=station, by=arrangers[0], person=arrangers[1], start=_start(3), end=_start(7)
    )
    second = services.shift_arrange(
        station=station, by=arrangers[0], person=arrangers[2], start=_start(5), end=_start(9)
    )
    for shift, owner in ((first, arrangers[1]), (second, arrangers[2])):
        services.shift_offer_open(shift_id=shift.pk, by=owner)
    outcomes = _race(
        [lambda s=s: services.shift_take(shift_id=s.pk, by=person) for s in (first, second)]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert Shift.objects.filter(person=person).count() == 1

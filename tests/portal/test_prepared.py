"""portal/prepared.py: a queryset compiled once and run with each call's values gives the
rows the queryset itself gives, for every value; where a value does not land among the
SQL's parameters it falls back to the queryset."""

from datetime import date, datetime, timedelta

import pytest
from django.db.models import Exists, OuterRef
from django.utils import timezone

from compounds.models import Residency
from portal.models import User
from portal.prepared import Prepared
from tests import factories as f


def _housed(user: int, now):
    homes = Residency.objects.filter(user=OuterRef("pk"))
    return (
        User.objects.filter(date_joined__lte=now)
        .exclude(pk=user)
        .annotate(housed=Exists(homes))
        .order_by("pk")
    )


@pytest.mark.django_db
def test_prepared_rows_equal_the_querysets_for_every_value(django_assert_num_queries):
    now = timezone.now()
    people = [f.UserFactory(date_joined=now - timedelta(days=d)) for d in (1, 5, 9)]
    f.ResidencyFactory(user=people[1])
    f.ResidencyFactory(user=people[2])
    prepared = Prepared(_housed, user=int, now=datetime)
    for user in [people[0].pk, people[2].pk, 0]:
        for moment in [now, now - timedelta(days=3), now - timedelta(days=30)]:
            expected = [(u.pk, u.housed) for u in _housed(user, moment)]
            with django_assert_num_queries(1):
                got = [(u.pk, u.housed) for u in prepared(user=user, now=moment)]
            assert got == expected
    assert prepared._compiled["default"] is not None  # compiled, not falling back


@pytest.mark.django_db
def test_a_value_missing_from_the_sql_falls_back_to_the_queryset():
    f.UserFactory()
    prepared = Prepared(lambda user, now: User.objects.order_by("pk"), user=int, now=datetime)
    assert [u.pk for u in prepared(user=1, now=timezone.now())] == list(
        User.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert prepared._compiled["default"] is None


def _housed_on_the_day(user: int, now):
    return _housed(user, now).filter(residencies__start__lte=now.date())  # derived: a date


@pytest.mark.django_db
def test_a_value_derived_from_another_is_caught_and_the_queryset_runs():
    now = timezone.now()
    person = f.UserFactory(date_joined=now - timedelta(days=2))
    f.ResidencyFactory(user=person)
    prepared = Prepared(_housed_on_the_day, user=int, now=datetime)
    for moment in [now, now - timedelta(days=1)]:
        expected = [u.pk for u in _housed_on_the_day(0, moment)]
        assert [u.pk for u in prepared(user=0, now=moment)] == expected
    assert prepared._compiled["default"] is None


@pytest.mark.django_db
def test_on_postgresql_the_sql_is_a_prepared_statement_of_the_connection():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    prepared = Prepared(_housed, user=int, now=datetime)
    for _ in range(3):
        prepared(user=0, now=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%housed%"]
        )
        assert cursor.fetchone()[0] == 1  # planned once, run three times


def _homes_on(user: int, on):
    """A date among the values, and rows with the objects they select_related."""
    return (
        Residency.objects.current(on)
        .filter(user_id=user)
        .select_related("unit__building", "user")
        .order_by("pk")
    )


@pytest.mark.django_db
def test_dates_and_select_related_come_back_as_the_queryset_gives_them(
    django_assert_num_queries,
):
    today = timezone.localdate()
    person = f.UserFactory()
    old = f.ResidencyFactory(user=person, start=today - timedelta(days=90))
    old.end = today - timedelta(days=30)
    old.save()
    f.ResidencyFactory(user=person, start=today - timedelta(days=10))
    prepared = Prepared(_homes_on, user=int, on=date)
    for on in [today, today - timedelta(days=60), today - timedelta(days=200)]:
        expected = list(_homes_on(person.pk, on))
        with django_assert_num_queries(1):  # the unit, building and user come with the rows
            got = prepared(user=person.pk, on=on)
            seen = [(r.pk, r.start, r.unit.building.name, r.user.phone) for r in got]
        assert seen == [(r.pk, r.start, r.unit.building.name, r.user.phone) for r in expected]
    assert len(seen) == 0 and len(prepared(user=person.pk, on=today)) == 1
    assert prepared._compiled["default"] is not None  # compiled, not falling back

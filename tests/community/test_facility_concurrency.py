"""Two surveyors tapping 堵塞 on the same manhole at once file one request (the survey's and
the facility's row locks), and two keepers adding the same code at once make one facility
(the constraint). PostgreSQL: SQLite serialises writers itself."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from community.models import Facility, FacilityCheck, FacilityRequest
from community.services import facilities, facility_surveys
from requests.models import Request
from tests.community.facility_world import manholes

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*actions) -> list:
    barrier, outcomes = threading.Barrier(len(actions)), []

    def go(action):
        try:
            barrier.wait()
            outcomes.append(action())
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")


def test_two_taps_of_blocked_at_once_file_one_request(postgres, place, party_secretary, volunteer):
    (j1,) = manholes(place, party_secretary, 1)
    survey = facility_surveys.survey_start(
        by=party_secretary, compound=place.compound, kind="manhole", title="普查"
    )

    def tap(user):
        return lambda: (
            facility_surveys.survey_mark(
                by=user, survey_id=survey.pk, facility_id=j1.pk, condition="blocked"
            ).request_id
        )

    outcomes = at_once(tap(party_secretary), tap(volunteer), tap(volunteer))
    assert Request.objects.count() == 1 and FacilityRequest.objects.count() == 1
    assert set(outcomes) == {Request.objects.get().pk}
    assert FacilityCheck.objects.count() == 3


def test_the_same_code_added_twice_at_once_makes_one_facility(
    postgres, place, committee_chair, party_secretary
):
    def add(user):
        return lambda: (
            facilities.facility_add(
                by=user, compound=place.compound, kind="lamp", code="LD-01", place="东门"
            ).pk
        )

    outcomes = at_once(add(committee_chair), add(party_secretary))
    assert Facility.objects.count() == 1
    assert sorted(outcomes, key=str)[-1] == "refused"

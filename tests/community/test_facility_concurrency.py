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


def test_two_facilities_given_one_code_at_once_end_with_one_holding_it(
    postgres, place, committee_chair, party_secretary
):
    """Each keeper locks a different facility and finds the code free; the unique
    constraint lets one in, and the other is told the code is taken."""
    from community.services import facility_changes

    j1, j2 = manholes(place, committee_chair, 2)

    def edit(user, facility):
        return lambda: (
            facility_changes.facility_edit(
                by=user,
                facility_id=facility.pk,
                kind="manhole",
                code="J-99",
                building=place.building,
                place=facility.place,
            ).pk
        )

    outcomes = at_once(edit(committee_chair, j1), edit(party_secretary, j2))
    assert Facility.objects.filter(code="J-99").count() == 1
    assert sorted(outcomes, key=str)[-1] == "refused"


def test_a_filing_from_the_sticker_and_a_retirement_at_once_leave_no_request_unlinked(
    postgres, place, committee_chair, resident
):
    """The sticker's form was read while the manhole was in use. Filed and retired at
    once: either the request is filed and linked before the retirement, or it is refused
    and nothing of it is written."""
    from community.facility_requests import facility_preset
    from community.services import facility_changes
    from requests.models import Category
    from requests.services import request_file

    (j1,) = manholes(place, committee_chair, 1)
    preset = facility_preset(resident, j1.pk)
    drainage = Category.objects.get(compound=None, code="drainage")

    def file():
        return request_file(
            reporter=resident,
            compound=place.compound,
            category=drainage,
            description="井盖下面堵了",
            building=place.building,
            about=preset,
        ).pk

    def retire():
        return facility_changes.facility_retire(
            by=committee_chair, facility_id=j1.pk, reason="道路改造"
        ).pk

    outcomes = at_once(file, retire)
    assert Facility.objects.get().retired_at is not None
    assert Request.objects.count() == FacilityRequest.objects.count()
    assert Request.objects.count() == (0 if "refused" in outcomes else 1)

"""The facilities pages keep the same number of queries as the register grows (pinned at
two sizes): the list, a facility's page, the survey walk and its result, the community
page's section."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.services import facilities as services
from community.services import facility_surveys as surveys
from tests.community.facility_world import manholes
from tests.compounds.test_services import photo

pytestmark = pytest.mark.django_db

# Session, user, notification badge, then the page's own (lower is welcome: lower it here).
PINNED = {
    "list": 6,  # the count and the page of rows
    "filtered": 6,
    "facility": 8,  # the facility; a page of its checks and of its requests, each counted
    "walk": 7,  # the count, the page, the checks of this survey for the page
    "result": 7,  # the survey's newest checks, the problem rows, the plan
    "surveys": 5,
    "plan": 6,  # the plan and its marks
}


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _grow(place, keeper, surveyor, survey, start: int, n: int):
    made = manholes(place, keeper, n, prefix=f"S{start}")
    for i, facility in enumerate(made):
        services.facility_record(by=keeper, facility_id=facility.pk, condition="good")
        surveys.survey_mark(
            by=surveyor,
            survey_id=survey.pk,
            facility_id=facility.pk,
            condition="blocked" if i % 2 else "attention",
            note="积水",
        )
    return made


def test_the_facilities_pages_do_not_grow_with_the_register(
    client, place, party_secretary, volunteer, resident
):
    services.plan_upload(by=party_secretary, compound=place.compound, image=photo("p.jpg"))
    survey = surveys.survey_start(
        by=party_secretary, compound=place.compound, kind="manhole", title="普查"
    )
    first = _grow(place, party_secretary, volunteer, survey, 1, 2)
    pages = {
        "list": (resident, reverse("community:facilities", args=[place.compound.pk])),
        "filtered": (
            resident,
            reverse("community:facilities", args=[place.compound.pk]) + "?condition=blocked",
        ),
        "facility": (resident, reverse("community:facility", args=[first[1].pk])),
        "walk": (volunteer, reverse("community:survey", args=[survey.pk])),
        "result": (resident, reverse("community:survey_result", args=[survey.pk])),
        "surveys": (resident, reverse("community:surveys", args=[place.compound.pk])),
        "plan": (resident, reverse("community:plan", args=[place.compound.pk])),
    }

    def counts():
        found = {}
        for name, (user, url) in pages.items():
            client.force_login(user)
            found[name] = _count(client, url)
        return found

    small = counts()
    _grow(place, party_secretary, volunteer, survey, 2, 12)
    for facility in first:  # a longer history and more requests for the facility's page
        services.facility_record(by=party_secretary, facility_id=facility.pk, condition="broken")
    assert counts() == small
    assert small == PINNED, repr(small)


def test_the_community_pages_section_counts_problems_in_two_queries(
    client, place, party_secretary, resident, other_owner, django_assert_num_queries
):
    from django.urls import reverse

    from community.queries.facilities import facilities_section
    from compounds.standing import standing_of

    j1, j2, j3 = manholes(place, party_secretary)
    services.facility_record(by=party_secretary, facility_id=j2.pk, condition="blocked")
    surveys.survey_start(by=party_secretary, compound=place.compound, kind="lamp", title="路灯巡查")
    standing_of(resident)  # loaded once per request by the page
    with django_assert_num_queries(2):
        section = facilities_section(resident, place.compound)
    assert (section["total"], section["problems"], section["keeper"]) == (3, 1, False)
    client.force_login(resident)
    html = client.get(reverse("community:hub", args=[place.compound.pk])).content.decode()
    assert 'data-testid="hub-facilities"' in html
    assert "路灯巡查" in html and f"/community/compounds/{place.compound.pk}/facilities/" in html
    assert facilities_section(other_owner, place.compound) is None

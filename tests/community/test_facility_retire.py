"""Retiring a facility (拆除/报废) and putting it back in use: a reason is required; it keeps
its history, its requests and its code; it leaves the register (a filter shows it), the
survey walk, the plan and the community page's counts; its page and its sticker say
plainly it is retired, and the filing form points no new request at it (also when it is
retired while the form is sent). Audited; residents 403, another compound 404."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community.facility_requests import facility_preset
from community.models import FacilityRequest
from community.queries.facilities import facilities_section, marked_on_plan
from community.services import facilities as services
from community.services import facility_changes as changes
from community.services import facility_surveys as surveys
from portal.models import AuditEvent
from requests.models import Category, Request
from requests.services import request_file
from tests.community.facility_world import manholes
from tests.compounds.test_services import photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_in_english(client, settings):
    """The pages' messages are read by their English msgids (tests/community/conftest.py)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _request_about(place, resident, facility) -> Request:
    request = request_file(
        reporter=resident,
        compound=place.compound,
        category=Category.objects.get(compound=None, code="drainage"),
        description="堵了",
        building=place.building,
    )
    services.facility_link(facility, request)
    return request


def test_a_keeper_retires_it_with_a_reason_and_it_keeps_its_history(
    place, committee_chair, resident
):
    (j1,) = manholes(place, committee_chair, 1)
    services.facility_record(by=committee_chair, facility_id=j1.pk, condition="broken")
    request = _request_about(place, resident, j1)
    changes.facility_retire(by=committee_chair, facility_id=j1.pk, reason="  道路改造时填埋  ")
    j1.refresh_from_db()
    assert j1.is_retired and j1.retired_by == committee_chair
    assert j1.retired_reason == "道路改造时填埋"
    assert j1.checks.count() == 1 and FacilityRequest.objects.get().request == request
    event = AuditEvent.objects.get(code="community.facility.retired")
    assert event.new == {"reason": "道路改造时填埋"} and event.actor == committee_chair


@pytest.mark.parametrize("reason", ["", "   ", "\x00", "很" * 201])
def test_a_reason_is_required_and_kept_short(place, committee_chair, reason):
    (j1,) = manholes(place, committee_chair, 1)
    with pytest.raises(ValidationError):
        changes.facility_retire(by=committee_chair, facility_id=j1.pk, reason=reason)
    j1.refresh_from_db()
    assert not j1.is_retired


def test_retiring_twice_or_restoring_one_in_use_is_refused(place, committee_chair):
    (j1,) = manholes(place, committee_chair, 1)
    with pytest.raises(ValidationError, match="in use"):
        changes.facility_restore(by=committee_chair, facility_id=j1.pk)
    changes.facility_retire(by=committee_chair, facility_id=j1.pk, reason="拆除")
    with pytest.raises(ValidationError, match="already retired"):
        changes.facility_retire(by=committee_chair, facility_id=j1.pk, reason="又拆")
    j1.refresh_from_db()
    assert j1.retired_reason == "拆除"
    assert AuditEvent.objects.filter(code="community.facility.retired").count() == 1


def test_residents_may_neither_retire_nor_restore(place, committee_chair, resident):
    (j1,) = manholes(place, committee_chair, 1)
    with pytest.raises(PermissionDenied):
        changes.facility_retire(by=resident, facility_id=j1.pk, reason="坏了")
    changes.facility_retire(by=committee_chair, facility_id=j1.pk, reason="拆除")
    with pytest.raises(PermissionDenied):
        changes.facility_restore(by=resident, facility_id=j1.pk)


def test_restoring_brings_it_back_with_its_condition(place, committee_chair, worker):
    (j1,) = manholes(place, committee_chair, 1)
    services.facility_record(by=worker, facility_id=j1.pk, condition="attention")
    changes.facility_retire(by=worker, facility_id=j1.pk, reason="误报废")
    changes.facility_restore(by=committee_chair, facility_id=j1.pk)
    j1.refresh_from_db()
    assert not j1.is_retired and (j1.retired_reason, j1.retired_by) == ("", None)
    assert j1.condition == "attention"
    assert AuditEvent.objects.get(code="community.facility.restored").old == {"reason": "误报废"}


def test_it_leaves_the_register_the_walk_the_plan_and_the_counts(
    client, place, committee_chair, resident, volunteer
):
    from decimal import Decimal

    services.plan_upload(by=committee_chair, compound=place.compound, image=photo("plan.jpg"))
    j1, j2 = manholes(place, committee_chair, 2)
    for manhole in (j1, j2):
        changes.facility_edit(
            by=committee_chair,
            facility_id=manhole.pk,
            kind="manhole",
            code=manhole.code,
            building=manhole.building,
            place=manhole.place,
            plan_x=Decimal(10),
            plan_y=Decimal(10),
        )
    services.facility_record(by=committee_chair, facility_id=j2.pk, condition="blocked")
    survey = surveys.survey_start(
        by=committee_chair, compound=place.compound, kind="manhole", title="普查"
    )
    changes.facility_retire(by=committee_chair, facility_id=j2.pk, reason="填埋")

    client.force_login(resident)
    listing = reverse("community:facilities", args=[place.compound.pk])
    html = client.get(listing).content.decode()
    assert "J-01" in html and "J-02" not in html
    assert f'href="{listing}?retired=1"' in html  # a link to the retired ones
    retired = client.get(listing, {"retired": "1"}).content.decode()
    assert "J-02" in retired and "J-01" not in retired.split('data-testid="facilities"')[1]
    assert 'data-testid="retired-row"' in retired and "填埋" in retired
    assert [f.code for f in marked_on_plan(place.compound)] == ["J-01"]
    section = facilities_section(resident, place.compound)
    assert (section["total"], section["problems"]) == (1, 0)
    client.force_login(volunteer)
    walk = client.get(reverse("community:survey", args=[survey.pk])).content.decode()
    assert walk.count('data-testid="survey-row"') == 1 and "J-02" not in walk


def test_a_survey_and_a_keeper_record_nothing_on_a_retired_facility(place, committee_chair):
    (j1,) = manholes(place, committee_chair, 1)
    survey = surveys.survey_start(
        by=committee_chair, compound=place.compound, kind="manhole", title="普查"
    )
    changes.facility_retire(by=committee_chair, facility_id=j1.pk, reason="拆除")
    with pytest.raises(ValidationError, match="retired"):
        surveys.survey_mark(
            by=committee_chair, survey_id=survey.pk, facility_id=j1.pk, condition="blocked"
        )
    with pytest.raises(ValidationError, match="retired"):
        services.facility_record(by=committee_chair, facility_id=j1.pk, condition="good")
    assert not j1.checks.exists() and not Request.objects.exists()


def test_a_finished_surveys_result_still_lists_what_it_found(
    client, place, committee_chair, resident
):
    (j1,) = manholes(place, committee_chair, 1)
    survey = surveys.survey_start(
        by=committee_chair, compound=place.compound, kind="manhole", title="普查"
    )
    surveys.survey_mark(
        by=committee_chair, survey_id=survey.pk, facility_id=j1.pk, condition="blocked"
    )
    surveys.survey_finish(by=committee_chair, survey_id=survey.pk)
    changes.facility_retire(by=committee_chair, facility_id=j1.pk, reason="更换新井")
    client.force_login(resident)
    result = client.get(reverse("community:survey_result", args=[survey.pk])).content.decode()
    assert "J-01" in result.split('data-testid="problems"')[1]


# The pages ------------------------------------------------------------------------------


def test_the_retire_step_explains_and_requires_a_reason(client, place, committee_chair):
    (j1,) = manholes(place, committee_chair, 1)
    url = reverse("community:facility_retire", args=[j1.pk])
    client.force_login(committee_chair)
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="retire-effects"' in page.content.decode()
    empty = client.post(url, {"reason": "  "})
    assert empty.status_code == 200 and "field-invalid" in empty.content.decode()
    done = client.post(url, {"reason": "灯杆锈断，已拆除"})
    assert done.status_code == 302 and done.url == reverse("community:facility", args=[j1.pk])
    j1.refresh_from_db()
    assert j1.retired_reason == "灯杆锈断，已拆除"
    again = client.post(url, {"reason": "再拆"})
    assert again.status_code == 200 and "already retired" in again.content.decode()


def test_its_page_says_plainly_it_is_retired(client, place, committee_chair, resident):
    (j1,) = manholes(place, committee_chair, 1)
    changes.facility_retire(by=committee_chair, facility_id=j1.pk, reason="道路改造时填埋")
    url = reverse("community:facility", args=[j1.pk])
    client.force_login(resident)
    html = client.get(url).content.decode()
    assert 'data-testid="retired"' in html and "道路改造时填埋" in html
    assert 'data-testid="report"' not in html  # no report button for what is gone
    client.force_login(committee_chair)
    html = client.get(url).content.decode()
    assert 'data-testid="restore"' in html and 'data-testid="retire"' not in html
    assert 'name="condition"' not in html  # nothing to record on it


def test_a_keeper_restores_it_from_its_page(client, place, committee_chair, worker):
    (j1,) = manholes(place, committee_chair, 1)
    changes.facility_retire(by=committee_chair, facility_id=j1.pk, reason="误操作")
    url = reverse("community:facility_restore", args=[j1.pk])
    client.force_login(worker)
    assert client.get(url).status_code == 405
    answer = client.post(url)
    assert answer.status_code == 302 and answer.url == reverse("community:facility", args=[j1.pk])
    j1.refresh_from_db()
    assert not j1.is_retired
    again = client.post(url, follow=True)  # in use already: said, not an error page
    assert again.status_code == 200
    assert any("nothing to restore" in str(m) for m in again.context["messages"])


def test_who_may_not_retire_or_restore(client, place, committee_chair, resident, other_owner):
    (j1,) = manholes(place, committee_chair, 1)
    retire = reverse("community:facility_retire", args=[j1.pk])
    restore = reverse("community:facility_restore", args=[j1.pk])
    for person, status in ((resident, 403), (other_owner, 404)):
        client.force_login(person)
        assert client.get(retire).status_code == status
        assert client.post(retire, {"reason": "坏了"}).status_code == status
    j1.refresh_from_db()
    assert not j1.is_retired
    changes.facility_retire(by=committee_chair, facility_id=j1.pk, reason="拆除")
    for person, status in ((resident, 403), (other_owner, 404)):
        client.force_login(person)
        assert client.post(restore).status_code == status
    j1.refresh_from_db()
    assert j1.is_retired


# The sticker and the filing form ----------------------------------------------------------


def _filing(place, facility, category) -> dict:
    return {
        "about": f"facility:{facility.pk}",
        "kind": "repair",
        "category": category.pk,
        "where": f"building:{place.building.pk}",
        "place": "18栋东侧",
        "description": "井盖下面堵了",
        "urgency": "normal",
    }


def test_a_retired_facilitys_sticker_says_so_and_carries_no_link(
    client, place, committee_chair, resident
):
    (j1,) = manholes(place, committee_chair, 1)
    changes.facility_retire(by=committee_chair, facility_id=j1.pk, reason="道路改造时填埋")
    client.force_login(resident)
    html = client.get(reverse("requests:new"), {"about": f"facility:{j1.pk}"}).content.decode()
    assert 'data-testid="about-refused"' in html and "道路改造时填埋" in html
    assert f'value="facility:{j1.pk}"' not in html


def test_a_request_pointed_at_a_retired_facility_is_refused_and_nothing_saved(
    client, place, committee_chair, resident
):
    (j1,) = manholes(place, committee_chair, 1)
    drainage = Category.objects.get(compound=None, code="drainage")
    client.force_login(resident)
    client.get(reverse("requests:new"), {"about": f"facility:{j1.pk}"})  # the form is read…
    changes.facility_retire(by=committee_chair, facility_id=j1.pk, reason="已拆除")  # …then
    answer = client.post(reverse("requests:new"), _filing(place, j1, drainage))
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'class="form-errors"' in html and "taken out of use" in html
    assert not Request.objects.exists() and not FacilityRequest.objects.exists()


def test_retired_while_the_request_is_filed_the_filing_writes_nothing(
    place, committee_chair, resident
):
    """The sticker's preset was read while it was in use; it is retired before the request
    is written: the link, made under the facility's lock, refuses, and the filing's
    transaction leaves no request behind."""
    (j1,) = manholes(place, committee_chair, 1)
    preset = facility_preset(resident, j1.pk)
    assert preset.refusal == ""
    changes.facility_retire(by=committee_chair, facility_id=j1.pk, reason="已拆除")
    with pytest.raises(ValidationError, match="taken out of use"):
        request_file(
            reporter=resident,
            compound=place.compound,
            category=Category.objects.get(compound=None, code="drainage"),
            description="堵了",
            building=place.building,
            about=preset,
        )
    assert not Request.objects.exists() and not FacilityRequest.objects.exists()


def test_a_request_about_a_retired_facility_names_it_as_retired(
    client, place, committee_chair, resident
):
    (j1,) = manholes(place, committee_chair, 1)
    request = _request_about(place, resident, j1)
    changes.facility_retire(by=committee_chair, facility_id=j1.pk, reason="拆除")
    client.force_login(resident)
    html = client.get(reverse("requests:detail", args=[request.pk])).content.decode()
    facility = html.split('data-testid="request-facility"')[1].split("</section>")[0]
    assert "J-01" in facility and 'class="tag"' in facility

"""The 42-manhole survey in Chromium at 390×844 (issue 17's acceptance): a volunteer walks
three manholes, taps 完好 on two and 堵塞 on the third with a note and a photo, which files
a request pointing at that manhole; the result lists it, the request's page names it, and
the committee chair, on duty at the service station, finds it on the duty page. A keeper
corrects a lamp, retires it, and its sticker's filing form says so.

Buttons are found by their values and test ids, not their Chinese words: the facilities'
strings reach locale/ when the branch is merged."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from community.models import FacilityRequest, Survey
from community.services import roster
from community.services.facility_surveys import survey_start
from community.services.stations import station_open
from requests.models import Request
from tests.browser.test_compounds_journeys import _sign_in
from tests.browser.test_requests_journeys import _as
from tests.community.facility_world import manholes
from tests.compounds.test_services import photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_volunteer_surveys_three_manholes_and_a_blocked_one_files_a_request(
    page, browser, live_server, place, party_secretary, volunteer, committee_chair, tmp_path,
    assert_accessible,
):  # fmt: skip
    j1, j2, j3 = manholes(place, party_secretary)
    station = station_open(
        by=party_secretary, compound=place.compound, name="人人坞党群服务站", place="东门"
    )
    now = timezone.now().replace(second=0, microsecond=0)
    roster.shift_arrange(
        station=station,
        by=party_secretary,
        person=committee_chair,
        start=now - timedelta(hours=1),
        end=now + timedelta(hours=3),
    )
    survey = survey_start(
        by=party_secretary, compound=place.compound, kind="manhole", title="下水井普查"
    )
    picture = tmp_path / "井.jpg"
    picture.write_bytes(photo().read())

    _sign_in(page, volunteer)
    page.goto(f"/community/facilities/surveys/{survey.pk}/")
    rows = page.get_by_test_id("survey-row")
    expect(rows).to_have_count(3)
    assert_accessible(page)
    for manhole in (j1, j2):
        row = page.locator(f"#facility-{manhole.pk}")
        row.locator("button[value=good]").click()
        expect(page.locator(".message-success")).to_contain_text(manhole.code)
        expect(page.locator(f"#facility-{manhole.pk} button[value=good]")).to_have_class(
            "cond cond-good chosen"
        )
    row = page.locator(f"#facility-{j3.pk}")
    row.locator("summary").click()
    row.locator("input[name=note]").fill("井内淤堵，雨天冒水")
    row.locator("input[name=photo]").set_input_files(str(picture))
    row.locator("button[value=blocked]").click()
    expect(page.locator(".message-success")).to_contain_text(j3.code)

    link = FacilityRequest.objects.get()
    assert link.facility == j3 and Request.objects.count() == 1
    request = link.request
    assert request.reporter == volunteer and request.photos.count() == 1
    assert "井内淤堵" in request.description
    expect(page.locator(f"#facility-{j3.pk}")).to_contain_text(f"#{request.pk}")

    page.locator(f"#facility-{j3.pk} button[value=blocked]").click()  # a second tap
    expect(page.locator(".message-success")).to_contain_text(f"#{request.pk}")
    assert Request.objects.count() == 1

    page.get_by_test_id("finish").click()
    problems = page.get_by_test_id("problems")
    expect(problems).to_contain_text(j3.code)
    expect(problems).not_to_contain_text(j1.code)
    assert_accessible(page)
    assert Survey.objects.get().finished_at is not None

    problems.get_by_role("link", name=f"#{request.pk}").click()
    expect(page.get_by_test_id("request-facility")).to_contain_text(j3.code)

    # The person on duty at the service station sees it among the requests of the shift.
    context, duty = _as(browser, live_server, committee_chair)
    duty.goto("/community/roster/duty/")
    expect(duty.get_by_test_id("duty-request")).to_contain_text(f"#{request.pk}")
    assert_accessible(duty)
    context.close()


def test_a_keeper_taps_the_plan_to_place_a_new_lamp(page, place, committee_chair):
    from community.models import Facility
    from community.services.facilities import plan_upload

    plan_upload(by=committee_chair, compound=place.compound, image=photo("plan.jpg", (400, 300)))
    _sign_in(page, committee_chair)
    page.goto(f"/community/compounds/{place.compound.pk}/facilities/new/")
    frame = page.locator(".plan-frame")
    expect(frame.locator("img")).to_have_js_property("complete", True)
    box = frame.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.5)
    expect(page.locator("input[name=plan_x]")).to_have_value(re.compile(r"^2[45]\.\d$"))
    expect(page.locator("input[name=plan_y]")).to_have_value(re.compile(r"^(49|50)\.\d$"))
    expect(frame.locator("circle.mark-picked")).to_have_count(1)
    page.locator("select[name=kind]").select_option("lamp")
    page.locator("input[name=code]").fill("LD-01")
    page.locator("form[data-pick-point] button[type=submit]").click()
    expect(page.get_by_test_id("condition")).to_be_visible()
    lamp = Facility.objects.get()
    assert (float(lamp.plan_x), float(lamp.plan_y)) == pytest.approx((25.0, 50.0), abs=0.6)
    expect(page.locator(".plan-marks circle")).to_have_count(1)


def test_a_keeper_corrects_a_lamp_then_retires_it_and_its_sticker_says_so(
    page, place, committee_chair, resident, browser, live_server, assert_accessible
):
    from community.models import Facility
    from community.services.facilities import facility_add

    lamp = facility_add(
        by=committee_chair, compound=place.compound, kind="lamp", code="LD-01", place="东门"
    )
    _sign_in(page, committee_chair)
    page.goto(f"/community/facilities/{lamp.pk}/")
    expect(page.locator("input[name=condition][value=blocked]")).to_have_count(0)
    page.get_by_test_id("edit").click()
    assert_accessible(page)
    page.locator("input[name=code]").fill("LD-11")
    page.locator("textarea[name=note]").fill("太阳能路灯")
    page.locator("form[data-pick-point] button[type=submit]").click()
    expect(page.get_by_test_id("note")).to_contain_text("太阳能路灯")
    page.get_by_test_id("retire").click()
    expect(page.get_by_test_id("retire-effects")).to_be_visible()
    assert_accessible(page)
    page.locator("input[name=reason]").fill("道路改造时拆除")
    page.get_by_test_id("retire-confirm").click()
    expect(page.get_by_test_id("retired")).to_contain_text("道路改造时拆除")
    expect(page.get_by_test_id("report")).to_have_count(0)
    assert_accessible(page)
    assert Facility.objects.get().code == "LD-11"

    context, neighbour = _as(browser, live_server, resident)
    neighbour.goto(f"/requests/new/?about=facility:{lamp.pk}")
    expect(neighbour.get_by_test_id("about-refused")).to_contain_text("道路改造时拆除")
    expect(neighbour.locator("input[name=about]")).to_have_count(0)
    context.close()

"""The facilities register's pages: happy paths, the wrong method, who may not (403) and
another compound (404), bad input answered on the page, the QR sticker's filing form."""

import pytest
from django.urls import reverse

from community.models import CompoundPlan, Facility, FacilityRequest, Survey
from community.services import facilities as services
from requests.models import Request
from tests.community.facility_world import manholes
from tests.compounds.test_services import photo

pytestmark = pytest.mark.django_db


def _list(place):
    return reverse("community:facilities", args=[place.compound.pk])


def test_residents_read_the_register_and_another_compound_gets_404(
    client, place, resident, other_owner, committee_chair
):
    manholes(place, committee_chair, 2)
    client.force_login(resident)
    page = client.get(_list(place))
    assert page.status_code == 200
    assert "J-01" in page.content.decode() and "add-facility" not in page.content.decode()
    assert client.post(_list(place)).status_code == 405
    client.force_login(other_owner)
    assert client.get(_list(place)).status_code == 404


def test_the_list_filters_by_kind_and_condition_and_ignores_nonsense(
    client, place, resident, committee_chair
):
    j1, j2 = manholes(place, committee_chair, 2)
    services.facility_record(by=committee_chair, facility_id=j2.pk, condition="blocked")
    client.force_login(resident)
    page = client.get(_list(place), {"condition": "blocked"}).content.decode()
    assert "J-02" in page and "J-01" not in page
    assert client.get(_list(place), {"kind": "x' OR 1=1", "page": "-3"}).status_code == 200


def test_a_keeper_adds_a_facility_and_a_reused_code_is_refused_on_the_form(
    client, place, committee_chair
):
    client.force_login(committee_chair)
    url = reverse("community:facility_new", args=[place.compound.pk])
    assert client.get(url).status_code == 200
    data = {"kind": "lamp", "code": "LD-01", "place": "东门", "building": place.building.pk}
    made = client.post(url, data)
    facility = Facility.objects.get()
    assert made.status_code == 302 and made.url == reverse("community:facility", args=[facility.pk])
    again = client.post(url, data | {"code": "ld-01"})
    assert again.status_code == 200
    assert "LD-01" in again.content.decode() and Facility.objects.count() == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"plan_x": "120", "plan_y": "5"},
        {"plan_x": "abc", "plan_y": "5"},
        {"plan_x": "5"},
        {"kind": "rocket"},
        {"code": ""},
        {"code": "X" * 21},
        {"building": "999999"},
        {"zone": "not-an-id"},
        {"plan_x": "5", "plan_y": "5"},  # no plan yet
        {"place": "", "building": ""},
        {"code": "A\x00B"},
    ],
)
def test_bad_input_comes_back_with_a_message_and_nothing_is_saved(
    client, place, committee_chair, bad
):
    client.force_login(committee_chair)
    url = reverse("community:facility_new", args=[place.compound.pk])
    answer = client.post(url, {"kind": "lamp", "code": "L-1", "place": "东门"} | bad)
    assert answer.status_code == 200
    assert 'class="form-errors"' in answer.content.decode() or "field-invalid" in (
        answer.content.decode()
    )
    assert not Facility.objects.exists()


def test_residents_and_other_compounds_may_not_add(client, place, resident, other_owner):
    url = reverse("community:facility_new", args=[place.compound.pk])
    client.force_login(resident)
    assert client.get(url).status_code == 403
    assert client.post(url, {"kind": "lamp", "code": "L", "place": "东门"}).status_code == 403
    client.force_login(other_owner)
    assert client.get(url).status_code == 404
    assert not Facility.objects.exists()


def test_a_facilitys_page_shows_its_history_requests_and_sticker(client, place, resident, worker):
    (j1,) = manholes(place, worker, 1)
    services.facility_record(by=worker, facility_id=j1.pk, condition="broken", note="盖板裂")
    client.force_login(resident)
    page = client.get(reverse("community:facility", args=[j1.pk])).content.decode()
    assert "盖板裂" in page and f"?about=facility:{j1.pk}" in page
    assert 'name="condition"' not in page  # residents do not record
    client.force_login(worker)
    page = client.get(reverse("community:facility", args=[j1.pk])).content.decode()
    assert 'name="condition"' in page and "<svg" in page


def test_a_keeper_records_a_condition_with_a_photo_served_to_the_compound(
    client, place, worker, resident, other_owner
):
    (j1,) = manholes(place, worker, 1)
    url = reverse("community:facility_record", args=[j1.pk])
    client.force_login(worker)
    assert client.get(url).status_code == 405
    answer = client.post(url, {"condition": "blocked", "note": "淤泥", "photo": photo()})
    assert answer.status_code == 302
    check = j1.checks.get()
    assert check.photo
    photo_url = reverse("community:check_photo", args=[check.pk])
    client.force_login(resident)
    assert client.get(photo_url).status_code == 200
    assert client.post(url, {"condition": "good"}).status_code == 403
    client.force_login(other_owner)
    assert client.get(photo_url).status_code == 404
    assert client.post(url, {"condition": "good"}).status_code == 404
    assert j1.checks.count() == 1


def test_a_bad_condition_or_a_fake_photo_records_nothing(client, place, worker):
    (j1,) = manholes(place, worker, 1)
    url = reverse("community:facility_record", args=[j1.pk])
    client.force_login(worker)
    assert client.post(url, {"condition": "exploded"}).status_code == 400
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    answer = client.post(url, {"condition": "good", "photo": fake}, follow=True)
    assert answer.status_code == 200
    assert not j1.checks.exists()


def test_the_sticker_opens_the_filing_form_with_the_facility_and_links_the_request(
    client, place, resident, worker
):
    (j1,) = manholes(place, worker, 1)
    client.force_login(resident)
    new = reverse("requests:new") + f"?about=facility:{j1.pk}"
    form = client.get(new)
    html = form.content.decode()
    assert 'data-testid="about"' in html and "J-01" in html
    assert f'value="facility:{j1.pk}"' in html
    assert form.context["form"].initial["where"] == f"building:{place.building.pk}"
    drainage = next(c for c in form.context["form"].categories.values() if c.code == "drainage")
    assert form.context["form"].initial["category"] == drainage.pk
    filed = client.post(
        reverse("requests:new"),
        {
            "about": f"facility:{j1.pk}",
            "kind": "repair",
            "category": drainage.pk,
            "where": f"building:{place.building.pk}",
            "place": "18栋东侧",
            "description": "井盖下面堵了，污水冒出来",
            "urgency": "normal",
        },
    )
    assert filed.status_code == 302
    link = FacilityRequest.objects.get()
    assert link.facility == j1
    page = client.get(reverse("requests:detail", args=[link.request_id])).content.decode()
    assert 'data-testid="request-facility"' in page and "J-01" in page
    facility_page = client.get(reverse("community:facility", args=[j1.pk])).content.decode()
    assert f"#{link.request_id}" in facility_page


def test_a_sticker_of_another_compound_or_nonsense_fills_in_nothing(
    client, place, resident, other_owner
):
    other = services.Facility.objects.create(
        compound=place.other_compound, kind="lamp", code="L-9", place="北门"
    )
    client.force_login(resident)
    for about in (f"facility:{other.pk}", "facility:abc", "nothing:1", "facility:-1"):
        page = client.get(reverse("requests:new"), {"about": about})
        assert page.status_code == 200 and 'data-testid="about"' not in page.content.decode()


def test_the_survey_walk_files_a_request_once_and_the_result_lists_it(
    client, place, party_secretary, volunteer, resident
):
    j1, j2, j3 = manholes(place, party_secretary)
    client.force_login(party_secretary)
    start = client.post(
        reverse("community:surveys", args=[place.compound.pk]),
        {"kind": "manhole", "title": "下水井普查"},
    )
    survey = Survey.objects.get()
    assert start.url == reverse("community:survey", args=[survey.pk])
    client.force_login(volunteer)
    walk = client.get(reverse("community:survey", args=[survey.pk]))
    assert walk.status_code == 200 and walk.content.decode().count('data-testid="survey-row"') == 3
    mark = reverse("community:survey_mark", args=[survey.pk, j2.pk])
    assert client.get(mark).status_code == 405
    for _tap in range(2):
        done = client.post(mark, {"condition": "blocked", "note": "堵塞", "page": "1"})
        assert done.status_code == 302 and done.url.endswith(f"#facility-{j2.pk}")
    assert Request.objects.count() == 1
    client.post(reverse("community:survey_mark", args=[survey.pk, j1.pk]), {"condition": "good"})
    client.force_login(resident)
    assert client.post(mark, {"condition": "good"}).status_code == 403
    assert client.get(reverse("community:survey", args=[survey.pk])).status_code == 302
    client.force_login(volunteer)
    assert client.post(reverse("community:survey_finish", args=[survey.pk])).status_code == 302
    result = client.get(reverse("community:survey_result", args=[survey.pk])).content.decode()
    assert "J-02" in result and "J-01" not in result.split('data-testid="problems"')[1]
    assert f"#{Request.objects.get().pk}" in result


def test_a_mark_for_a_facility_outside_the_survey_changes_nothing(client, place, party_secretary):
    (j1,) = manholes(place, party_secretary, 1)
    lamp = services.facility_add(
        by=party_secretary, compound=place.compound, kind="lamp", code="L-1", place="东门"
    )
    client.force_login(party_secretary)
    client.post(
        reverse("community:surveys", args=[place.compound.pk]),
        {"kind": "manhole", "title": "普查"},
    )
    survey = Survey.objects.get()
    answer = client.post(
        reverse("community:survey_mark", args=[survey.pk, lamp.pk]), {"condition": "broken"}
    )
    assert answer.status_code == 302 and not lamp.checks.exists()
    bad = client.post(
        reverse("community:survey_mark", args=[survey.pk, j1.pk]), {"condition": "??"}
    )
    assert bad.status_code == 400 and not j1.checks.exists()


def test_a_facility_of_another_compound_in_a_survey_mark_is_404(client, place, party_secretary):
    """The survey is the surveyor's; another compound's facility is no part of it: 404, as
    an id of nothing (not a redirect with a message), whatever the post says."""
    theirs = Facility.objects.create(
        compound=place.other_compound, kind="manhole", code="J-01", place="东门"
    )
    manholes(place, party_secretary, 1)
    client.force_login(party_secretary)
    client.post(
        reverse("community:surveys", args=[place.compound.pk]),
        {"kind": "manhole", "title": "普查"},
    )
    survey = Survey.objects.get()
    for facility_id in (theirs.pk, 10**12):
        mark = reverse("community:survey_mark", args=[survey.pk, facility_id])
        for post in ({"condition": "broken"}, {}):
            assert client.post(mark, post).status_code == 404
    assert not theirs.checks.exists() and not Request.objects.exists()


def test_the_plan_is_uploaded_by_the_committee_and_served_to_the_compound(
    client, place, committee_chair, worker, resident, other_owner
):
    url = reverse("community:plan", args=[place.compound.pk])
    image = reverse("community:plan_image", args=[place.compound.pk])
    client.force_login(resident)
    assert client.get(url).status_code == 200 and client.get(image).status_code == 404
    assert client.post(url, {"image": photo()}).status_code == 403
    client.force_login(worker)
    assert client.post(url, {"image": photo()}).status_code == 403
    client.force_login(committee_chair)
    assert client.post(url, {"image": photo("plan.jpg")}).status_code == 302
    assert CompoundPlan.objects.count() == 1
    bad = client.post(url, {"image": photo("x.jpg", size=(1, 1)).__class__("x.txt", b"hello")})
    assert bad.status_code == 200 and "form-errors" in bad.content.decode()
    client.force_login(resident)
    assert client.get(image).status_code == 200
    client.force_login(other_owner)
    assert client.get(image).status_code == 404
    assert client.get(url).status_code == 404


def test_a_facility_of_another_compound_is_404(client, place, other_owner, committee_chair):
    (j1,) = manholes(place, committee_chair, 1)
    client.force_login(other_owner)
    assert client.get(reverse("community:facility", args=[j1.pk])).status_code == 404


def test_stickers_are_for_keepers(client, place, committee_chair, resident):
    manholes(place, committee_chair, 3)
    url = reverse("community:facility_stickers", args=[place.compound.pk])
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.force_login(committee_chair)
    sheet = client.get(url, {"kind": "manhole"}).content.decode()
    assert sheet.count('class="sticker"') == 3

"""The facilities register's services: codes unique in a compound, points on the plan,
every condition a row, a survey's broken or blocked files one request, and who may."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from community.models import CompoundPlan, Facility, FacilityCheck, FacilityRequest, Survey
from community.services import facilities as services
from community.services import facility_surveys as surveys
from portal.models import AuditEvent
from requests.models import Request
from tests import factories as f
from tests.community.facility_world import manholes
from tests.compounds.test_services import photo

pytestmark = pytest.mark.django_db


def test_a_code_reused_in_the_same_compound_is_refused_with_a_clear_message(place, committee_chair):
    manholes(place, committee_chair, 1)
    with pytest.raises(ValidationError) as refused:
        services.facility_add(
            by=committee_chair, compound=place.compound, kind="lamp", code="j-01", place="东门"
        )
    assert "J-01" in refused.value.messages[0]
    assert Facility.objects.count() == 1


def test_the_same_code_in_another_compound_is_fine(place, committee_chair):
    manholes(place, committee_chair, 1)
    other_chair = f.UserFactory()
    f.MembershipFactory(
        body=f.BodyFactory(compound=place.other_compound, kind="owners_committee"),
        user=other_chair,
        position="chair",
    )
    services.facility_add(
        by=other_chair, compound=place.other_compound, kind="manhole", code="J-01", place="北门"
    )
    assert Facility.objects.filter(code="J-01").count() == 2


def test_a_facility_needs_a_place(place, committee_chair):
    with pytest.raises(ValidationError):
        services.facility_add(by=committee_chair, compound=place.compound, kind="lamp", code="L1")


def test_a_point_off_the_plan_or_without_a_plan_is_refused(place, committee_chair):
    fields = {"by": committee_chair, "compound": place.compound, "kind": "lamp", "code": "L1"}
    with pytest.raises(ValidationError, match="plan"):
        services.facility_add(**fields, plan_x=Decimal(10), plan_y=Decimal(20))
    services.plan_upload(by=committee_chair, compound=place.compound, image=photo("plan.jpg"))
    with pytest.raises(ValidationError, match="0 to 100"):
        services.facility_add(**fields, plan_x=Decimal("100.5"), plan_y=Decimal(20))
    with pytest.raises(ValidationError, match="both"):
        services.facility_add(**fields, plan_x=Decimal(10))
    made = services.facility_add(**fields, plan_x=Decimal("12.5"), plan_y=Decimal(80))
    assert made.on_plan


def test_a_building_or_zone_of_another_compound_is_refused(place, committee_chair):
    elsewhere = f.BuildingFactory(compound=place.other_compound)
    with pytest.raises(ValidationError):
        services.facility_add(
            by=committee_chair, compound=place.compound, kind="lamp", code="L1", building=elsewhere
        )


def test_residents_may_not_keep_the_register(place, resident):
    with pytest.raises(PermissionDenied):
        services.facility_add(
            by=resident, compound=place.compound, kind="lamp", code="L1", place="东门"
        )


def test_the_plan_is_re_encoded_without_location_and_a_pdf_is_refused(place, committee_chair):
    from PIL import Image

    plan = services.plan_upload(by=committee_chair, compound=place.compound, image=photo())
    with Image.open(plan.image.open("rb")) as image:
        assert not image.getexif().get(0x8825)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.plan_upload(by=committee_chair, compound=place.compound, image=pdf)
    assert CompoundPlan.objects.count() == 1
    assert AuditEvent.objects.filter(code="community.plan.uploaded").count() == 1


def test_the_plan_is_for_the_committee_not_the_property_company(place, worker):
    with pytest.raises(PermissionDenied):
        services.plan_upload(by=worker, compound=place.compound, image=photo())


def test_every_condition_change_is_a_row_with_who_and_note(place, worker):
    (lamp,) = manholes(place, worker, 1)
    services.facility_record(by=worker, facility_id=lamp.pk, condition="broken", note="盖板裂了")
    services.facility_record(by=worker, facility_id=lamp.pk, condition="good", photo=photo())
    lamp.refresh_from_db()
    assert lamp.condition == "good"
    history = list(lamp.checks.order_by("at", "pk").values_list("condition", "note", "by"))
    assert history == [("broken", "盖板裂了", worker.pk), ("good", "", worker.pk)]
    assert lamp.checks.exclude(photo="").count() == 1


def _survey(place, keeper, **kw):
    return surveys.survey_start(
        by=keeper, compound=place.compound, kind="manhole", title="下水井普查", **kw
    )


def test_marking_one_blocked_files_one_request_pointing_at_it_not_twice(
    place, party_secretary, volunteer
):
    j1, j2, j3 = manholes(place, party_secretary)
    survey = _survey(place, party_secretary)
    surveys.survey_mark(by=volunteer, survey_id=survey.pk, facility_id=j1.pk, condition="good")
    first = surveys.survey_mark(
        by=volunteer, survey_id=survey.pk, facility_id=j2.pk, condition="blocked", note="积水"
    )
    again = surveys.survey_mark(
        by=volunteer, survey_id=survey.pk, facility_id=j2.pk, condition="blocked"
    )
    assert first.request_id and again.request_id == first.request_id
    request = Request.objects.get()
    assert request.reporter == volunteer and request.category.code == "drainage"
    assert "J-02" in request.description and "积水" in request.description
    assert FacilityRequest.objects.get().facility == j2
    assert FacilityCheck.objects.filter(facility=j2).count() == 2


def test_a_neighbours_open_request_about_it_is_cited_not_filed_again(
    place, party_secretary, volunteer, resident
):
    (j1,) = manholes(place, party_secretary, 1)
    from requests.models import Category
    from requests.services import request_file

    theirs = request_file(
        reporter=resident,
        compound=place.compound,
        category=Category.objects.get(compound=None, code="drainage"),
        description="堵了",
        building=place.building,
    )
    services.facility_link(j1, theirs)
    survey = _survey(place, party_secretary)
    check = surveys.survey_mark(
        by=volunteer, survey_id=survey.pk, facility_id=j1.pk, condition="broken"
    )
    assert check.request_id == theirs.pk and Request.objects.count() == 1


def test_a_closed_request_does_not_stop_a_new_one(place, party_secretary, volunteer):
    (j1,) = manholes(place, party_secretary, 1)
    survey = _survey(place, party_secretary)
    first = surveys.survey_mark(
        by=volunteer, survey_id=survey.pk, facility_id=j1.pk, condition="blocked"
    )
    Request.objects.filter(pk=first.request_id).update(state="closed")
    second = surveys.survey_mark(
        by=volunteer, survey_id=survey.pk, facility_id=j1.pk, condition="blocked"
    )
    assert second.request_id != first.request_id


def test_who_may_record_in_a_survey(place, party_secretary, resident, tenant, worker):
    (j1,) = manholes(place, party_secretary, 1)
    survey = _survey(place, party_secretary)
    for outsider in (resident, tenant):
        with pytest.raises(PermissionDenied):
            surveys.survey_mark(
                by=outsider, survey_id=survey.pk, facility_id=j1.pk, condition="good"
            )
    surveys.survey_mark(by=worker, survey_id=survey.pk, facility_id=j1.pk, condition="good")


def test_a_team_given_the_survey_records_in_it(place, party_secretary, resident):
    from community.models import Team, TeamMember

    team = Team.objects.create(
        compound=place.compound, name="环保卫生队", kind="environment", leader=party_secretary
    )
    TeamMember.objects.create(team=team, user=resident, state="member")
    (j1,) = manholes(place, party_secretary, 1)
    survey = _survey(place, party_secretary, team=team)
    surveys.survey_mark(by=resident, survey_id=survey.pk, facility_id=j1.pk, condition="good")


def test_a_finished_survey_takes_no_more_marks_and_only_one_runs_per_kind(place, party_secretary):
    (j1,) = manholes(place, party_secretary, 1)
    survey = _survey(place, party_secretary)
    with pytest.raises(ValidationError):
        _survey(place, party_secretary)
    surveys.survey_finish(by=party_secretary, survey_id=survey.pk)
    with pytest.raises(ValidationError):
        surveys.survey_mark(
            by=party_secretary, survey_id=survey.pk, facility_id=j1.pk, condition="good"
        )
    with pytest.raises(ValidationError):
        surveys.survey_finish(by=party_secretary, survey_id=survey.pk)
    assert _survey(place, party_secretary).pk != survey.pk
    assert Survey.objects.filter(finished_at=None).count() == 1


def test_a_facility_of_another_kind_is_not_in_the_survey(place, party_secretary):
    lamp = services.facility_add(
        by=party_secretary, compound=place.compound, kind="lamp", code="L-01", place="东门"
    )
    survey = _survey(place, party_secretary)
    with pytest.raises(ValidationError):
        surveys.survey_mark(
            by=party_secretary, survey_id=survey.pk, facility_id=lamp.pk, condition="broken"
        )
    assert not Request.objects.exists()


def test_the_unknown_condition_cannot_be_recorded(place, party_secretary):
    (j1,) = manholes(place, party_secretary, 1)
    with pytest.raises(ValidationError):
        services.facility_record(by=party_secretary, facility_id=j1.pk, condition="unknown")

"""Who dispatches what, privacy of requests about homes, the ladder after appeals and for
committee-run compounds, reopening, handing over, photos of the work, and edge input."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from compounds.models import Department, RoleAssignment
from portal.notifications.models import Notification
from requests import permissions, queries, services, workflow
from requests.models import Request, RequestPhoto
from tests import factories as f
from tests.compounds.test_services import photo
from tests.requests.test_workflow import cat, escalate, file

pytestmark = pytest.mark.django_db


def test_a_home_request_is_never_offered_to_neighbours_as_a_duplicate(place, resident, tenant):
    home = resident.residencies.get().unit
    private = file(place, resident, building=None, unit=home, description="我家卫生间渗水")
    assert private.building == place.building
    assert list(queries.similar_open(place.compound, cat(), building=place.building)) == []
    common = file(place, resident)
    assert list(queries.similar_open(place.compound, cat(), building=place.building)) == [common]


def test_only_building_heads_housing_officers_and_officers_dispatch_common_areas(
    place, resident, building_head, supervisor, worker
):
    cleaner = f.UserFactory(display_name="卫生员")
    f.BuildingRoleFactory(
        building=place.building, holder=cleaner, kind=f.role_kind("sanitation_officer")
    )
    branch_member = f.UserFactory(display_name="普通党员")
    f.MembershipFactory(
        body=f.BodyFactory(compound=place.compound, kind="party_branch", term_number=None),
        user=branch_member,
        position="member",
    )
    item = file(place, resident)
    assert "accept" in workflow.allowed_actions(building_head, item)
    for nobody in (cleaner, branch_member, supervisor):
        assert workflow.allowed_actions(nobody, item) == [], nobody
    # A request about someone's home stays with staff: the building head does not see it.
    home = file(place, resident, building=None, unit=resident.residencies.get().unit)
    assert permissions.parties_of(building_head, home) == set()
    assert "accept" in workflow.allowed_actions(worker, home)


def test_a_committee_run_compound_escalates_straight_to_the_community(place, resident):
    place.compound.management, place.compound.property_company = "none", None
    place.compound.save()
    item = file(place, resident)
    assert item.handler_kind == "committee"
    escalate(item)
    item.refresh_from_db()
    assert (item.handler_kind, item.escalation_level) == ("community", 2)


def test_reopening_tells_the_worker_and_sets_a_fresh_deadline(place, resident, worker):
    item = file(place, resident)
    workflow.perform(item.pk, "assign", actor=worker, assignee=worker)
    workflow.perform(item.pk, "resolve", actor=worker)
    Request.objects.filter(pk=item.pk).update(resolve_due=timezone.now() - timedelta(days=1))
    before = Notification.objects.filter(recipient=worker).count()
    workflow.perform(item.pk, "reopen", actor=resident, note="灯又不亮了")
    item.refresh_from_db()
    assert item.state == "in_progress" and item.resolve_due > timezone.now()
    assert Notification.objects.filter(recipient=worker).count() == before + 1


def test_hand_over_to_the_housing_officer_and_the_new_team_accepts(
    place, resident, worker, housing_officer
):
    item = file(place, resident)
    with pytest.raises(ValidationError):  # a reason is needed
        workflow.perform(item.pk, "hand_over", actor=worker, handler_kind="housing_officer")
    with pytest.raises(ValidationError):
        workflow.perform(item.pk, "hand_over", actor=worker, handler_kind="bogus", note="x")
    workflow.perform(
        item.pk, "hand_over", actor=worker, handler_kind="housing_officer", note="楼栋内部事务"
    )
    item.refresh_from_db()
    assert (item.handler_kind, item.state) == ("housing_officer", "submitted")
    assert Notification.objects.filter(recipient=housing_officer, event="request.new").exists()
    assert "accept" in workflow.allowed_actions(housing_officer, item)


def test_assign_refuses_someone_outside_the_team(place, resident, worker, tenant):
    item = file(place, resident)
    with pytest.raises(ValidationError):
        workflow.perform(item.pk, "assign", actor=worker, assignee=tenant)


def test_the_worker_resolves_with_a_photo_of_the_work(client, place, resident, worker):
    item = file(place, resident)
    workflow.perform(item.pk, "assign", actor=worker, assignee=worker)
    client.force_login(worker)
    response = client.post(
        reverse("requests:act", args=[item.pk]),
        {"action": "resolve", "outcome": "partly_fixed", "photos": [photo("修好.jpg")]},
    )
    assert response.status_code == 302
    event = item.events.get(action="resolve")
    assert event.photos.count() == 1 and Request.objects.get(pk=item.pk).outcome == "partly_fixed"
    # A bad photo refuses the whole action: the state does not move.
    other = file(place, resident)
    workflow.perform(other.pk, "assign", actor=worker, assignee=worker)
    client.post(
        reverse("requests:act", args=[other.pk]),
        {"action": "resolve", "photos": [SimpleUploadedFile("x.jpg", b"not a photo")]},
    )
    assert Request.objects.get(pk=other.pk).state == "assigned"
    assert not RequestPhoto.objects.filter(request=other).exists()


def test_a_sixty_four_megapixel_png_is_refused_before_decoding(place, resident):
    out = io.BytesIO()
    Image.new("1", (8_000, 8_000)).save(out, "PNG")  # 64 million pixels
    bomb = SimpleUploadedFile("big.png", out.getvalue(), content_type="image/png")
    assert len(out.getvalue()) < 100_000
    with pytest.raises(ValidationError) as error:
        file(place, resident, photos=[bomb])
    assert error.value.code == "too_large" and not Request.objects.exists()


def test_bulk_dispatch_offers_the_current_team_of_each_request(
    client, place, resident, building_head, worker
):
    gone = f.UserFactory(display_name="离职师傅")
    f.RoleAssignmentFactory(
        user=gone,
        role=RoleAssignment.Role.PROPERTY_STAFF,
        property_company=place.company,
        start=timezone.localdate() - timedelta(days=400),
        end=timezone.localdate() - timedelta(days=30),
    )
    file(place, resident)
    client.force_login(building_head)
    page = client.get(reverse("requests:queue") + "?scope=area")
    workers = page.context["workers"]
    assert worker in workers and gone not in workers


def test_a_year_out_of_range_falls_back_to_this_year(client, place, resident):
    client.force_login(resident)
    url = reverse("requests:hours_ranking", args=[place.compound.community_id])
    assert client.get(url + "?year=99999").status_code == 200


def test_a_retired_department_can_no_longer_act(place, resident, street_staff):
    from requests import services as rs

    department = rs.department_register(
        by=street_staff,
        street_office=place.compound.community.street_office,
        name="城管",
        kind="government",
    )
    person = rs.department_staff_add(
        by=street_staff, department=department, phone="+8613900000555", display_name="城管老周"
    ).user
    item = file(place, resident)
    escalate(item, 3)
    workflow.perform(item.pk, "whistle", actor=street_staff, department=department, note="请到场")
    Department.objects.filter(pk=department.pk).update(active=False)
    person = type(person).objects.get(pk=person.pk)  # fresh grants
    assert workflow.allowed_actions(person, Request.objects.get(pk=item.pk)) == []


def test_a_volunteer_does_not_take_their_own_help_order(place, volunteer):
    order = file(place, volunteer, kind="help", category=cat("other"), description="帮我搬东西")
    assert "claim" not in workflow.allowed_actions(volunteer, order)
    with pytest.raises((PermissionDenied, ValidationError)):
        workflow.perform(order.pk, "claim", actor=volunteer)


def test_filing_for_a_neighbour_in_a_compound_of_no_role_is_refused(
    client, place, building_head, tenant
):
    client.force_login(building_head)  # another compound: it does not exist for him
    url = reverse("requests:file_for") + f"?compound={place.other_compound.pk}"
    assert client.get(url).status_code == 404
    client.force_login(tenant)  # his own compound, where he files for nobody
    url = reverse("requests:file_for") + f"?compound={place.compound.pk}"
    assert client.get(url).status_code == 403


def test_time_limits_may_count_working_days_only(place, resident, settings):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from requests.deadlines import due_after

    shanghai = ZoneInfo("Asia/Shanghai")
    friday = datetime(2026, 2, 13, 16, 0, tzinfo=shanghai)
    assert due_after(friday, 24 * 60) == datetime(2026, 2, 14, 16, 0, tzinfo=shanghai)
    settings.REQUESTS_COUNT_WORKING_DAYS = True
    # The portal's calendar for 2026: Saturday 02-14 is worked (调休), 春节 is 02-15 to 02-23.
    # Friday 16:00 to midnight is 8 hours; Saturday is worked: 16 more hours.
    assert due_after(friday, 24 * 60) == datetime(2026, 2, 14, 16, 0, tzinfo=shanghai)
    # Two days: 8 h on Friday, 24 h on Saturday, then the holiday, so Tuesday 02-24 16:00.
    assert due_after(friday, 48 * 60) == datetime(2026, 2, 24, 16, 0, tzinfo=shanghai)
    item = file(place, resident)  # the stored deadlines use the same rule
    assert item.resolve_due == due_after(item.created_at, 72 * 60)


def test_the_workbench_filters_by_building(client, place, resident, committee_chair):
    other = f.BuildingFactory(compound=place.compound, name="19栋")
    here = file(place, resident)
    there = file(place, resident, building=other)
    client.force_login(committee_chair)
    page = client.get(reverse("requests:queue") + "?scope=area")
    assert "19栋" in page.content.decode().split('id="f-building"')[1].split("</select>")[0]
    filtered = client.get(reverse("requests:queue") + f"?scope=area&building={other.pk}")
    assert [r.pk for r in filtered.context["page"]] == [there.pk]
    assert here.pk not in [r.pk for r in filtered.context["page"]]


def test_filing_at_a_place_shows_open_requests_at_the_same_place(client, place, resident, tenant):
    gate = services.request_file(
        reporter=resident,
        compound=place.compound,
        category=cat(),
        description="东门的灯坏了",
        place="东门",
    )
    client.force_login(tenant)
    fragment = client.get(
        reverse("requests:new"),
        {"category": cat().pk, "where": "place", "place": "东门"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert f"#{gate.pk} " in fragment
    elsewhere = client.get(
        reverse("requests:new"),
        {"category": cat().pk, "where": "place", "place": "西门"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert f"#{gate.pk} " not in elsewhere


def test_the_area_view_never_lists_a_home_to_building_heads_or_committees(
    client, place, resident, building_head, supervisor, worker
):
    home = file(place, resident, building=None, unit=resident.residencies.get().unit)
    common = file(place, resident)
    for person, sees_home in [(building_head, False), (supervisor, False), (worker, True)]:
        client.force_login(person)
        page = client.get(reverse("requests:queue") + "?scope=area")
        shown = {r.pk for r in page.context["page"]} if page.status_code == 200 else set()
        assert (home.pk in shown) == sees_home, person
    client.force_login(building_head)
    shown = {r.pk for r in client.get(reverse("requests:queue") + "?scope=area").context["page"]}
    assert common.pk in shown


def test_a_utility_request_waits_in_the_committees_queue(client, place, resident, committee_chair):
    water = file(place, resident, category=cat("water"))
    assert water.handler_kind == "utility"
    client.force_login(committee_chair)
    page = client.get(reverse("requests:queue"))
    assert water.pk in [r.pk for r in page.context["page"]]
    assert page.context["counters"]["new"] == 1


def test_a_hand_over_gives_the_new_team_fresh_deadlines(place, resident, worker, housing_officer):
    item = file(place, resident)
    Request.objects.filter(pk=item.pk).update(
        accept_due=timezone.now() - timedelta(days=2),
        resolve_due=timezone.now() - timedelta(days=1),
    )
    workflow.perform(
        item.pk, "hand_over", actor=worker, handler_kind="housing_officer", note="楼内"
    )
    item.refresh_from_db()
    assert item.resolve_due > timezone.now() and item.escalation_due is None
    from requests.escalation import overdue

    assert item.pk not in set(overdue().values_list("pk", flat=True))


def test_whoever_filed_for_a_neighbour_hears_of_progress(place, building_head, worker):
    item = services.request_file(
        reporter=None,
        reporter_name="王奶奶",
        filed_by=building_head,
        channel="phone_call",
        compound=place.compound,
        building=place.building,
        category=cat(),
        description="灯坏了",
    )
    workflow.perform(item.pk, "assign", actor=worker, assignee=worker)
    workflow.perform(item.pk, "resolve", actor=worker)
    assert (
        Notification.objects.filter(recipient=building_head, event="request.changed").count() == 2
    )

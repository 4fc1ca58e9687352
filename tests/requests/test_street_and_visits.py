"""街道吹哨、部门报到, filing for a neighbour without a phone (代报), return visits (回访),
satisfaction per handler, HEIC photos and thumbnails made in the background."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from compounds import services as compound_services
from compounds.models import Department, RoleAssignment
from portal.notifications.models import Notification
from requests import queries, services, workflow
from requests.models import Request, RequestPhoto, ReturnVisit, Whistle
from requests.tasks import remind_whistles, thumbnail_sweep
from tests import factories as f
from tests.requests.test_workflow import cat, file

pytestmark = pytest.mark.django_db


def at_street_office(place, reporter):
    item = file(place, reporter)
    for _ in workflow.ESCALATION_LADDER:
        workflow.perform(item.pk, "escalate")
    item.refresh_from_db()
    assert item.handler_kind == "street_office"
    return item


@pytest.fixture
def water_company(place):
    office = place.compound.community.street_office
    department = compound_services.department_register(
        street_office=office, name="供水公司", kind="utility", hotline="96116"
    )
    person = compound_services.department_staff_add(
        department=department, phone="+8613900000300", display_name="水务老林"
    ).user
    return department, person


def test_the_street_office_summons_a_department_which_reports_in_and_responds(
    place, resident, street_staff, water_company
):
    department, person = water_company
    item = at_street_office(place, resident)
    assert workflow.allowed_actions(person, item) == []  # not summoned yet: no part in it
    with pytest.raises((PermissionDenied, ValidationError)):
        workflow.perform(item.pk, "report_in", actor=person)

    workflow.perform(
        item.pk, "whistle", actor=street_staff, department=department, note="请查明漏水点"
    )
    whistle = Whistle.objects.get()
    assert whistle.acknowledge_due - whistle.created_at == timedelta(hours=2)
    assert whistle.respond_due - whistle.created_at == timedelta(hours=72)
    assert Notification.objects.filter(recipient=person, event="request.summoned").exists()
    # The department's person now sees the request in "waiting for us" and may act on it.
    assert list(queries.queue(person)) == [item]
    assert set(workflow.allowed_actions(person, item)) == {"report_in", "respond"}

    workflow.perform(item.pk, "report_in", actor=person)
    item.refresh_from_db()
    assert workflow.allowed_actions(person, item) == ["respond"]
    workflow.perform(item.pk, "respond", actor=person, note="已更换阀门")
    whistle.refresh_from_db()
    assert whistle.acknowledged_by == person and whistle.response == "已更换阀门"
    assert workflow.allowed_actions(person, item) == []
    assert (
        Notification.objects.filter(recipient=street_staff, event="request.answered").count() == 2
    )
    # The reporter hears of each step too.
    assert Notification.objects.filter(recipient=resident, event="request.changed").count() >= 3

    row = next(r for r in queries.department_performance(department.street_office_id))
    assert (row["summoned"], row["acknowledged"], row["responded"], row["overdue"]) == (1, 1, 1, 0)
    assert row["ack_minutes"] == 0


def test_whistle_needs_the_street_office_level_a_reason_and_a_department_of_its_own(
    place, resident, street_staff, water_company
):
    department, _person = water_company
    early = file(place, resident)
    assert "whistle" not in workflow.allowed_actions(street_staff, early)
    with pytest.raises(ValidationError):
        workflow.perform(early.pk, "whistle", actor=street_staff, department=department, note="x")
    item = at_street_office(place, resident)
    with pytest.raises(ValidationError, match="原因|reason"):
        workflow.perform(item.pk, "whistle", actor=street_staff, department=department, note="")
    elsewhere = Department.objects.create(
        street_office=f.StreetOfficeFactory(), name="别处城管", kind="government"
    )
    with pytest.raises(ValidationError):
        workflow.perform(item.pk, "whistle", actor=street_staff, department=elsewhere, note="x")
    workflow.perform(item.pk, "whistle", actor=street_staff, department=department, note="x")
    with pytest.raises(ValidationError):  # once per department
        workflow.perform(item.pk, "whistle", actor=street_staff, department=department, note="y")
    assert Whistle.objects.count() == 1


def test_late_departments_are_reminded_once_and_counted_overdue(
    place, resident, street_staff, water_company
):
    department, person = water_company
    item = at_street_office(place, resident)
    workflow.perform(item.pk, "whistle", actor=street_staff, department=department, note="请报到")
    assert remind_whistles() == 0
    Whistle.objects.update(acknowledge_due=timezone.now() - timedelta(minutes=1))
    assert remind_whistles() == 1
    assert remind_whistles() == 0
    assert Notification.objects.filter(event="request.whistle_overdue", recipient=person).exists()
    row = queries.department_performance(department.street_office_id)[0]
    assert (row["waiting"], row["overdue"]) == (1, 1)


def test_department_people_see_only_what_was_sent_to_them(
    client, place, resident, street_staff, water_company
):
    department, person = water_company
    item = at_street_office(place, resident)
    other = at_street_office(place, resident)
    workflow.perform(item.pk, "whistle", actor=street_staff, department=department, note="请报到")
    client.force_login(person)
    assert client.get(reverse("requests:detail", args=[item.pk])).status_code == 200
    assert client.get(reverse("requests:detail", args=[other.pk])).status_code == 404
    page = client.get(reverse("requests:queue")).content.decode()
    assert f"#{item.pk} " in page and f"#{other.pk} " not in page
    assert client.get(reverse("requests:new")).status_code == 302  # no home: nothing to file
    response = client.post(
        reverse("requests:act", args=[item.pk]), {"action": "respond", "note": "明早到场"}
    )
    assert response.status_code == 302
    assert Whistle.objects.get().response == "明早到场"


def test_street_staff_register_departments_and_their_people(client, place, street_staff):
    office = place.compound.community.street_office
    url = reverse("requests:departments", args=[office.pk])
    client.force_login(street_staff)
    response = client.post(url, {"register": "1", "name": "城管执法队", "kind": "government"})
    assert response.status_code == 302
    department = Department.objects.get(name="城管执法队")
    again = client.post(url, {"register": "1", "name": "城管执法队", "kind": "government"})
    assert "已经登记" in again.content.decode() and Department.objects.count() == 1
    bad = client.post(
        url, {"add_staff": "1", "department": department.pk, "phone": "12345", "display_name": "x"}
    )
    assert bad.status_code == 200 and not RoleAssignment.objects.filter(department=department)
    client.post(
        url,
        {
            "add_staff": "1",
            "department": department.pk,
            "phone": "139 0000 0400",
            "display_name": "城管小张",
        },
    )
    role = RoleAssignment.objects.get(department=department)
    assert role.user.phone == "+8613900000400" and not role.user.has_usable_password()
    assert "城管小张" in client.get(url).content.decode()


def test_a_building_head_files_for_a_neighbour_without_a_phone(client, place, building_head):
    neighbour_home = f.UnitFactory(building=place.building, entrance="1单元", door="101")
    client.force_login(building_head)
    url = reverse("requests:file_for")
    page = client.get(url).content.decode()
    assert "1单元 101" in page
    response = client.post(
        url,
        {
            "compound": place.compound.pk,
            "resident_name": "1单元王奶奶",
            "channel": "in_person",
            "kind": "repair",
            "category": cat("water").pk,
            "where": f"unit:{neighbour_home.pk}",
            "description": "厨房水管漏水",
            "urgency": "normal",
        },
    )
    item = Request.objects.get()
    assert response.status_code == 302
    assert (item.reporter, item.reporter_name, item.filed_by, item.channel, item.unit) == (
        None,
        "1单元王奶奶",
        building_head,
        "in_person",
        neighbour_home,
    )
    assert "1单元王奶奶" in item.events.get().note
    detail = client.get(reverse("requests:detail", args=[item.pk])).content.decode()
    assert "1单元王奶奶" in detail


def test_filing_for_a_neighbour_refuses_bad_input_and_saves_nothing(
    client, place, building_head, resident, other_owner
):
    foreign_unit = other_owner.residencies.get().unit
    client.force_login(building_head)
    base = {
        "compound": place.compound.pk,
        "resident_name": "王奶奶",
        "channel": "phone_call",
        "kind": "repair",
        "category": cat().pk,
        "description": "灯坏了",
        "urgency": "normal",
    }
    url = reverse("requests:file_for")
    # A home of another compound is not among the choices.
    r = client.post(url, {**base, "where": f"unit:{foreign_unit.pk}"})
    assert r.status_code == 200 and "有效" in r.content.decode()
    r = client.post(url, {**base, "where": "place", "resident_phone": "13900009999"})
    assert "本小区没有这个手机号的住户" in r.content.decode()
    r = client.post(url, {**base, "where": "place", "place": "", "resident_name": ""})
    assert r.status_code == 200
    assert not Request.objects.exists()
    # The phone of a resident of the compound links the request to their account.
    client.post(url, {**base, "where": "place", "place": "东门", "resident_phone": "13800000001"})
    assert Request.objects.get().reporter == resident


def test_only_role_holders_and_staff_file_for_others(place, resident, building_head):
    with pytest.raises(PermissionDenied):
        services.request_file(
            reporter=None,
            reporter_name="王奶奶",
            filed_by=resident,
            channel="phone_call",
            compound=place.compound,
            building=place.building,
            category=cat(),
            description="灯坏了",
        )
    with pytest.raises(ValidationError):  # nobody named
        services.request_file(
            reporter=None,
            filed_by=building_head,
            channel="phone_call",
            compound=place.compound,
            building=place.building,
            category=cat(),
            description="灯坏了",
        )
    assert not Request.objects.exists()


def _filed_for(place, building_head, worker):
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
    workflow.perform(item.pk, "assign", actor=building_head, assignee=worker)
    workflow.perform(item.pk, "resolve", actor=worker)
    return item


def test_a_return_visit_closes_a_neighbours_request_with_their_rating(
    place, building_head, worker, resident
):
    item = _filed_for(place, building_head, worker)
    assert "confirm" not in workflow.allowed_actions(building_head, item)
    workflow.perform(item.pk, "return_visit", actor=building_head, reached=False)
    item.refresh_from_db()
    assert item.state == "resolved"  # nobody answered: still waiting
    with pytest.raises(ValidationError):
        workflow.perform(item.pk, "return_visit", actor=building_head, rating=9)
    workflow.perform(
        item.pk, "return_visit", actor=building_head, method="in_person", rating=4, note="挺好"
    )
    item.refresh_from_db()
    assert (item.state, item.rating, item.rating_comment) == ("closed", 4, "挺好")
    assert ReturnVisit.objects.filter(request=item).count() == 2
    with pytest.raises(PermissionDenied):  # a neighbour has no part in it
        workflow.perform(item.pk, "return_visit", actor=resident, rating=1)


def test_a_return_visit_never_overrides_a_residents_own_rating(
    place, resident, building_head, worker
):
    item = file(place, resident)
    workflow.perform(item.pk, "assign", actor=building_head, assignee=worker)
    workflow.perform(item.pk, "resolve", actor=worker)
    workflow.perform(item.pk, "return_visit", actor=building_head, rating=1, note="电话回访")
    item.refresh_from_db()
    assert (item.state, item.rating) == ("resolved", None)  # the resident still decides
    workflow.perform(item.pk, "confirm", actor=resident, rating=5)
    item.refresh_from_db()
    assert item.rating == 5


def test_satisfaction_per_handler(place, resident, building_head, worker):
    other_worker = f.UserFactory(display_name="李师傅")
    f.RoleAssignmentFactory(
        user=other_worker, role="property_staff", property_company=place.company
    )
    for who, stars in [(worker, 5), (worker, 4), (other_worker, 2)]:
        item = file(place, resident)
        workflow.perform(item.pk, "assign", actor=building_head, assignee=who)
        workflow.perform(item.pk, "resolve", actor=who)
        workflow.perform(item.pk, "confirm", actor=resident, rating=stars)
    rows = queries.satisfaction_by_handler(Request.objects.all())
    assert [(r["handler_id"], r["average"], r["rated"]) for r in rows] == [
        (worker.pk, 4.5, 2),
        (other_worker.pk, 2.0, 1),
    ]


def heic(width=640, height=480) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "HEIF")
    return SimpleUploadedFile("IMG_0001.HEIC", out.getvalue(), content_type="image/heic")


def test_heic_photos_are_converted_and_thumbnails_made_in_the_background(
    place, resident, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = file(place, resident, photos=[heic()])
    photo = RequestPhoto.objects.get(request=item)
    assert photo.image.name.endswith(".jpg")
    with Image.open(photo.image) as stored:
        assert stored.format == "JPEG" and stored.size == (640, 480)
    assert photo.thumbnail.name  # made by the task the commit queued
    with Image.open(photo.thumbnail) as thumb:
        assert max(thumb.size) == 480 and thumb.format == "JPEG"


def test_the_sweep_makes_thumbnails_that_were_never_queued(
    place, resident, monkeypatch, django_capture_on_commit_callbacks
):
    from portal import celery

    monkeypatch.setattr(celery, "enqueue_safely", lambda *a: False)  # the broker was down
    with django_capture_on_commit_callbacks(execute=True):
        item = file(place, resident, photos=[heic()])
    assert not RequestPhoto.objects.get(request=item).thumbnail
    assert thumbnail_sweep() == 1
    assert RequestPhoto.objects.get(request=item).thumbnail
    assert thumbnail_sweep() == 0


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_departments_page_and_the_neighbour_form_do_not_grow_with_data(
    client, place, resident, street_staff, building_head, water_company
):
    department, _person = water_company
    departments = reverse("requests:departments", args=[department.street_office_id])
    file_for = reverse("requests:file_for")

    made = []

    def grow(n):
        for _ in range(n):
            made.append(1)
            i = len(made)
            item = at_street_office(place, resident)
            workflow.perform(
                item.pk, "whistle", actor=street_staff, department=department, note="x"
            )
            f.UnitFactory(building=place.building, entrance="9单元", door=f"9{i:02d}")

    grow(1)
    client.force_login(street_staff)
    small = _queries(client, departments)
    client.force_login(building_head)
    small_form = _queries(client, file_for)
    grow(10)
    client.force_login(street_staff)
    assert _queries(client, departments) == small
    client.force_login(building_head)
    assert _queries(client, file_for) == small_form


def test_the_committee_edits_the_categories_and_time_limits(
    client, place, committee_chair, resident
):
    from requests.models import Category, ServiceLevel

    url = reverse("requests:rules", args=[place.compound.pk])
    client.force_login(committee_chair)
    assert "照明" in client.get(url).content.decode()  # the defaults, read only
    client.post(url, {"customise": "1"})
    client.post(url, {"customise": "1"})  # once only
    own = list(Category.objects.filter(compound=place.compound).order_by("order"))
    assert len(own) == 13
    used = file(place, resident, category=own[0])  # 照明 is now in use
    data = {
        "categories": "1",
        "form-TOTAL_FORMS": str(len(own) + 1),
        "form-INITIAL_FORMS": str(len(own)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "40",
    }
    for i, c in enumerate(own):
        data |= {
            f"form-{i}-id": c.pk,
            f"form-{i}-name": c.name,
            f"form-{i}-route": c.route,
            f"form-{i}-hotline": c.hotline,
            f"form-{i}-order": c.order,
        }
    n = len(own)
    data |= {f"form-{n}-name": "燃气", f"form-{n}-route": "utility", f"form-{n}-hotline": "96777"}
    data |= {f"form-{n}-order": "20", "form-11-route": "property"}  # 噪音/油烟 to the company
    response = client.post(url, data)
    assert response.status_code == 302
    gas = Category.objects.get(compound=place.compound, name="燃气")
    assert gas.code.startswith("custom-") and gas.route == "utility"
    assert Category.objects.get(compound=place.compound, code="noise").route == "property"
    # Filing now offers the compound's own set, and routes by it.
    gas_leak = file(place, resident, category=gas)
    assert gas_leak.handler_kind == "utility"
    assert [c.name for c in services.categories_for(place.compound)][-1] == "燃气"
    # A category in use cannot be deleted; nothing else of that save is applied.
    refused = client.post(url, data | {"form-0-DELETE": "on", "form-1-name": "改名"}, follow=True)
    assert "不能删除" in refused.content.decode()
    assert Category.objects.filter(pk=used.category_id).exists()
    assert not Category.objects.filter(name="改名").exists()

    bad = client.post(
        url,
        {
            "levels": "1",
            "emergency_accept": "2",
            "emergency_resolve": "1",
            "normal_accept": "24",
            "normal_resolve": "72",
        },
    )
    assert bad.status_code == 200 and not ServiceLevel.objects.exists()
    client.post(
        url,
        {
            "levels": "1",
            "emergency_accept": "0.5",
            "emergency_resolve": "12",
            "normal_accept": "24",
            "normal_resolve": "48",
        },
    )
    emergency = file(place, resident, urgency="emergency")
    assert emergency.resolve_due - emergency.created_at == timedelta(hours=12)
    client.force_login(resident)
    assert client.get(url).status_code == 403

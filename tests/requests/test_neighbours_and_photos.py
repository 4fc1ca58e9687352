"""Filing for a neighbour without a phone (代报), return visits (回访), satisfaction per
handler, HEIC photos and thumbnails made in the background, the committee's rules."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from requests import queries, services, workflow
from requests.models import Request, RequestPhoto, ReturnVisit
from requests.tasks import thumbnail_sweep
from tests import factories as f
from tests.requests.test_workflow import cat, file

pytestmark = pytest.mark.django_db


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
    # The close goes through the workflow's table: its own step on the timeline.
    steps = list(item.events.values_list("action", "from_state", "to_state"))
    assert steps[-2:] == [
        ("return_visit", "resolved", "resolved"),
        ("close_by_visit", "resolved", "closed"),
    ]
    assert "close_by_visit" not in workflow.allowed_actions(building_head, item)
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
    from requests import photos

    monkeypatch.setattr(photos, "enqueue_safely", lambda *a: False)  # the broker was down
    with django_capture_on_commit_callbacks(execute=True):
        item = file(place, resident, photos=[heic()])
    assert not RequestPhoto.objects.get(request=item).thumbnail
    assert thumbnail_sweep() == 0  # younger than half a minute: its own task's
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        assert thumbnail_sweep() == 1  # the next minute's sweep, not the next hour's
    assert RequestPhoto.objects.get(request=item).thumbnail
    assert thumbnail_sweep() == 0


def test_the_thumbnail_sweep_runs_on_beat_every_minute():
    from portal.celery import app

    schedules = {e["task"]: e["schedule"] for e in app.conf.beat_schedule.values()}
    assert schedules["requests.thumbnail_sweep"] <= 60


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
    assert [c.name for c in queries.categories_for(place.compound)][-1] == "燃气"
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

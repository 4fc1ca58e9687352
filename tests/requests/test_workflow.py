"""The request workflow: routing, deadlines, who may do what, and claims under contention."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.utils import timezone

from requests import escalation, services, workflow
from requests.models import Category, Follower, Request, RequestEvent, ServiceLevel
from tests import factories as f
from tests.compounds.test_services import photo

pytestmark = pytest.mark.django_db


def cat(code="lighting"):
    return Category.objects.get(compound=None, code=code)


def file(place, reporter, **extra):
    data = {
        "reporter": reporter,
        "compound": place.compound,
        "building": place.building,
        "category": cat(),
        "description": "楼梯口灯坏了，能派人来修吗？",
        **extra,
    }
    return services.request_file(**data)


def escalate(item, times=1, **data):
    """Let the request's current time limit run out, then escalate it: the workflow
    escalates only a request that is due."""
    for _rung in range(times):
        Request.objects.filter(pk=item.pk).update(
            accept_due=timezone.now() - timedelta(hours=1),
            escalation_due=timezone.now() - timedelta(minutes=1),
        )
        workflow.perform(item.pk, "escalate", **data)


def test_routing_follows_the_compounds_rules(place, resident):
    assert file(place, resident).handler_kind == "property"
    assert file(place, resident, category=cat("water")).handler_kind == "utility"
    # A building matter goes to its 房管员 — where the building has one.
    assert file(place, resident, category=cat("noise")).handler_kind == "property"
    f.BuildingRoleFactory(
        building=place.building, holder=f.UserFactory(), kind=f.role_kind("housing_officer")
    )
    assert file(place, resident, category=cat("noise")).handler_kind == "housing_officer"
    assert file(place, resident, kind="help").handler_kind == "volunteers"
    place.compound.management, place.compound.property_company = "self_managed", None
    place.compound.save()
    assert file(place, resident).handler_kind == "self_management"
    place.compound.management = "none"
    place.compound.save()
    assert file(place, resident).handler_kind == "committee"


def test_deadlines_are_stored_from_the_service_level(place, resident):
    emergency = file(place, resident, urgency="emergency")
    assert emergency.accept_due - emergency.created_at == timedelta(minutes=30)
    assert emergency.resolve_due - emergency.created_at == timedelta(hours=24)
    normal = file(place, resident)
    assert normal.resolve_due - normal.created_at == timedelta(hours=72)
    ServiceLevel.objects.create(
        compound=place.compound, urgency="normal", accept_minutes=60, resolve_minutes=600
    )
    custom = file(place, resident)
    assert custom.accept_due - custom.created_at == timedelta(hours=1)


def test_the_whole_happy_path_writes_an_event_per_step(place, resident, building_head, worker):
    item = file(place, resident)
    workflow.perform(item.pk, "accept", actor=building_head)
    workflow.perform(item.pk, "assign", actor=building_head, assignee=worker)
    workflow.perform(item.pk, "start", actor=worker)
    workflow.perform(item.pk, "resolve", actor=worker, outcome="fixed")
    workflow.perform(item.pk, "confirm", actor=resident, rating=5, comment="修得快")
    item.refresh_from_db()
    assert (item.state, item.rating, item.outcome) == ("closed", 5, "fixed")
    assert list(item.events.values_list("action", flat=True)) == [
        "file",
        "accept",
        "assign",
        "start",
        "resolve",
        "confirm",
    ]
    assert list(item.events.values_list("to_state", flat=True))[-1] == "closed"


def test_people_without_a_part_may_not_act(place, resident, tenant, worker):
    item = file(place, resident)
    with pytest.raises(PermissionDenied):
        workflow.perform(item.pk, "accept", actor=tenant)
    with pytest.raises(PermissionDenied):
        workflow.perform(item.pk, "accept", actor=resident)  # the reporter does not triage
    with pytest.raises(PermissionDenied):
        workflow.perform(item.pk, "escalate", actor=worker)  # only the system escalates
    with pytest.raises(ValidationError):
        workflow.perform(item.pk, "confirm", actor=resident, rating=5)  # not resolved yet
    assert item.events.count() == 1


def test_reject_needs_a_reason_and_the_reporter_appeals_once(
    place, resident, building_head, worker, committee_chair
):
    item = file(place, resident)
    with pytest.raises(ValidationError):
        workflow.perform(item.pk, "reject", actor=worker)
    with pytest.raises(PermissionDenied):  # a dispatcher accepts and dispatches, never rejects
        workflow.perform(item.pk, "reject", actor=building_head, note="不归我们管")
    Request.objects.filter(pk=item.pk).update(accept_due=timezone.now() - timedelta(days=3))
    workflow.perform(item.pk, "reject", actor=worker, note="不属于物业维修范围")
    workflow.perform(item.pk, "appeal", actor=resident, note="楼道公共照明应该修")
    item.refresh_from_db()
    assert (item.state, item.handler_kind, item.appealed) == ("submitted", "committee", True)
    # The committee takes it up with fresh time limits on the first rung of the ladder.
    assert item.accept_due > timezone.now() and item.escalation_level == 1
    with pytest.raises(PermissionDenied):  # whoever rejected it cannot reject the appeal
        workflow.perform(item.pk, "reject", actor=worker, note="还是不修")
    workflow.perform(item.pk, "reject", actor=committee_chair, note="业委会认为不属实")
    assert "appeal" not in workflow.allowed_actions(resident, Request.objects.get(pk=item.pk))


def test_reopen_only_within_seven_days(place, resident, worker):
    item = file(place, resident)
    workflow.perform(item.pk, "assign", actor=worker, assignee=worker)
    workflow.perform(item.pk, "resolve", actor=worker, outcome="partly_fixed")
    Request.objects.filter(pk=item.pk).update(resolved_at=timezone.now() - timedelta(days=8))
    with pytest.raises(ValidationError):
        workflow.perform(item.pk, "reopen", actor=resident, note="还是不亮")
    Request.objects.filter(pk=item.pk).update(resolved_at=timezone.now() - timedelta(days=6))
    workflow.perform(item.pk, "reopen", actor=resident, note="还是不亮")
    assert Request.objects.get(pk=item.pk).state == "in_progress"


def test_escalation_climbs_the_ladder_one_level_at_a_time(place, resident):
    item = file(place, resident, urgency="emergency")
    with pytest.raises(ValidationError):  # nothing is late yet
        workflow.perform(item.pk, "escalate")
    for kind in ["committee", "community", "street_office"]:
        escalate(item)
        assert Request.objects.get(pk=item.pk).handler_kind == kind
    with pytest.raises(ValidationError):
        escalate(item)
    assert Request.objects.get(pk=item.pk).escalation_level == 3


def test_events_are_append_only(place, resident):
    event = file(place, resident).events.get()
    event.note = "改写"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert RequestEvent.objects.get(pk=event.pk).note == ""


def test_followers_hear_of_changes_like_the_reporter(place, resident, tenant, building_head):
    from portal.notifications.models import Notification

    item = file(place, resident)
    services.request_follow(request=item, user=tenant)
    with pytest.raises(ValidationError):
        services.request_follow(request=item, user=tenant)
    workflow.perform(item.pk, "accept", actor=building_head)
    told = set(
        Notification.objects.filter(event="request.changed").values_list("recipient_id", flat=True)
    )
    assert told == {resident.pk, tenant.pk}
    assert Follower.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"description": "x" * 100_000}, "description"),
        ({"description": "   "}, "description"),
        ({"photos": [photo() for _ in range(5)]}, "photos"),
        ({"photos": [SimpleUploadedFile("a.jpg", b"just text, renamed")]}, "not_image"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(place, resident, extra, code):
    with pytest.raises(ValidationError) as error:
        file(place, resident, **extra)
    assert error.value.code == code
    assert not Request.objects.exists() and not RequestEvent.objects.exists()


def test_filing_for_a_unit_of_another_compound_is_refused(place, resident, other_owner):
    foreign = other_owner.residencies.get().unit
    with pytest.raises(ValidationError):
        file(place, resident, building=None, unit=foreign)
    assert not Request.objects.exists()


def test_script_in_the_description_is_shown_escaped(client, place, resident):
    item = file(place, resident, description="<script>alert('x')</script>灯坏了")
    client.force_login(resident)
    html = client.get(f"/requests/{item.pk}/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def concurrent_place():
    """A compound, a building and a resident for a test of row locks: on PostgreSQL only,
    in a transactional test (the flush between such tests empties the default rows)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")
    from compounds.services import ensure_default_kinds
    from requests.defaults import ensure_default_categories

    ensure_default_kinds()
    ensure_default_categories()
    compound = f.CompoundFactory()
    building = f.BuildingFactory(compound=compound)
    return compound, building, f.ResidencyFactory(unit=f.UnitFactory(building=building)).user


@pytest.mark.django_db(transaction=True)
def test_twenty_volunteers_claim_at_once_and_exactly_one_wins():
    compound, building, reporter = concurrent_place()
    item = services.request_file(
        reporter=reporter,
        compound=compound,
        building=building,
        kind="help",
        category=cat("other"),
        description="帮忙买菜",
    )
    volunteers = [f.UserFactory() for _ in range(20)]
    for volunteer in volunteers:
        f.RoleAssignmentFactory(user=volunteer, role="volunteer", compound=compound)
    barrier = threading.Barrier(20)
    outcomes = []

    def claim(volunteer):
        try:
            barrier.wait()
            workflow.perform(item.pk, "claim", actor=volunteer)
            outcomes.append("won")
        except ValidationError:
            outcomes.append("taken")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(v,)) for v in volunteers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("won") == 1 and outcomes.count("taken") == 19
    assert RequestEvent.objects.filter(request=item, action="claim").count() == 1


def test_an_emergency_left_alone_climbs_to_the_street_office(place, resident, street_staff):
    from requests.tasks import escalate_overdue

    item = file(place, resident, urgency="emergency")
    assert escalate_overdue() == 0  # nothing is late yet
    # Advance the clock: move the stored deadlines into the past.
    Request.objects.filter(pk=item.pk).update(accept_due=timezone.now() - timedelta(minutes=1))
    assert escalate_overdue() == 1
    assert escalate_overdue() == 0  # the committee has its own deadline first
    for expected in ["community", "street_office"]:
        Request.objects.filter(pk=item.pk).update(
            escalation_due=timezone.now() - timedelta(minutes=1)
        )
        assert escalate_overdue() == 1
        assert Request.objects.get(pk=item.pk).handler_kind == expected
    Request.objects.filter(pk=item.pk).update(escalation_due=timezone.now() - timedelta(days=1))
    assert escalate_overdue() == 0  # the top of the ladder
    assert (
        list(item.events.filter(action="escalate").values_list("note", flat=True))
        == [escalation.AUTO_NOTE] * 3
    )
    from requests.permissions import parties_of

    assert "team" in parties_of(street_staff, Request.objects.get(pk=item.pk))


def test_accepted_in_time_is_not_escalated_until_the_resolve_deadline(
    place, resident, building_head
):
    from requests.tasks import escalate_overdue

    item = file(place, resident)
    workflow.perform(item.pk, "accept", actor=building_head)
    Request.objects.filter(pk=item.pk).update(accept_due=timezone.now() - timedelta(hours=1))
    assert escalate_overdue() == 0
    Request.objects.filter(pk=item.pk).update(resolve_due=timezone.now() - timedelta(hours=1))
    assert escalate_overdue() == 1


def test_resolved_requests_close_themselves_after_seven_days(place, resident, worker):
    from requests.tasks import auto_close

    item = file(place, resident)
    workflow.perform(item.pk, "assign", actor=worker, assignee=worker)
    workflow.perform(item.pk, "resolve", actor=worker)
    assert auto_close() == 0
    Request.objects.filter(pk=item.pk).update(resolved_at=timezone.now() - timedelta(days=8))
    assert auto_close() == 1
    assert Request.objects.get(pk=item.pk).state == "closed"


def _bomb_png(side: int = 30_000) -> bytes:
    """A PNG that claims 30,000 × 30,000 pixels in a few hundred bytes."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (side // 8 + 1) * 16)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        # 30 MB: a JPEG start followed by padding; refused by size before decoding.
        (lambda: b"\xff\xd8\xff\xe0" + b"\x00" * (30 * 2**20), "照片超过 10 MB"),
        (lambda: b"just a text file, renamed", "不是照片"),
        (_bomb_png, "图片太大"),
    ],
    ids=["30MB", "text-renamed-jpg", "decompression-bomb"],
)
def test_bad_photos_through_the_form_get_a_chinese_message_and_save_nothing(
    client, place, resident, upload, message
):
    client.force_login(resident)
    response = client.post(
        f"/requests/new/?building={place.building.pk}",
        {
            "kind": "repair",
            "category": cat().pk,
            "where": f"building:{place.building.pk}",
            "description": "楼梯口灯坏了",
            "urgency": "normal",
            "photos": [SimpleUploadedFile("灯.jpg", upload(), content_type="image/jpeg")],
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Request.objects.exists() and not RequestEvent.objects.exists()


def test_a_100000_character_description_through_the_form_is_refused(client, place, resident):
    client.force_login(resident)
    response = client.post(
        "/requests/new/",
        {
            "kind": "repair",
            "category": cat().pk,
            "where": f"building:{place.building.pk}",
            "description": "灯" * 100_000,
            "urgency": "normal",
        },
    )
    assert response.status_code == 200 and "2000" in response.content.decode()
    assert not Request.objects.exists()

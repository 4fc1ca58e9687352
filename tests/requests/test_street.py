"""街道吹哨、部门报到: departments summoned by the street office, who report in and
respond by stored deadlines, their people's scope, and the departments page."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from compounds.models import Department, RoleAssignment
from portal.notifications.models import Notification
from requests import queries, services, workflow
from requests.models import Whistle
from requests.tasks import remind_whistles
from tests import factories as f
from tests.requests.test_workflow import escalate, file

pytestmark = pytest.mark.django_db


def at_street_office(place, reporter):
    item = file(place, reporter)
    escalate(item, len(workflow.ESCALATION_LADDER))
    item.refresh_from_db()
    assert item.handler_kind == "street_office"
    return item


@pytest.fixture
def water_company(place, street_staff):
    office = place.compound.community.street_office
    department = services.department_register(
        by=street_staff, street_office=office, name="供水公司", kind="utility", hotline="96116"
    )
    person = services.department_staff_add(
        by=street_staff, department=department, phone="+8613900000300", display_name="水务老林"
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
    # The reporter hears of each step too, as what happened (the state stays the same).
    steps = Notification.objects.filter(recipient=resident, event="request.progress")
    assert steps.count() == 3  # summoned, reported in, responded
    assert not Notification.objects.filter(recipient=resident, event="request.changed").exists()

    row = next(r for r in queries.department_performance(department.street_office_id))
    assert (row["summoned"], row["acknowledged"], row["responded"], row["overdue"]) == (1, 1, 1, 0)
    assert row["ack_minutes"] == 0


def test_whistle_needs_the_street_office_level_a_reason_and_a_department_of_its_own(
    place, resident, street_staff, water_company
):
    department, _person = water_company
    early = file(place, resident)
    assert "whistle" not in workflow.allowed_actions(street_staff, early)
    with pytest.raises(PermissionDenied):  # the street office does not handle it yet
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

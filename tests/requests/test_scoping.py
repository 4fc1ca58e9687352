"""Each page of the requests app fetches as the user: what lies outside the user's scope
does not exist for them (404), what they see but may not do is refused (403), and a
refused change leaves nothing behind."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from compounds.models import Compound
from requests import permissions, services, workflow
from requests.models import Request, ServiceRecord
from requests.permissions import Party
from tests import factories as f
from tests.requests.test_workflow import cat, file

pytestmark = pytest.mark.django_db


def _help_order_done(place, resident, volunteer, hours="2"):
    order = file(place, resident, kind="help", category=cat("other"), description="陪诊")
    workflow.perform(order.pk, "claim", actor=volunteer)
    workflow.perform(order.pk, "resolve", actor=volunteer)
    order.refresh_from_db()
    services.service_hours_record(request=order, volunteer=volunteer, hours=hours)
    return order


def test_volunteer_hours_are_read_only_by_the_communitys_own_people(
    client, place, resident, volunteer, other_owner, street_staff
):
    _help_order_done(place, resident, volunteer)
    url = reverse("requests:hours_ranking", args=[place.compound.community_id])
    for person in (resident, volunteer, street_staff):
        client.force_login(person)
        page = client.get(url)
        assert page.status_code == 200 and "赵卫东" in page.content.decode()
    client.force_login(other_owner)  # another community: its names and hours stay there
    page = client.get(url)
    assert page.status_code == 404 and "赵卫东" not in page.content.decode()
    elsewhere = f.CommunityFactory()
    client.force_login(resident)
    assert client.get(reverse("requests:hours_ranking", args=[elsewhere.pk])).status_code == 404


def test_the_hours_filters_ignore_what_is_not_a_year_or_a_month(client, place, resident):
    client.force_login(resident)
    url = reverse("requests:hours_ranking", args=[place.compound.community_id])
    for query in ("?year=²", "?month=²", "?year=99999999999999999999", "?month=13&year=-1"):
        assert client.get(url + query).status_code == 200, query


def test_a_street_office_exists_only_for_its_own_staff(
    client, place, resident, street_staff, community_staff, committee_chair
):
    office = place.compound.community.street_office
    url = reverse("requests:departments", args=[office.pk])
    for person in (resident, community_staff, committee_chair):
        client.force_login(person)
        assert client.get(url).status_code == 404, person
        assert (
            client.post(url, {"register": "1", "name": "城管", "kind": "government"}).status_code
            == 404
        )
    assert not office.departments.exists()
    client.force_login(street_staff)
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("requests:departments", args=[f.StreetOfficeFactory().pk])).status_code
        == 404
    )


def test_a_worker_whose_contract_ended_can_no_longer_open_or_resolve_his_requests(
    client, place, resident, worker, building_head
):
    item = file(place, resident)
    workflow.perform(item.pk, "assign", actor=building_head, assignee=worker)
    client.force_login(worker)
    detail = reverse("requests:detail", args=[item.pk])
    assert client.get(detail).status_code == 200
    Compound.objects.filter(pk=place.compound.pk).update(
        contract_start=date(2020, 1, 1), contract_end=timezone.localdate() - timedelta(days=1)
    )
    assert client.get(detail).status_code == 404
    response = client.post(reverse("requests:act", args=[item.pk]), {"action": "resolve"})
    assert response.status_code == 404
    assert Request.objects.get(pk=item.pk).state == "assigned"
    home = client.get(reverse("site:home")).content.decode()
    assert place.compound.name not in home  # nor is the compound his any more


def test_refused_posts_are_statuses_and_change_nothing(
    client, place, resident, tenant, worker, volunteer, building_head
):
    repair = file(place, resident)
    client.force_login(tenant)  # a neighbour: sees the common-area repair, may do nothing
    for name, data in [
        ("requests:claim", {}),
        ("requests:record_hours", {"hours": "2"}),
        ("requests:act", {"action": "accept"}),
    ]:
        response = client.post(reverse(name, args=[repair.pk]), data)
        assert response.status_code == 403, name
    response = client.post(
        reverse("requests:bulk_dispatch"), {"request": [repair.pk], "assignee": worker.pk}
    )
    assert response.status_code == 403
    assert Request.objects.get(pk=repair.pk).state == "submitted"
    order = _help_order_done(place, resident, volunteer)
    client.force_login(building_head)  # sees the help order; did not serve it
    response = client.post(reverse("requests:record_hours", args=[order.pk]), {"hours": "3"})
    assert response.status_code == 403 and ServiceRecord.objects.count() == 1
    page = client.post(reverse("requests:claim", args=[repair.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "志愿者" in page.content.decode()  # the 403 page says who may


def test_ids_that_are_not_ids_are_not_errors(client, place, resident, building_head, street_staff):
    client.force_login(building_head)
    queue = reverse("requests:queue")
    for query in ("?building=²", "?category=²", "?state=²", "?scope=²", "?building=1" + "0" * 20):
        assert client.get(queue + query).status_code == 200, query
    bulk = client.post(reverse("requests:bulk_dispatch"), {"request": ["²"], "assignee": "²"})
    assert bulk.status_code == 302
    client.force_login(resident)
    assert client.get(reverse("requests:new") + "?building=²").status_code == 200
    assert client.get("/requests/" + "9" * 20 + "/").status_code == 404
    missing = client.get("/requests/999999/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert missing.status_code == 404
    assert "没有找到这个页面" in missing.content.decode()  # the portal's page, in Chinese
    client.force_login(street_staff)
    for query in ("?compound=²", "?compound=" + "9" * 20):
        assert client.get(reverse("requests:file_for") + query).status_code == 200, query


def test_a_move_that_is_not_yours_is_refused_before_its_state_or_its_fields(
    client, place, resident, tenant, supervisor, worker
):
    """Who may comes first: a neighbour posting the handler's or the reporter's moves, or
    a supervisor dispatching to nobody in particular, is refused (403), never told that the
    request "cannot be done now" or that a field is wrong."""
    item = file(place, resident)
    act = reverse("requests:act", args=[item.pk])
    client.force_login(tenant)
    for data in (
        {"action": "start"},
        {"action": "confirm", "rating": "5"},
        {"action": "resolve"},
        {"action": "reject"},  # needs a reason too: still 403 first
    ):
        assert client.post(act, data).status_code == 403, data
    client.force_login(supervisor)
    assert client.post(act, {"action": "assign", "assignee": "²"}).status_code == 403
    client.force_login(worker)  # the handler's team: bad input is a message, not a refusal
    assert client.post(act, {"action": "assign", "assignee": "²"}).status_code == 302
    assert Request.objects.get(pk=item.pk).state == "submitted"


def test_bulk_dispatch_with_nothing_of_yours_is_refused(
    client, place, resident, volunteer, supervisor, worker, building_head
):
    item = file(place, resident)
    data = {"request": [item.pk], "assignee": worker.pk}
    for person in (volunteer, supervisor):  # they have a workbench, not this request
        client.force_login(person)
        assert client.post(reverse("requests:bulk_dispatch"), data).status_code == 403
    assert Request.objects.get(pk=item.pk).state == "submitted"
    client.force_login(building_head)
    assert client.post(reverse("requests:bulk_dispatch"), data).status_code == 302
    assert Request.objects.get(pk=item.pk).handler == worker


def test_the_rules_services_enforce_the_pages_rule(place, resident, street_staff, committee_chair):
    from django.core.exceptions import PermissionDenied

    office = place.compound.community.street_office
    with pytest.raises(PermissionDenied):
        services.categories_customise(place.compound, by=resident)
    with pytest.raises(PermissionDenied):
        services.service_levels_set(place.compound, {"normal": (60, 120)}, by=street_staff)
    with pytest.raises(PermissionDenied):
        services.department_register(
            by=committee_chair, street_office=office, name="城管", kind="government"
        )
    assert services.categories_customise(place.compound, by=committee_chair)
    department = services.department_register(
        by=street_staff, street_office=office, name="城管", kind="government"
    )
    with pytest.raises(PermissionDenied):  # another street office's staff
        other = f.UserFactory()
        f.RoleAssignmentFactory(
            user=other, role="street_staff", street_office=f.StreetOfficeFactory()
        )
        services.department_staff_add(
            by=other, department=department, phone="+8613900000777", display_name="x"
        )


def test_a_filer_whose_role_ended_keeps_no_part(place, building_head, worker):
    from compounds.models import BuildingRole
    from compounds.standing import forget_standing

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
    assert permissions.parties_of(building_head, item) >= {Party.FILER}
    BuildingRole.objects.filter(holder=building_head).update(
        end=timezone.localdate() - timedelta(days=1)
    )
    forget_standing(building_head)
    assert permissions.parties_of(building_head, item) == set()

"""A compound's audit log (issue 16, item 9): its supervisory committee and the staff in
scope read it, newest first, filtered by what, who, when and object, and export it as a
formula-safe CSV; nobody else finds it; its queries do not grow with the events."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compounds import services
from compounds.models import Residency
from portal.audit import audit
from portal.models import AuditEvent
from tests import factories as f

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _url(compound, name="site:audit_log") -> str:
    return reverse(name, args=[compound.pk])


def _verified_home(place, reviewer, door="909"):
    pending = f.ResidencyFactory(
        unit=f.UnitFactory(building=place.building, entrance="2单元", door=door),
        status=Residency.Status.PENDING,
    )
    return services.residency_verify(reviewer=reviewer, residency=pending)


def _page(client, user, compound, **params):
    client.force_login(user)
    return client.get(_url(compound), params, **ZH)


@pytest.mark.parametrize("reader", ["supervisor", "street_staff", "community_staff"])
def test_readers_see_who_did_what_to_which_home(client, request, place, committee_chair, reader):
    _verified_home(place, committee_chair)
    response = _page(client, request.getfixturevalue(reader), place.compound)
    assert response.status_code == 200
    html = response.content.decode()
    assert "周明华" in html  # the actor, by name
    assert "18栋 2单元 909" in html  # the home
    assert "待审核" in html and "已通过审核" in html  # old → new status, in words
    assert "+86" not in html and "13800000003" not in html


@pytest.mark.parametrize(
    "persona", ["resident", "committee_chair", "building_head", "worker", "other_owner"]
)
def test_nobody_else_finds_the_log(client, request, place, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(_url(place.compound)).status_code == 404
    assert client.get(_url(place.compound, "site:audit_log_csv")).status_code == 404


def test_staff_of_another_street_office_do_not_find_it(client, place):
    stranger = f.UserFactory()
    f.RoleAssignmentFactory(
        user=stranger, role="street_staff", street_office=f.StreetOfficeFactory()
    )
    client.force_login(stranger)
    assert client.get(_url(place.compound)).status_code == 404


def test_only_this_compounds_events_newest_first(client, place, supervisor, committee_chair):
    older = _verified_home(place, committee_chair, door="901")
    newer = _verified_home(place, committee_chair, door="902")
    elsewhere = f.ResidencyFactory(unit=f.UnitFactory(building=f.BuildingFactory(
        compound=place.other_compound)))  # fmt: skip
    audit(actor=committee_chair, code="compounds.residency.verified", target=elsewhere)
    html = _page(client, supervisor, place.compound).content.decode()
    assert html.index("18栋 2单元 902") < html.index("18栋 2单元 901")
    assert 'data-code="compounds.residency.verified"' in html
    assert html.count('data-code="') == 2, (older, newer)


def test_filters_by_what_who_when_and_object(client, place, supervisor, committee_chair):
    home = _verified_home(place, committee_chair)
    audit(actor=supervisor, code="finance.entry.approve", target=place.compound,
          compound=place.compound)  # fmt: skip

    def rows(**p) -> int:
        html = _page(client, supervisor, place.compound, **p).content.decode()
        return html.count('data-code="')

    assert rows() == 2
    assert rows(what="residencies") == 1
    assert rows(what="finance") == 1
    assert rows(who=committee_chair.pk) == 1
    today = timezone.localdate()
    assert rows(since=today.isoformat(), until=today.isoformat()) == 2
    assert rows(since=(today + timedelta(days=1)).isoformat()) == 0
    assert rows(kind="compounds.residency", number=home.pk) == 1
    assert rows(kind="compounds.residency", number=home.pk + 1000) == 0


@pytest.mark.parametrize(
    "params",
    [
        {"what": "nonsense"},
        {"who": "x"},
        {"who": "99999999"},
        {"since": "2026-13-01"},
        {"since": "2026-05-02", "until": "2026-05-01"},
        {"number": "5"},
        {"kind": "portal.user"},
        {"page": "abc"},
        {"since": "0001-01-01"},
        {"who": "\x00"},
    ],
)
def test_bad_filters_give_a_message_never_a_500(client, place, supervisor, params):
    response = _page(client, supervisor, place.compound, **params)
    assert response.status_code == 200
    csv_response = client.get(_url(place.compound, "site:audit_log_csv"), params)
    assert csv_response.status_code in (200, 400)


def test_csv_has_a_bom_the_same_filters_and_no_formulas(client, place, supervisor, committee_chair):
    _verified_home(place, committee_chair)
    body = f.BodyFactory(compound=place.compound, kind="owners_committee", term_number=2)
    evil = f.UserFactory(display_name='=HYPERLINK("http://x")')
    services.membership_add(body=body, user=evil, by=committee_chair)
    client.force_login(supervisor)
    response = client.get(_url(place.compound, "site:audit_log_csv"), {"what": "roles"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    data = b"".join(response.streaming_content)
    assert data.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(lines) == 2  # the header and the one seat: the home's event is filtered out
    assert all(not cell.startswith("=") for cell in lines[1])
    assert any(cell.startswith("'=HYPERLINK") for cell in lines[1])


def _events(place, actor, n, first=0):
    """n events of a mix of kinds, on n objects."""
    for i in range(first, first + n):
        unit = f.UnitFactory(building=place.building, entrance="9单元", door=f"{i}")
        residency = f.ResidencyFactory(unit=unit)
        audit(actor=actor, code="compounds.residency.verified", target=residency,
              old={"status": "pending"}, new={"status": "verified"})  # fmt: skip
        audit(actor=actor, code="requests.service_levels.set", target=place.compound,
              old={"normal": [60, 600]}, new={"normal": [30, 600]})  # fmt: skip


def _queries(client, place, reader) -> int:
    client.force_login(reader)
    client.get(_url(place.compound))  # warm the standing cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(_url(place.compound))
    assert response.status_code == 200
    return len(ctx)


def test_the_page_costs_the_same_at_two_sizes(client, place, supervisor, committee_chair):
    _events(place, committee_chair, 3)
    small = _queries(client, place, supervisor)
    _events(place, committee_chair, 40, first=3)
    assert AuditEvent.objects.filter(compound_id=place.compound.pk).count() == 86
    assert _queries(client, place, supervisor) == small


def test_the_log_is_linked_for_its_readers(client, place, supervisor, street_staff, resident):
    for reader in (supervisor, street_staff):
        client.force_login(reader)
        pages = [reverse("compounds:detail", args=[place.compound.pk])]
        html = "".join(client.get(p, **ZH).content.decode() for p in pages)
        assert _url(place.compound) in html
    client.force_login(supervisor)  # and on the supervisory committee's desk
    html = client.get(reverse("finance:review", args=[place.compound.pk])).content.decode()
    assert _url(place.compound) in html
    client.force_login(resident)
    html = client.get(reverse("compounds:detail", args=[place.compound.pk])).content.decode()
    assert _url(place.compound) not in html


def test_values_read_as_words_for_their_kind_of_object(place, committee_chair):
    from portal.site.audit import rows
    from tests.factories import role_kind

    vote_event = audit(actor=committee_chair, code="deliberation.vote.noticed",
                       target=place.compound, old={"state": "draft"},
                       new={"state": "noticed", "invalid_ballots_participate": True})  # fmt: skip
    role = f.BuildingRoleFactory(building=place.building, holder=committee_chair,
                                 kind=role_kind("building_head"))  # fmt: skip
    role_event = audit(actor=None, code="compounds.building_role.assigned", target=role,
                       new={"kind": "building_head", "holder": committee_chair.pk})  # fmt: skip
    vote_event.target_type = "deliberation.ownersvote"  # as a vote's event reads
    vote_row, role_row = rows([vote_event, role_event])
    assert "noticed" not in [new for _f, _o, new in vote_row.changes]
    assert role_row.changes[1][2] == "周明华"  # the holder by name, not by id
    assert role_row.changes[0][2] not in ("building_head", "")
    assert role_row.who  # "the system", not a blank

"""Changing a facility of the register: its keepers correct its kind, code, place, point on
the plan and note; a code another facility of the compound holds (retired or not) is
refused with a message, also when two keepers take it at once (the constraint decides);
a new kind its condition cannot be in leaves it not checked yet. Audited; residents 403,
another compound 404."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community.models import Facility
from community.services import facilities as services
from community.services import facility_changes as changes
from portal.models import AuditEvent
from tests import factories as f
from tests.community.facility_world import manholes
from tests.compounds.test_services import photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_in_english(client, settings):
    """The pages' messages are read by their English msgids (tests/community/conftest.py)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _fields(facility, **changed) -> dict:
    return {
        "kind": facility.kind,
        "code": facility.code,
        "building": facility.building,
        "place": facility.place,
        "plan_x": facility.plan_x,
        "plan_y": facility.plan_y,
        "zone": facility.zone,
        "note": facility.note,
    } | changed


def _form(facility, **changed) -> dict:
    data = _fields(facility, **changed)
    for name in ("building", "zone"):
        data[name] = data[name].pk if data[name] else ""
    return {k: "" if v is None else v for k, v in data.items()}


def test_a_keeper_corrects_a_facility_and_the_change_is_audited(place, committee_chair):
    j1, _j2 = manholes(place, committee_chair, 2)
    services.plan_upload(by=committee_chair, compound=place.compound, image=photo("plan.jpg"))
    changes.facility_edit(
        by=committee_chair,
        facility_id=j1.pk,
        **_fields(
            j1, code="j-10", place="东门", note="铸铁井盖", plan_x=Decimal(10), plan_y=Decimal(20)
        ),
    )
    j1.refresh_from_db()
    assert (j1.code, j1.place, j1.note, j1.plan_x, j1.plan_y) == (
        "J-10",
        "东门",
        "铸铁井盖",
        Decimal("10.00"),
        Decimal("20.00"),
    )
    event = AuditEvent.objects.get(code="community.facility.changed")
    assert event.actor == committee_chair and event.target_id == j1.pk
    assert event.old == {"code": "J-01", "place": "18栋东侧第1个", "note": "", "plan": None}
    assert event.new == {
        "code": "J-10",
        "place": "东门",
        "note": "铸铁井盖",
        "plan": "10.00, 20.00",
    }


def test_saving_without_a_change_writes_no_audit(place, committee_chair):
    (j1,) = manholes(place, committee_chair, 1)
    changes.facility_edit(by=committee_chair, facility_id=j1.pk, **_fields(j1, code="j-01"))
    assert not AuditEvent.objects.filter(code="community.facility.changed").exists()


def test_a_code_of_another_facility_is_refused_and_nothing_changes(place, committee_chair):
    j1, j2 = manholes(place, committee_chair, 2)
    with pytest.raises(ValidationError) as refused:
        changes.facility_edit(
            by=committee_chair, facility_id=j2.pk, **_fields(j2, code=" j-01 ", place="西门")
        )
    assert refused.value.messages == [
        "The code J-01 is already used by another facility of this compound."
    ]
    j2.refresh_from_db()
    assert (j2.code, j2.place) == ("J-02", "18栋东侧第2个")


def test_a_retired_facility_keeps_its_code_until_it_is_renamed(place, committee_chair):
    old, new = manholes(place, committee_chair, 2)
    changes.facility_retire(by=committee_chair, facility_id=old.pk, reason="拆除")
    with pytest.raises(ValidationError, match="J-01"):
        changes.facility_edit(by=committee_chair, facility_id=new.pk, **_fields(new, code="J-01"))
    changes.facility_edit(by=committee_chair, facility_id=old.pk, **_fields(old, code="J-01-旧"))
    changes.facility_edit(by=committee_chair, facility_id=new.pk, **_fields(new, code="J-01"))
    assert Facility.objects.get(code="J-01") == new


def test_the_race_for_a_code_ends_in_the_same_message_and_nothing_saved(
    place, committee_chair, monkeypatch
):
    """Another keeper takes the code between the check and the save: the constraint
    refuses the save, and the person is told as the check would have told them."""
    (j1,) = manholes(place, committee_chair, 1)
    real = changes._changed

    def raced(facility, by, fields):
        Facility.objects.create(compound=place.compound, kind="lamp", code="LD-09", place="东门")
        return real(facility, by, fields)

    monkeypatch.setattr(changes, "_changed", raced)
    with pytest.raises(ValidationError) as refused:
        changes.facility_edit(
            by=committee_chair, facility_id=j1.pk, **_fields(j1, code="LD-09", note="x")
        )
    assert refused.value.messages == [
        "The code LD-09 is already used by another facility of this compound."
    ]
    j1.refresh_from_db()
    assert (j1.code, j1.note) == ("J-01", "")
    assert not Facility.objects.filter(code="LD-09").exists()
    assert not AuditEvent.objects.filter(code="community.facility.changed").exists()


def test_a_new_kind_its_condition_cannot_be_in_leaves_it_not_checked_yet(place, committee_chair):
    (j1,) = manholes(place, committee_chair, 1)
    services.facility_record(by=committee_chair, facility_id=j1.pk, condition="blocked")
    changes.facility_edit(by=committee_chair, facility_id=j1.pk, **_fields(j1, kind="lamp"))
    j1.refresh_from_db()
    assert (j1.kind, j1.condition, j1.checked_at) == ("lamp", "unknown", None)
    assert j1.checks.get().condition == "blocked"  # what was recorded stays recorded
    event = AuditEvent.objects.get(code="community.facility.changed")
    assert event.old == {"kind": "manhole", "condition": "blocked"}
    assert event.new == {"kind": "lamp", "condition": "unknown"}


def test_a_new_kind_its_condition_applies_to_keeps_it(place, committee_chair):
    (j1,) = manholes(place, committee_chair, 1)
    services.facility_record(by=committee_chair, facility_id=j1.pk, condition="broken")
    changes.facility_edit(by=committee_chair, facility_id=j1.pk, **_fields(j1, kind="pipe"))
    j1.refresh_from_db()
    assert (j1.kind, j1.condition) == ("pipe", "broken") and j1.checked_at


def test_residents_may_not_change_a_facility(place, committee_chair, resident):
    (j1,) = manholes(place, committee_chair, 1)
    with pytest.raises(PermissionDenied):
        changes.facility_edit(by=resident, facility_id=j1.pk, **_fields(j1, code="X"))


def test_a_building_of_another_compound_is_refused(place, committee_chair):
    (j1,) = manholes(place, committee_chair, 1)
    elsewhere = f.BuildingFactory(compound=place.other_compound)
    with pytest.raises(ValidationError, match="building"):
        changes.facility_edit(
            by=committee_chair, facility_id=j1.pk, **_fields(j1, building=elsewhere)
        )


# The pages ------------------------------------------------------------------------------


def _edit(facility) -> str:
    return reverse("community:facility_edit", args=[facility.pk])


def test_the_edit_form_is_filled_in_and_saves(client, place, worker):
    (j1,) = manholes(place, worker, 1)
    client.force_login(worker)
    page = client.get(_edit(j1))
    assert page.status_code == 200
    form = page.context["form"]
    assert form["code"].value() == "J-01" and form["building"].value() == place.building.pk
    saved = client.post(_edit(j1), _form(j1, code="J-11", note="雨水井"))
    assert saved.status_code == 302 and saved.url == reverse("community:facility", args=[j1.pk])
    j1.refresh_from_db()
    assert (j1.code, j1.note) == ("J-11", "雨水井")
    detail = client.get(saved.url).content.decode()
    assert 'data-testid="note"' in detail and "雨水井" in detail


def test_a_taken_code_comes_back_on_the_form_and_nothing_is_saved(client, place, committee_chair):
    j1, j2 = manholes(place, committee_chair, 2)
    client.force_login(committee_chair)
    answer = client.post(_edit(j2), _form(j2, code="j-01", note="改了"))
    assert answer.status_code == 200
    assert "J-01 is already used" in answer.content.decode()
    j2.refresh_from_db()
    assert (j2.code, j2.note) == ("J-02", "")


def test_the_race_comes_back_on_the_form_too(client, place, committee_chair, monkeypatch):
    (j1,) = manholes(place, committee_chair, 1)
    real = changes._changed

    def raced(facility, by, fields):
        Facility.objects.create(compound=place.compound, kind="lamp", code="LD-09", place="东门")
        return real(facility, by, fields)

    monkeypatch.setattr(changes, "_changed", raced)
    client.force_login(committee_chair)
    answer = client.post(_edit(j1), _form(j1, code="LD-09"))
    assert answer.status_code == 200 and "LD-09 is already used" in answer.content.decode()
    assert Facility.objects.count() == 1 and Facility.objects.get().code == "J-01"


@pytest.mark.parametrize(
    "bad",
    [
        {"code": ""},
        {"code": "X" * 21},
        {"code": "A\x00B"},
        {"kind": "rocket"},
        {"building": "999999", "place": ""},
        {"zone": "not-an-id"},
        {"plan_x": "5", "plan_y": "5"},  # no plan
        {"plan_x": "120", "plan_y": "5"},
        {"plan_x": "5", "plan_y": ""},
        {"building": "", "place": ""},
        {"note": "很" * 301},
    ],
)
def test_bad_input_comes_back_with_a_message_and_nothing_is_saved(
    client, place, committee_chair, bad
):
    (j1,) = manholes(place, committee_chair, 1)
    client.force_login(committee_chair)
    answer = client.post(_edit(j1), _form(j1, note="新的") | bad)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'class="form-errors"' in html or "field-invalid" in html
    j1.refresh_from_db()
    assert (j1.code, j1.note, j1.place) == ("J-01", "", "18栋东侧第1个")
    assert not AuditEvent.objects.filter(code="community.facility.changed").exists()


def test_who_may_not_change_it(client, place, committee_chair, resident, volunteer, other_owner):
    (j1,) = manholes(place, committee_chair, 1)
    for person, status in ((resident, 403), (volunteer, 403), (other_owner, 404)):
        client.force_login(person)
        assert client.get(_edit(j1)).status_code == status
        assert client.post(_edit(j1), _form(j1, code="X-1")).status_code == status
    client.force_login(committee_chair)
    assert client.put(_edit(j1)).status_code == 405
    assert client.get(reverse("community:facility_edit", args=[10**9])).status_code == 404
    j1.refresh_from_db()
    assert j1.code == "J-01"


def test_the_page_says_why_a_new_kind_left_it_not_checked(client, place, committee_chair):
    (j1,) = manholes(place, committee_chair, 1)
    services.facility_record(by=committee_chair, facility_id=j1.pk, condition="blocked")
    client.force_login(committee_chair)
    answer = client.post(_edit(j1), _form(j1, kind="lamp"), follow=True)
    said = [str(m) for m in answer.context["messages"]]
    assert any("does not apply" in m for m in said), said


def test_keepers_see_the_links_to_change_and_retire_residents_do_not(
    client, place, committee_chair, resident
):
    (j1,) = manholes(place, committee_chair, 1)
    url = reverse("community:facility", args=[j1.pk])
    client.force_login(committee_chair)
    html = client.get(url).content.decode()
    assert 'data-testid="edit"' in html and 'data-testid="retire"' in html
    client.force_login(resident)
    html = client.get(url).content.decode()
    assert 'data-testid="edit"' not in html and 'data-testid="retire"' not in html

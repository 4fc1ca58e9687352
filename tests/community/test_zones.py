"""Service zones (issue 17, item 2): drawing, claiming and releasing, the keeper told of a
request in the zone, the monthly clean-up scheduled, recorded with photos and planned by
beat once."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from community.models import Cleanup, CompoundPlan, Zone
from community.services import teams as team_services
from community.services import zones as services
from portal.notifications.models import Notification
from requests import extras
from requests.models import Category, Request
from requests.services import request_file
from tests import factories as f

pytestmark = pytest.mark.django_db


def photo(name="done.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 160, 30)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def team(place, party_secretary, volunteer):
    return team_services.team_create(
        by=party_secretary,
        compound=place.compound,
        name="环保卫生服务队",
        kind="environment",
        leader=volunteer,
    )


@pytest.fixture
def zone(place, party_secretary):
    return services.zone_create(
        by=party_secretary,
        compound=place.compound,
        name="18栋绿化带",
        kind="green",
        buildings=[place.building],
    )


def test_leads_draw_zones_and_others_may_not(place, committee_chair, resident, supervisor):
    zone = services.zone_create(
        by=committee_chair, compound=place.compound, name="北门", kind="road", plan_x=10, plan_y=20
    )
    assert zone.plan_x == 10
    for persona in (resident, supervisor):
        with pytest.raises(PermissionDenied):
            services.zone_create(by=persona, compound=place.compound, name="南门", kind="road")


def test_zone_bad_input_is_refused(place, party_secretary):
    with pytest.raises(ValidationError, match="both coordinates"):
        services.zone_create(
            by=party_secretary, compound=place.compound, name="A", kind="road", plan_x=5
        )
    other = f.BuildingFactory(compound=place.other_compound)
    with pytest.raises(ValidationError):
        services.zone_create(
            by=party_secretary, compound=place.compound, name="A", kind="road", buildings=[other]
        )
    services.zone_create(by=party_secretary, compound=place.compound, name="A", kind="road")
    with pytest.raises(ValidationError, match="already a zone"):
        services.zone_create(by=party_secretary, compound=place.compound, name="A", kind="road")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "kind": "green"}, "name"),
        ({"name": "A", "kind": "lake"}, "kind"),
        ({"name": "A", "kind": "green", "plan_x": "150", "plan_y": "3"}, "plan_x"),
        ({"name": "A", "kind": "green", "plan_x": "abc", "plan_y": "3"}, "plan_x"),
        ({"name": "A", "kind": "green", "plan_x": "3"}, "__all__"),
        ({"name": "A", "kind": "green", "buildings": ["999999"]}, "buildings"),
    ],
)
def test_zone_form_explains_bad_input(client, place, party_secretary, data, field):
    client.force_login(party_secretary)
    response = client.post(reverse("community:zone_new", args=[place.compound.pk]), data)
    assert response.status_code == 200 and response.context["form"].errors[field]
    assert not Zone.objects.exists()


def test_a_person_claims_a_free_zone_and_a_second_claim_is_told_it_is_taken(zone, resident, tenant):
    services.zone_claim(zone=zone, by=resident)
    zone.refresh_from_db()
    assert zone.keeper_user == resident and zone.claimed_at
    with pytest.raises(ValidationError, match="already keeps"):
        services.zone_claim(zone=zone, by=tenant)


def test_a_team_leader_claims_for_the_team_and_others_may_not_use_the_team(
    zone, team, volunteer, resident, worker, other_owner
):
    with pytest.raises(PermissionDenied):
        services.zone_claim(zone=zone, by=resident, team=team)
    for outsider in (worker, other_owner):
        with pytest.raises(PermissionDenied):
            services.zone_claim(zone=zone, by=outsider)
    services.zone_claim(zone=zone, by=volunteer, team=team)
    zone.refresh_from_db()
    assert zone.keeper_team == team and zone.keeper_user is None


def test_keeper_or_leads_release_and_neighbours_may_not(zone, resident, tenant, party_secretary):
    services.zone_claim(zone=zone, by=resident)
    with pytest.raises(PermissionDenied):
        services.zone_release(zone=zone, by=tenant)
    services.zone_release(zone=zone, by=party_secretary)
    zone.refresh_from_db()
    assert zone.keeper_user is None
    with pytest.raises(ValidationError, match="Nobody keeps"):
        services.zone_release(zone=zone, by=party_secretary)


def _file(reporter, place, building, spot=""):
    return request_file(
        reporter=reporter,
        compound=place.compound,
        building=building,
        place=spot,
        category=Category.objects.get(compound=None, code="lighting"),
        description="路灯不亮",
    )


def test_a_request_in_a_zone_s_building_tells_its_keeping_team(
    place, zone, team, volunteer, resident, tenant, django_capture_on_commit_callbacks
):
    member = team_services.team_apply(team=team, user=tenant)
    team_services.team_decide(team=team, member_id=member.pk, by=volunteer, accept=True)
    services.zone_claim(zone=zone, by=volunteer, team=team)
    with django_capture_on_commit_callbacks(execute=True):
        request = _file(resident, place, place.building)
    told = set(
        Notification.objects.filter(event="community.zone_request").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {volunteer.pk, tenant.pk}
    with django_capture_on_commit_callbacks(execute=True):
        extras.request_filed(request.pk)  # told again (a retry): nobody hears twice
    assert Notification.objects.filter(event="community.zone_request").count() == 2


def test_a_request_elsewhere_tells_no_keeper(
    place, zone, resident, tenant, django_capture_on_commit_callbacks
):
    services.zone_claim(zone=zone, by=tenant)
    elsewhere = f.BuildingFactory(compound=place.compound, name="19栋")
    with django_capture_on_commit_callbacks(execute=True):
        _file(resident, place, elsewhere)
    assert not Notification.objects.filter(event="community.zone_request").exists()


def test_a_request_about_a_facility_in_a_zone_tells_its_keeper(
    place, zone, resident, tenant, django_capture_on_commit_callbacks
):
    """The manhole by the green belt has no building: the zone is found through the
    facility the request is about (its sticker, or a survey)."""
    from community.models import Facility
    from community.services.facilities import facility_link

    services.zone_claim(zone=zone, by=tenant)
    manhole = Facility.objects.create(
        compound=place.compound, kind="manhole", code="J-01", zone=zone, place="东门绿化带"
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        request = _file(resident, place, None, spot="东门绿化带")
        facility_link(manhole, request)
    told = Notification.objects.filter(event="community.zone_request")
    assert list(told.values_list("recipient_id", flat=True)) == [tenant.pk]


def test_a_failing_hook_never_loses_the_request(
    place, resident, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(request):
        raise RuntimeError("zone service down")

    monkeypatch.setattr(extras, "REQUEST_FILED", [broken])
    with django_capture_on_commit_callbacks(execute=True):
        request = _file(resident, place, place.building)
    assert Request.objects.filter(pk=request.pk).exists()


def test_keeper_schedules_and_records_a_clean_up_with_photos(zone, resident, tenant):
    services.zone_claim(zone=zone, by=resident)
    today = timezone.localdate()
    cleanup = services.cleanup_schedule(zone=zone, by=resident, day=today)
    with pytest.raises(PermissionDenied):
        services.cleanup_schedule(zone=zone, by=tenant, day=today)
    with pytest.raises(PermissionDenied):
        services.cleanup_record(cleanup=cleanup, by=tenant, report="扫了", photos=[photo()])
    with pytest.raises(ValidationError, match="photo"):
        services.cleanup_record(cleanup=cleanup, by=resident, report="扫了")
    with pytest.raises(ValidationError, match="what was done"):
        services.cleanup_record(cleanup=cleanup, by=resident, report=" ", photos=[photo()])
    services.cleanup_record(
        cleanup=cleanup, by=resident, report="清理落叶三袋", photos=[photo(), photo("b.jpg")]
    )
    cleanup.refresh_from_db()
    assert cleanup.done_at and cleanup.photos.count() == 2
    with pytest.raises(ValidationError, match="already"):
        services.cleanup_record(cleanup=cleanup, by=resident, report="再扫", photos=[photo()])


def test_a_clean_up_in_the_past_or_not_yet_due_is_refused(zone, resident):
    services.zone_claim(zone=zone, by=resident)
    with pytest.raises(ValidationError, match="from today"):
        services.cleanup_schedule(
            zone=zone, by=resident, day=timezone.localdate() - timedelta(days=1)
        )
    later = services.cleanup_schedule(
        zone=zone, by=resident, day=timezone.localdate() + timedelta(days=40)
    )
    with pytest.raises(ValidationError, match="not due"):
        services.cleanup_record(cleanup=later, by=resident, report="扫了", photos=[photo()])


def test_a_fake_photo_is_refused_and_leaves_nothing(zone, resident):
    services.zone_claim(zone=zone, by=resident)
    cleanup = services.cleanup_schedule(zone=zone, by=resident, day=timezone.localdate())
    fake = SimpleUploadedFile("x.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.cleanup_record(cleanup=cleanup, by=resident, report="扫了", photos=[fake])
    cleanup.refresh_from_db()
    assert cleanup.done_at is None and not cleanup.photos.exists()


def test_the_monthly_job_plans_each_claimed_zone_once(
    place, zone, team, volunteer, party_secretary
):
    services.zone_claim(zone=zone, by=volunteer, team=team)
    services.zone_create(by=party_secretary, compound=place.compound, name="空地", kind="other")
    assert services.cleanups_plan_next_month(date(2026, 11, 30)) == 1
    assert services.cleanups_plan_next_month(date(2026, 11, 30)) == 0  # beat ran twice
    cleanup = Cleanup.objects.get()
    assert cleanup.month == date(2026, 12, 1) and cleanup.day == date(2026, 12, 5)  # a Saturday
    assert Notification.objects.filter(recipient=volunteer, event="community.cleanup_due").exists()
    assert services.cleanups_plan_next_month(date(2026, 12, 31)) == 1  # January's


def test_zone_page_shows_the_record_form_to_the_keeper_and_photos_to_neighbours(
    client, zone, resident, tenant
):
    services.zone_claim(zone=zone, by=resident)
    cleanup = services.cleanup_schedule(zone=zone, by=resident, day=timezone.localdate())
    client.force_login(resident)
    url = reverse("community:zone", args=[zone.pk])
    assert client.get(url).context["record_id"] == cleanup.pk
    response = client.post(
        reverse("community:cleanup_record", args=[cleanup.pk]),
        {"report": "扫了", "photos": [photo()]},
    )
    assert response.status_code == 302
    client.force_login(tenant)
    page = client.get(url)
    (shown,) = page.context["cleanups"]
    photo_url = reverse("community:cleanup_photo", args=[shown.photos.get().pk])
    assert photo_url in page.content.decode()
    assert client.get(photo_url).status_code == 200


def test_zone_pages_are_not_found_from_another_compound(client, zone, other_owner):
    client.force_login(other_owner)
    assert client.get(reverse("community:zone", args=[zone.pk])).status_code == 404
    assert client.post(reverse("community:zone_claim", args=[zone.pk])).status_code == 404
    zone.refresh_from_db()
    assert zone.keeper_user is None


def test_schedule_form_explains_a_bad_day(client, zone, resident):
    services.zone_claim(zone=zone, by=resident)
    client.force_login(resident)
    for day in ("", "2026-02-30", "0001-01-01"):
        response = client.post(
            reverse("community:cleanup_schedule", args=[zone.pk]), {"day": day}, follow=True
        )
        assert response.status_code == 200 and list(response.context["messages"])
    assert not Cleanup.objects.exists()


def _plan(compound):
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (240, 240, 240)).save(out, "PNG")
    plan = CompoundPlan(compound=compound)
    plan.image.save("plan.png", SimpleUploadedFile("plan.png", out.getvalue()), save=False)
    plan.save()


def test_zones_are_marked_on_the_plan_when_there_is_one(client, place, party_secretary, resident):
    services.zone_create(
        by=party_secretary, compound=place.compound, name="北门", kind="road", plan_x=50, plan_y=25
    )
    client.force_login(resident)
    url = reverse("community:zones", args=[place.compound.pk])
    assert b'data-testid="plan"' not in client.get(url).content  # no plan: the list alone
    _plan(place.compound)
    page = client.get(url)
    assert 'cx="400.0" cy="150.0"' in page.content.decode()
    assert client.get(reverse("community:plan_image", args=[place.compound.pk])).status_code == 200


def test_zone_list_queries_do_not_grow(
    client, place, party_secretary, resident, team, volunteer, django_assert_num_queries
):
    def grow(n):
        for _ in range(n):
            zone = services.zone_create(
                by=party_secretary,
                compound=place.compound,
                name=f"区{Zone.objects.count()}",
                kind="green",
                plan_x=10,
                plan_y=10,
            )
            services.zone_claim(zone=zone, by=volunteer, team=team)

    _plan(place.compound)
    grow(2)
    client.force_login(resident)
    url = reverse("community:zones", args=[place.compound.pk])
    client.get(url)
    with django_assert_num_queries(6) as small:
        client.get(url)
    grow(15)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)

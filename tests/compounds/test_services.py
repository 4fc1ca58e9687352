import io
import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse
from PIL import Image

from compounds import services
from compounds.models import Body, BuildingRole, CommitmentMark, Membership, Residency
from portal.sms import last_sms_to
from tests import factories as f

pytestmark = pytest.mark.django_db


def photo(name="proof.jpg", size=(64, 48), exif_gps=True) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    exif = Image.Exif()
    if exif_gps:
        exif[0x8825] = {2: (30.0, 17.0, 0.0), 4: (109.0, 29.0, 0.0)}  # GPSInfo
        exif[0x010F] = "PhoneMaker"
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


# Residencies -----------------------------------------------------------------------------


def test_request_is_pending_and_proof_is_reencoded_without_location(place):
    user = f.UserFactory()
    unit = f.UnitFactory(building=place.building)
    residency = services.residency_request(user=user, unit=unit, relation="owner", evidence=photo())
    assert residency.status == Residency.Status.PENDING
    with residency.evidence.open("rb") as stored, Image.open(stored) as image:
        exif = image.getexif()
        assert 0x8825 not in exif and 0x010F not in exif


def test_request_refuses_a_fake_image_and_saves_nothing(place):
    fake = SimpleUploadedFile("proof.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        services.residency_request(
            user=f.UserFactory(), unit=f.UnitFactory(), relation="owner", evidence=fake
        )
    assert error.value.code == "not_image"
    assert not Residency.objects.exists()


def test_request_refuses_an_oversize_photo(place, settings):
    settings.PORTAL_MAX_PHOTO_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        services.residency_request(
            user=f.UserFactory(),
            unit=f.UnitFactory(),
            relation="owner",
            evidence=photo(size=(800, 800)),
        )
    assert error.value.code == "too_big"


def test_request_twice_for_the_same_unit_is_refused(place):
    user, unit = f.UserFactory(), f.UnitFactory(building=place.building)
    services.residency_request(user=user, unit=unit, relation="owner", evidence=photo())
    with pytest.raises(ValidationError):
        services.residency_request(user=user, unit=unit, relation="owner", evidence=photo())
    assert Residency.objects.filter(user=user).count() == 1


def test_verify_tells_the_resident_once(
    place, housing_officer, django_capture_on_commit_callbacks, eager_tasks
):
    residency = f.ResidencyFactory(unit=f.UnitFactory(building=place.building), status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        services.residency_verify(reviewer=housing_officer, residency=residency)
    residency.refresh_from_db()
    assert residency.status == "verified" and residency.reviewed_by == housing_officer
    assert "已通过" in last_sms_to(residency.user.phone).text
    from portal.notifications.delivery import deliver_one
    from portal.notifications.models import Delivery, OutboxMessage

    delivery = Delivery.objects.get(notification__recipient=residency.user)
    assert delivery.status == "sent"
    assert deliver_one(delivery.pk) == "skipped"  # a retried task sends nothing
    assert OutboxMessage.objects.filter(to=residency.user.phone).count() == 1


def test_reject_needs_a_reason_and_tells_it(
    eager_tasks, place, committee_chair, django_capture_on_commit_callbacks
):
    residency = f.ResidencyFactory(unit=f.UnitFactory(building=place.building), status="pending")
    with pytest.raises(ValidationError):
        services.residency_reject(reviewer=committee_chair, residency=residency, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.residency_reject(
            reviewer=committee_chair, residency=residency, reason="照片看不清"
        )
    assert "照片看不清" in last_sms_to(residency.user.phone).text


def test_a_decided_request_cannot_be_decided_again(place, housing_officer):
    residency = f.ResidencyFactory(unit=f.UnitFactory(building=place.building), status="pending")
    services.residency_verify(reviewer=housing_officer, residency=residency)
    with pytest.raises(ValidationError):
        services.residency_reject(reviewer=housing_officer, residency=residency, reason="x")


# Committees -----------------------------------------------------------------------------


def _committee(place, kind="owners_committee", **extra):
    return f.BodyFactory(
        compound=place.compound, kind=kind, start=date(2024, 1, 1), end=date(2028, 12, 31), **extra
    )


def test_term_of_at_most_five_years(place):
    with pytest.raises(ValidationError):
        services.body_create(
            compound=place.compound,
            kind="owners_committee",
            term_number=3,
            start=date(2024, 1, 1),
            end=date(2029, 1, 1),
        )
    body = services.body_create(
        compound=place.compound,
        kind="owners_committee",
        term_number=3,
        start=date(2024, 1, 1),
        end=date(2028, 12, 31),
    )
    assert body.pk


def test_owners_committee_size_and_odd_number(place):
    body = _committee(place)
    members = [services.membership_add(body=body, user=f.UserFactory()) for _ in range(4)]
    problems = services.body_problems(body, on=date(2025, 1, 1))
    assert any("5" in p and "11" in p for p in problems)  # too few
    assert any("奇数" in p or "odd" in p for p in problems)  # four is even
    members[0].position = "chair"
    members[0].save()
    services.membership_add(body=body, user=f.UserFactory())
    assert services.body_problems(body, on=date(2025, 1, 1)) == []
    for _ in range(6):
        services.membership_add(body=body, user=f.UserFactory())
    with pytest.raises(ValidationError) as error:
        services.membership_add(body=body, user=f.UserFactory())  # the twelfth
    assert error.value.code == "size"


def test_small_compound_has_a_committee_of_three_or_five_to_eleven(place):
    """Issue 11, item 7: a small compound (households at most 100) may elect 3 members, or an
    odd number from 5 to 11 — members 4 and 5 of a five-seat committee are not refused."""
    place.compound.households = 80
    place.compound.save()
    body = _committee(place)
    for position in ["chair", "member", "member"]:
        services.membership_add(body=body, user=f.UserFactory(), position=position)
    assert services.body_problems(body, on=date(2025, 1, 1)) == []
    services.membership_add(body=body, user=f.UserFactory())  # the fourth: allowed now
    problems = services.body_problems(body, on=date(2025, 1, 1))
    assert len(problems) == 1 and ("奇数" in problems[0] or "odd" in problems[0])
    services.membership_add(body=body, user=f.UserFactory())  # the fifth
    assert services.body_problems(body, on=date(2025, 1, 1)) == []
    for _ in range(6):
        services.membership_add(body=body, user=f.UserFactory())
    with pytest.raises(ValidationError) as error:
        services.membership_add(body=body, user=f.UserFactory())  # the twelfth
    assert error.value.code == "size"


@pytest.mark.parametrize(
    ("households", "small"),
    [(None, False), (1, True), (99, True), (100, True), (101, False), (278, False)],
)
def test_a_small_compound_has_at_most_100_households(place, households, small):
    """ "户数在一百户以下": 以下 includes the number, so 100 households is still small; no
    recorded households means the general rule."""
    place.compound.households = households
    assert place.compound.is_small is small


def test_the_threshold_is_a_setting(place, settings):
    place.compound.households = 150
    assert not place.compound.is_small
    settings.COMPOUNDS_SMALL_COMPOUND_HOUSEHOLDS = 150
    assert place.compound.is_small


@pytest.mark.parametrize(
    ("households", "allowed"),
    [(80, {3, 5, 7, 9, 11}), (300, {5, 7, 9, 11})],
)
def test_one_size_rule_for_seats_and_members(place, households, allowed):
    """Seats of an election and the membership limit come from `committee_sizes`: 1 to 13
    seats checked by hand against "3 (small compounds only), or odd from 5 to 11"."""
    place.compound.households = households
    place.compound.save()
    sizes = services.committee_sizes("owners_committee", place.compound)
    assert {n for n in range(0, 14) if sizes.allows(n)} == allowed
    assert sizes.maximum == 11 and sizes.minimum == min(allowed)
    for seats in range(1, 14):
        if seats in allowed:
            services.check_committee_seats(
                compound=place.compound, kind="owners_committee", seats=seats
            )
        else:
            with pytest.raises(ValidationError) as error:
                services.check_committee_seats(
                    compound=place.compound, kind="owners_committee", seats=seats
                )
            assert error.value.code == "seats"
    words = str(sizes)
    assert ("3" in words) is (households == 80) and "5" in words and "11" in words


def test_changing_the_size_setting_moves_seats_and_members_together(place, settings):
    settings.COMPOUNDS_OWNERS_COMMITTEE_SIZE = (5, 13)
    services.check_committee_seats(compound=place.compound, kind="owners_committee", seats=13)
    body = _committee(place)
    for _ in range(13):
        services.membership_add(body=body, user=f.UserFactory())
    with pytest.raises(ValidationError):
        services.membership_add(body=body, user=f.UserFactory())


def test_the_committees_page_says_a_compound_is_small(client, place, resident):
    url = reverse("compounds:bodies", args=[place.compound.pk])
    client.force_login(resident)
    assert 'data-testid="small-compound"' not in client.get(url).content.decode()
    place.compound.households = 100
    place.compound.save()
    page = client.get(url).content.decode()
    assert 'data-testid="small-compound"' in page and "100" in page


def test_a_committee_of_three_is_a_problem_outside_a_small_compound(place):
    place.compound.households = 101
    place.compound.save()
    body = _committee(place)
    for position in ["chair", "member", "member"]:
        services.membership_add(body=body, user=f.UserFactory(), position=position)
    problems = services.body_problems(body, on=date(2025, 1, 1))
    assert len(problems) == 1 and "5" in problems[0] and "11" in problems[0]


def test_supervisory_committee_needs_an_odd_number_of_at_least_three(place):
    body = _committee(place, kind="supervisory_committee")
    for _ in range(2):
        services.membership_add(body=body, user=f.UserFactory())
    assert len(services.body_problems(body, on=date(2025, 1, 1))) == 2
    services.membership_add(body=body, user=f.UserFactory())
    assert services.body_problems(body, on=date(2025, 1, 1)) == []


def test_nobody_sits_on_both_committees_at_once(place):
    person = f.UserFactory()
    owners = _committee(place)
    supervisors = _committee(place, kind="supervisory_committee")
    services.membership_add(body=owners, user=person)
    with pytest.raises(ValidationError) as error:
        services.membership_add(body=supervisors, user=person)
    assert error.value.code == "independence"


def test_after_an_owners_committee_term_ends_one_may_join_the_supervisors(place):
    person = f.UserFactory()
    first = f.BodyFactory(compound=place.compound, start=date(2019, 1, 1), end=date(2023, 12, 31))
    services.membership_add(body=first, user=person)
    supervisors = _committee(place, kind="supervisory_committee")
    assert services.membership_add(body=supervisors, user=person).pk


def test_ended_memberships_stay_as_history(place):
    body = _committee(place)
    membership = services.membership_add(body=body, user=f.UserFactory())
    services.membership_end(membership=membership, on=date(2025, 6, 30))
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not body.memberships.current(date(2025, 7, 1)).exists()
    assert body.memberships.current(date(2025, 6, 30)).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_seats_on_both_committees_let_only_one_through():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")
    compound = f.CompoundFactory()
    person = f.UserFactory()
    bodies = [
        f.BodyFactory(compound=compound, kind=kind, start=date(2024, 1, 1), end=date(2028, 1, 1))
        for kind in ("owners_committee", "supervisory_committee")
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def join(body):
        try:
            barrier.wait()
            services.membership_add(body=body, user=person)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=join, args=(b,)) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Membership.objects.filter(user=person).count() == 1


# Building roles and commitments -------------------------------------------------------------


def test_new_building_head_ends_the_previous_term(place):
    kind = f.role_kind("building_head")
    old, new = f.UserFactory(), f.UserFactory()
    services.building_role_assign(
        building=place.building, kind=kind, holder=old, start=date(2024, 1, 1)
    )
    services.building_role_assign(
        building=place.building, kind=kind, holder=new, start=date(2025, 3, 1)
    )
    history = list(BuildingRole.objects.filter(building=place.building).order_by("start"))
    assert [(r.holder, r.end) for r in history] == [(old, date(2025, 2, 28)), (new, None)]


def test_commitment_marks_once_per_resident_and_never_by_the_member(
    place, party_secretary, resident
):
    commitment = services.commitment_add(
        compound=place.compound, member=party_secretary, text="帮独居老人代买药品"
    )
    services.commitment_mark(commitment=commitment, resident=resident, fulfilled=True)
    with pytest.raises(ValidationError):
        services.commitment_mark(commitment=commitment, resident=resident, fulfilled=False)
    with pytest.raises(PermissionDenied):  # the service refuses what the page refuses
        services.commitment_mark(commitment=commitment, resident=party_secretary, fulfilled=True)
    assert CommitmentMark.objects.filter(commitment=commitment).count() == 1
    services.commitment_record_deed(
        commitment=commitment, member=party_secretary, deed="已代买三次"
    )
    with pytest.raises(PermissionDenied):
        services.commitment_record_deed(commitment=commitment, member=resident, deed="x")


def test_body_str_names_its_term(place):
    body = f.BodyFactory(compound=place.compound, term_number=2)
    assert "2" in str(body)
    assert Body.objects.count() == 1


def test_a_co_owner_names_the_voter_and_only_one_votes(place):
    unit = f.UnitFactory(building=place.building)
    a = f.ResidencyFactory(unit=unit, relation="co_owner", is_voter=True)
    b = f.ResidencyFactory(unit=unit, relation="co_owner")
    services.residency_name_voter(by=b.user, residency=b)  # a must confirm first
    services.residency_name_voter(by=a.user, residency=b)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.is_voter, b.is_voter) == (False, True)
    stranger = f.UserFactory()
    with pytest.raises(ValidationError):
        services.residency_name_voter(by=stranger, residency=a)
    tenant = f.ResidencyFactory(unit=unit, relation="tenant")
    with pytest.raises(ValidationError):
        services.residency_name_voter(by=a.user, residency=tenant)


def test_deployed_member_reports_once_and_serves_in_the_community(place, resident, community_staff):
    from compounds.permissions import can
    from compounds.standing import forget_standing

    member = f.UserFactory()
    community = place.compound.community
    role = services.deployed_member_register(user=member, community=community, employer="市住建局")
    with pytest.raises(ValidationError):
        services.deployed_member_register(user=member, community=community, employer="市住建局")
    with pytest.raises(ValidationError):
        services.deployed_member_register(user=f.UserFactory(), community=community, employer=" ")
    # Reporting in grants nothing until community staff confirm it.
    assert not can(member, "compound.view", place.compound)
    with pytest.raises(PermissionDenied):  # only the community's staff confirm
        services.deployed_member_confirm(role=role, by=resident)
    services.deployed_member_confirm(role=role, by=community_staff)
    with pytest.raises(ValidationError):
        services.deployed_member_confirm(role=role, by=community_staff)
    forget_standing(member)
    assert can(member, "compound.view", place.compound)
    assert not can(member, "compound.view", place.other_compound)


def test_the_admin_form_checks_independence_too(place):
    person = f.UserFactory()
    services.membership_add(body=_committee(place), user=person)
    seat = Membership(
        body=_committee(place, kind="supervisory_committee"), user=person, start=date(2024, 1, 1)
    )
    with pytest.raises(ValidationError):
        seat.full_clean()


def test_the_owners_of_a_unit_are_told_when_another_owner_is_verified(
    place, housing_officer, django_capture_on_commit_callbacks, eager_tasks
):
    from portal.notifications.models import Notification

    unit = f.UnitFactory(building=place.building)
    first = f.ResidencyFactory(unit=unit)
    claim = f.ResidencyFactory(unit=unit, relation="co_owner", status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        services.residency_verify(reviewer=housing_officer, residency=claim)
    told = Notification.objects.get(recipient=first.user, event="residency.co_owner_added")
    assert str(claim.user) in told.title
    assert last_sms_to(first.user.phone) is not None


def test_nobody_verifies_their_own_home(place, housing_officer):
    claim = f.ResidencyFactory(
        user=housing_officer, unit=f.UnitFactory(building=place.building), status="pending"
    )
    with pytest.raises(ValidationError) as error:
        services.residency_verify(reviewer=housing_officer, residency=claim)
    assert error.value.code == "self"

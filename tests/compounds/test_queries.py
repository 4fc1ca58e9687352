"""One load of standing per request, and compounds pages whose number of queries does not
grow with their data (CONVENTIONS: pin the counts at two data sizes)."""

import pytest
from django.urls import reverse

from compounds import services
from compounds.announcements.models import Receipt
from compounds.announcements.services import announcement_publish
from compounds.models import RegistryImport
from compounds.standing import CHAIN, standing_of
from tests import factories as f
from tests.compounds.test_registry import GOOD, _job, csv_bytes
from tests.compounds.test_services import photo
from tests.test_list_queries import _count

pytestmark = pytest.mark.django_db


def test_a_residents_standing_is_four_queries(place, resident, django_assert_num_queries):
    f.ResidencyFactory(user=resident, unit=f.UnitFactory(building=place.building))
    with django_assert_num_queries(4):  # homes, building roles, memberships, roles
        standing = standing_of(resident)
    assert standing.resident_compounds == {place.compound.pk}
    with django_assert_num_queries(0):  # once per request: cached on the user
        standing_of(resident)


def test_a_property_workers_standing_is_five_queries(place, worker, django_assert_num_queries):
    with django_assert_num_queries(5):  # and the compounds under the company's contracts
        standing = standing_of(worker)
    assert standing.property_compounds == {place.compound.pk}


def _grow_compound(place, street_staff, community_staff, n: int) -> None:
    community = place.compound.community
    for _ in range(n):
        f.BuildingFactory(compound=place.compound)
        role = services.deployed_member_register(
            user=f.UserFactory(), community=community, employer="市住建局"
        )
        services.deployed_member_confirm(role=role, by=community_staff)
        services.deployed_member_register(
            user=f.UserFactory(), community=community, employer="市教育局"
        )
        job = _job(place, csv_bytes(GOOD))
        RegistryImport.objects.filter(pk=job.pk).update(uploaded_by=street_staff)


def test_compound_pages_do_not_grow_with_their_data(client, place, street_staff, community_staff):
    pages = [
        (street_staff, reverse("compounds:detail", args=[place.compound.pk])),
        (street_staff, reverse("compounds:registry_upload", args=[place.compound.pk])),
        (
            community_staff,
            reverse("compounds:deployed_members", args=[place.compound.community_id]),
        ),
    ]
    _grow_compound(place, street_staff, community_staff, 1)
    small = {}
    for user, url in pages:
        client.force_login(user)
        small[url] = _count(client, url)
    _grow_compound(place, street_staff, community_staff, 12)
    for user, url in pages:
        client.force_login(user)
        assert _count(client, url) == small[url], url


def _grow_notice(place, n: int) -> None:
    """More residents of 18栋 who have not read the notice, and more attachments."""
    for _ in range(n):
        f.ResidencyFactory(unit=f.UnitFactory(building=place.building))


def _notice(place, publisher, attachments: int):
    return announcement_publish(
        publisher=publisher,
        compound=place.compound,
        buildings=[place.building],
        title="停水通知",
        body="明天停水",
        files=[photo(f"现场{i}.jpg") for i in range(attachments)],
    )


def test_notice_pages_do_not_grow_with_their_readers(client, place, party_secretary):
    _grow_notice(place, 1)
    small_notice = _notice(place, party_secretary, attachments=1)
    _grow_notice(place, 12)
    big_notice = _notice(place, party_secretary, attachments=4)
    assert Receipt.objects.filter(announcement=big_notice).count() > 12
    client.force_login(party_secretary)
    for name in ("announcements:detail", "announcements:receipts"):
        small = _count(client, reverse(name, args=[small_notice.pk]))
        assert _count(client, reverse(name, args=[big_notice.pk])) == small, name


def test_the_review_queue_holds_what_the_review_rule_grants(db):
    """queries.review_queue restates "residency.review" as a queryset; on the demo data,
    person by person, it holds exactly the pending homes the rule lets them verify."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from compounds.models import Residency
    from compounds.permissions import can
    from compounds.queries import review_queue

    call_command("seed_demo")
    pending = list(Residency.objects.filter(status="pending").select_related(CHAIN))
    assert pending
    reviewers = 0
    for user in get_user_model().objects.filter(phone__startswith="+86138000000"):
        queued = set(review_queue(user).values_list("pk", flat=True))
        allowed = {r.pk for r in pending if can(user, "residency.review", r)}
        assert queued == allowed, user
        reviewers += bool(allowed)
    assert reviewers  # someone among the demo people verifies homes

"""A POST the user may not make answers 403 (with the portal's page and a sentence saying
who may) or 404 (the object is outside their scope), and changes nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compounds import services
from compounds.announcements.models import Announcement
from compounds.context_processors import SESSION_KEY
from compounds.models import Commitment, CommitmentMark, RegistryImport, Residency
from tests import factories as f
from tests.compounds.test_registry import GOOD, _job, csv_bytes
from tests.compounds.test_services import photo

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def refused(response, status: int = 403, says: str = "") -> bool:
    """The portal's refusal page (403) with its sentence, or the not-found page (404)."""
    html = response.content.decode()
    if response.status_code != status:
        return False
    if status == 404:
        return True
    return 'data-testid="refusal"' in html and says in html.replace("&#x27;", "'")


def _pending(place, user=None):
    return services.residency_request(
        user=user or f.UserFactory(),
        unit=f.UnitFactory(building=place.building),
        relation="owner",
        evidence=photo(),
    )


def test_verifying_ones_own_home_is_refused(client, place, housing_officer):
    claim = _pending(place, user=housing_officer)
    client.force_login(housing_officer)
    for name, data in [("residency_verify", {}), ("residency_reject", {"reason": "x"})]:
        response = client.post(reverse(f"compounds:{name}", args=[claim.pk]), data, **EN)
        assert refused(response, 403, "Nobody may verify their own home."), name
    claim.refresh_from_db()
    assert claim.status == "pending" and claim.reviewed_by is None


def test_deciding_homes_one_does_not_review_is_refused(client, place, resident, other_owner):
    claim = _pending(place)
    for user, status in [(resident, 403), (other_owner, 404)]:
        client.force_login(user)
        for name, data in [("residency_verify", {}), ("residency_reject", {"reason": "x"})]:
            response = client.post(reverse(f"compounds:{name}", args=[claim.pk]), data, **EN)
            assert refused(response, status, "verify homes here"), (user, name)
    assert Residency.objects.get(pk=claim.pk).status == "pending"


def test_only_the_member_records_the_deed_of_a_commitment(client, place, volunteer, resident):
    commitment = f.CommitmentFactory(compound=place.compound, member=resident)
    client.force_login(volunteer)  # a party member, but not the commitment's
    url = reverse("compounds:commitment_deed", args=[commitment.pk])
    response = client.post(url, {"deed": "做了"}, **EN)
    assert refused(response, 403, "Only the member who made the commitment records its deeds.")
    assert Commitment.objects.get(pk=commitment.pk).deed == ""


def test_a_member_cannot_mark_their_own_commitment(client, place, party_secretary, worker):
    commitment = f.CommitmentFactory(compound=place.compound, member=party_secretary)
    url = reverse("compounds:commitment_mark", args=[commitment.pk])
    client.force_login(party_secretary)
    response = client.post(url, {"fulfilled": "1"}, **EN)
    assert refused(response, 403, "You cannot mark your own commitment.")
    client.force_login(worker)  # serves the compound, does not live there
    response = client.post(url, {"fulfilled": "1"}, **EN)
    assert refused(response, 403, "Only residents of the compound mark commitments.")
    assert not CommitmentMark.objects.exists()


def test_confirming_a_deployed_member_is_for_the_communitys_staff(
    client, place, resident, other_owner
):
    community = place.compound.community
    role = services.deployed_member_register(
        user=f.UserFactory(), community=community, employer="市住建局"
    )
    url = reverse("compounds:deployed_member_confirm", args=[community.pk, role.pk])
    client.force_login(resident)
    assert refused(client.post(url, **EN), 403, "confirm deployed members")
    client.force_login(other_owner)  # another community: it does not exist for them
    assert refused(client.post(url, **EN), 404)
    role.refresh_from_db()
    assert not role.confirmed


def test_only_staff_upload_or_import_the_registry(client, place, resident, committee_chair):
    job = _job(place, csv_bytes(GOOD))
    upload = reverse("compounds:registry_upload", args=[place.compound.pk])
    run = reverse("compounds:registry_import_run", args=[job.pk])
    for user in (resident, committee_chair):
        client.force_login(user)
        response = client.post(upload, {"file": SimpleUploadedFile("r.csv", csv_bytes(GOOD))}, **EN)
        assert refused(response, 403, "Only community and street-office staff keep the registry.")
        assert refused(client.post(run, **EN), 403, "keep the registry")
    assert list(RegistryImport.objects.values_list("pk", "status")) == [(job.pk, "checked")]


def test_switching_to_a_compound_outside_ones_scope_is_not_found(
    client, place, resident, other_owner
):
    client.force_login(resident)
    client.get("/")
    before = client.session.get(SESSION_KEY)
    for value in (place.other_compound.pk, "²", "9" * 20, ""):
        response = client.post(reverse("compounds:switch"), {"compound": value})
        assert refused(response, 404), value
    assert client.session.get(SESSION_KEY) == before


def test_naming_the_voter_of_someone_elses_home_is_not_found(client, place, resident):
    unit = f.UnitFactory(building=place.building)
    a = f.ResidencyFactory(unit=unit, relation="co_owner", is_voter=True)
    b = f.ResidencyFactory(unit=unit, relation="co_owner")
    client.force_login(resident)
    response = client.post(reverse("compounds:residency_name_voter", args=[b.pk]))
    assert refused(response, 404)
    assert Residency.objects.get(pk=a.pk).is_voter and not Residency.objects.get(pk=b.pk).is_voter


def test_publishing_without_a_place_to_publish_to_is_refused(client, place, resident):
    client.force_login(resident)
    data = {"place": f"compound:{place.compound.pk}", "title": "停水", "body": "明天停水"}
    response = client.post(reverse("announcements:new"), data, **EN)
    assert refused(response, 403, "publish notices")
    assert not Announcement.objects.exists()


def test_a_reader_who_does_not_manage_a_notice_is_refused_its_receipts(
    client, place, party_secretary, resident
):
    from compounds.announcements.services import announcement_publish

    notice = announcement_publish(
        publisher=party_secretary, compound=place.compound, title="停水", body="明天停水"
    )
    client.force_login(resident)
    response = client.get(reverse("announcements:receipts", args=[notice.pk]), **EN)
    assert refused(response, 403, "see who has read it")


def test_the_services_refuse_what_the_pages_refuse(place, resident, other_owner):
    from django.core.exceptions import PermissionDenied

    from compounds.announcements.services import announcement_publish

    claim = _pending(place)
    with pytest.raises(PermissionDenied):
        services.residency_verify(reviewer=resident, residency=claim)
    with pytest.raises(PermissionDenied):
        services.commitment_add(compound=place.compound, member=resident, text="承诺")
    with pytest.raises(PermissionDenied):
        announcement_publish(publisher=resident, compound=place.compound, title="x", body="y")
    with pytest.raises(PermissionDenied):
        services.registry_import_queue(job=_job(place, csv_bytes(GOOD)), by=other_owner)
    with pytest.raises(PermissionDenied):
        services.commitment_add(compound=place.compound, member=AnonymousUser(), text="承诺")
    assert Residency.objects.get(pk=claim.pk).status == "pending"
    assert not Announcement.objects.exists() and not Commitment.objects.exists()

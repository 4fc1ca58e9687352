"""Naming the voter of a co-owned home (issue 11, item 2): each other verified co-owner
confirms from their phone, or someone who verifies residencies there verifies the owners'
written agreement; until then the earlier voter stands; every step is audited. The voter
only casts the ballot: the headcount goes by the set of owners (法释〔2009〕7号 第九条)."""

import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.urls import reverse

from compounds import services
from compounds.models import Residency, VoterNomination
from compounds.queries import home_voters, owner_roll, unit_voter
from compounds.services import residencies, voter_nomination_verify
from portal.models import AuditEvent
from portal.notifications.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db


def _co_owned(place, *people, voter=None):
    unit = f.UnitFactory(building=place.building, entrance="9单元")
    rows = [f.ResidencyFactory(user=p, unit=unit, relation="co_owner") for p in people]
    if voter is not None:
        Residency.objects.filter(unit=unit, user=voter).update(is_voter=True)
    return unit, rows


def _voter(unit) -> int | None:
    owners = list(Residency.objects.current().filter(unit=unit, status="verified").order_by("pk"))
    return unit_voter(owners)


def test_naming_oneself_waits_for_the_co_owner_and_the_earlier_voter_stands(place):
    p, q = f.UserFactory(display_name="老王"), f.UserFactory(display_name="王阿姨")
    unit, (rp, rq) = _co_owned(place, p, q, voter=q)
    heads = owner_roll(place.compound).headcount

    naming = services.residency_name_voter(by=p, residency=rp)
    assert naming.state == VoterNomination.State.PENDING
    assert _voter(unit) == q.pk  # until Q confirms, Q votes
    told = Notification.objects.get(event="residency.voter_named")
    assert told.recipient == q and told.params["voter"] == "老王"

    confirmed = services.residency_name_voter(by=q, residency=rp)  # Q confirms on the phone
    assert confirmed.pk == naming.pk and confirmed.state == VoterNomination.State.IN_FORCE
    assert _voter(unit) == p.pk
    assert owner_roll(place.compound).headcount == heads  # who votes never changes the count
    codes = list(AuditEvent.objects.order_by("pk").values_list("code", flat=True))
    assert codes == [
        "compounds.voter.named",
        "compounds.voter.agreed",
        "compounds.voter.agreed",
        "compounds.voter.changed",
    ]
    changed = AuditEvent.objects.get(code="compounds.voter.changed")
    assert (changed.old, changed.new["voter"]) == ({"voter": q.pk}, p.pk)


def test_every_other_co_owner_must_confirm(place):
    p, q, r = f.UserFactory(), f.UserFactory(), f.UserFactory()
    unit, (rp, _rq, _rr) = _co_owned(place, p, q, r, voter=q)
    services.residency_name_voter(by=p, residency=rp)
    services.residency_name_voter(by=r, residency=rp)
    assert _voter(unit) == q.pk  # Q has not confirmed yet
    services.residency_name_voter(by=r, residency=rp)  # confirming twice counts once
    assert AuditEvent.objects.filter(code="compounds.voter.agreed").count() == 2
    services.residency_name_voter(by=q, residency=rp)
    assert _voter(unit) == p.pk


def test_a_co_owner_declines_by_keeping_the_present_voter(place):
    p, q = f.UserFactory(), f.UserFactory()
    unit, (rp, rq) = _co_owned(place, p, q, voter=q)
    naming = services.residency_name_voter(by=p, residency=rp)
    assert services.residency_name_voter(by=q, residency=rq) is None  # "keep Q"
    naming.refresh_from_db()
    assert naming.state == VoterNomination.State.REPLACED and _voter(unit) == q.pk
    assert AuditEvent.objects.filter(code="compounds.voter.replaced").count() == 1
    # A new naming replaces a pending one: only one waits per home.
    services.residency_name_voter(by=p, residency=rp)
    services.residency_name_voter(by=q, residency=rp)
    assert _voter(unit) == p.pk
    assert VoterNomination.objects.filter(unit=unit, state="pending").count() == 0


def test_a_sole_verified_owner_names_themselves_at_once(place, resident):
    home = resident.residencies.get()
    assert services.residency_name_voter(by=resident, residency=home) is None  # already votes


def test_a_co_owner_verified_later_never_takes_over_the_vote_unasked(place):
    q_first = f.UserFactory()  # the lower user id
    p = f.UserFactory()
    unit = f.UnitFactory(building=place.building)
    f.ResidencyFactory(user=p, unit=unit, relation="co_owner")
    assert _voter(unit) == p.pk
    f.ResidencyFactory(user=q_first, unit=unit, relation="co_owner")  # verified later
    assert _voter(unit) == p.pk  # the earlier voter stands


def test_strangers_and_tenants_cannot_name_or_be_named(place):
    p, q = f.UserFactory(), f.UserFactory()
    unit, (rp, _rq) = _co_owned(place, p, q)
    with pytest.raises(ValidationError):
        services.residency_name_voter(by=f.UserFactory(), residency=rp)
    tenant = f.ResidencyFactory(unit=unit, relation="tenant")
    with pytest.raises(ValidationError):
        services.residency_name_voter(by=p, residency=tenant)


def test_a_reviewer_verifies_the_owners_written_agreement(place, housing_officer, resident):
    p, q = f.UserFactory(), f.UserFactory()
    unit, (rp, _rq) = _co_owned(place, p, q, voter=q)
    with pytest.raises(ValidationError):  # nothing is waiting yet
        voter_nomination_verify(by=housing_officer, residency=rp)
    services.residency_name_voter(by=p, residency=rp)
    with pytest.raises(PermissionDenied):  # a neighbour does not verify residencies
        voter_nomination_verify(by=resident, residency=rp)
    with pytest.raises(PermissionDenied):  # nor an owner of the home itself
        voter_nomination_verify(by=p, residency=rp)
    naming = voter_nomination_verify(by=housing_officer, residency=rp)
    assert naming.state == "in_force" and naming.verified_by == housing_officer
    assert _voter(unit) == p.pk
    event = AuditEvent.objects.get(code="compounds.voter.changed")
    assert event.actor == housing_officer and event.new["verified_by"] == housing_officer.pk
    assert set(
        Notification.objects.filter(event="residency.voter_changed").values_list(
            "recipient_id", flat=True
        )
    ) == {p.pk, q.pk}


def test_my_homes_shows_who_votes_and_asks_the_co_owner_to_confirm(client, place):
    p = f.UserFactory(display_name="老王")
    q = f.UserFactory(display_name="王阿姨")
    unit, (rp, _rq) = _co_owned(place, p, q, voter=q)
    client.force_login(p)
    page = client.get(reverse("compounds:my_homes")).content.decode()
    assert "王阿姨" in page and 'data-testid="who-votes"' in page
    client.post(reverse("compounds:residency_name_voter", args=[rp.pk]))
    assert _voter(unit) == q.pk
    client.force_login(q)
    page = client.get(reverse("compounds:my_homes")).content.decode()
    assert 'data-testid="naming"' in page
    response = client.post(reverse("compounds:residency_name_voter", args=[rp.pk]), follow=True)
    assert response.status_code == 200 and _voter(unit) == p.pk
    assert "老王" in response.content.decode()


def test_the_homes_page_reads_voters_in_a_fixed_number_of_queries(
    place, django_assert_max_num_queries
):
    p = f.UserFactory()
    for _ in range(3):
        other = f.UserFactory()
        _unit, (rp, _rq) = _co_owned(place, p, other, voter=other)
        services.residency_name_voter(by=p, residency=rp)
    with django_assert_max_num_queries(3):
        voters = home_voters(p)
        assert all(v.pending and v.waiting_for for v in voters.values())


def test_the_reviewers_page_lists_waiting_namings_and_verifies_them(
    client, place, housing_officer, resident
):
    p, q = f.UserFactory(), f.UserFactory()
    unit, (rp, _rq) = _co_owned(place, p, q, voter=q)
    services.residency_name_voter(by=p, residency=rp)
    client.force_login(resident)  # not a reviewer: sees nothing, may verify nothing
    assert 'class="card"' not in client.get(reverse("compounds:voter_namings")).content.decode()
    response = client.post(reverse("compounds:voter_naming_verify", args=[rp.pk]))
    assert response.status_code == 403 and _voter(unit) == q.pk
    client.force_login(f.UserFactory())  # outside the compound: the home does not exist
    response = client.post(reverse("compounds:voter_naming_verify", args=[rp.pk]))
    assert response.status_code == 404
    client.force_login(housing_officer)
    page = client.get(reverse("compounds:voter_namings")).content.decode()
    assert str(unit) in page
    response = client.post(reverse("compounds:voter_naming_verify", args=[rp.pk]))
    assert response.status_code == 302 and _voter(unit) == p.pk
    assert client.get(reverse("compounds:voter_naming_verify", args=[rp.pk])).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_two_co_owners_confirming_at_once_put_the_naming_in_force_exactly_once(place, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")
    errors = []
    audit = residencies.audit

    def slow_audit(**kwargs):  # widen the window between an agreement and the count
        event = audit(**kwargs)
        if kwargs["code"] == "compounds.voter.agreed":
            time.sleep(0.05)
        return event

    monkeypatch.setattr(residencies, "audit", slow_audit)

    def confirm(barrier, user, residency):
        try:
            barrier.wait()
            services.residency_name_voter(by=user, residency=residency)
        except Exception as exc:  # noqa: BLE001 - any failure is a test failure below
            errors.append(exc)
        finally:
            connections.close_all()

    units = []
    for _ in range(3):
        p, q, r = f.UserFactory(), f.UserFactory(), f.UserFactory()
        unit, (rp, _rq, _rr) = _co_owned(place, p, q, r, voter=q)
        services.residency_name_voter(by=p, residency=rp)
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=confirm, args=(barrier, u, rp)) for u in (q, r)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        units.append((unit, p))
    assert errors == []
    for unit, p in units:  # both agreements counted: in force, never stuck waiting
        assert _voter(unit) == p.pk
        assert VoterNomination.objects.get(unit=unit).state == "in_force"
        assert Residency.objects.filter(unit=unit, is_voter=True).count() == 1
    assert AuditEvent.objects.filter(code="compounds.voter.changed").count() == len(units)

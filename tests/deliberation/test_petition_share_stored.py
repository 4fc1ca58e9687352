"""The petition's share is stored by each signature (issue 13, item 4): it equals the full
count over the owner roll after any order of signatures — co-owned homes, an owner of
several homes, a tenant who may not sign — and the petition's page reads it without
building the roll."""

import contextlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compounds.models import Residency
from deliberation import queries, services
from deliberation.models import PetitionShare
from tests import factories as f

pytestmark = pytest.mark.django_db


def _stored(proposal) -> dict:
    shown = PetitionShare.objects.get(proposal=proposal).as_dict()
    shown.pop("counted_at")
    return shown


@pytest.fixture
def people(place, resident):
    """Six more people: P owns two homes, Q and R own one together (both verified
    co-owners), S and T one each, U is a tenant of S's home."""
    other = f.BuildingFactory(compound=place.compound, name="19栋")
    p, q, r, s, t, u = (f.UserFactory() for _ in range(6))

    def home(building, door, area, *owners):
        unit = f.UnitFactory(building=building, door=door, area=Decimal(area))
        for owner in owners:
            Residency.objects.create(
                user=owner, unit=unit, status="verified", start=date(2024, 1, 1),
                relation="owner" if len(owners) == 1 else "co_owner",
                is_voter=owner == owners[0],
            )  # fmt: skip
        return unit

    home(place.building, "801", "120.50", p)
    home(other, "801", "88.00", p)
    home(place.building, "802", "95.25", q, r)
    s_home = home(other, "802", "60.00", s)
    home(other, "803", "140.00", t)
    Residency.objects.create(
        user=u, unit=s_home, relation="tenant", status="verified", start=date(2024, 1, 1)
    )
    return [p, q, r, s, t, u]


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(order=st.lists(st.integers(0, 5), max_size=8))
def test_the_stored_share_equals_the_full_count_after_any_signatures(
    place, resident, people, order
):
    with transaction.atomic():
        petition = services.proposal_raise(
            by=resident, compound=place.compound, title="更换道闸", petition=True
        )
        assert _stored(petition) == queries.petition_share(petition)
        for i in order:
            # signed already, or not an owner: refused, nothing changes
            with contextlib.suppress(ValidationError, PermissionDenied):
                services.petition_sign(proposal=petition, by=people[i])
            assert _stored(petition) == queries.petition_share(petition)
        transaction.set_rollback(True)


def test_the_petition_page_reads_the_stored_share(client, place, resident, people):
    petition = services.proposal_raise(
        by=resident, compound=place.compound, title="更换道闸", petition=True
    )
    services.petition_sign(proposal=petition, by=people[0])
    PetitionShare.objects.filter(proposal=petition).update(heads=77)  # what the page shows
    client.force_login(resident)
    page = client.get(reverse("deliberation:proposal", args=[petition.pk])).content.decode()
    assert "77" in page and 'data-testid="petition"' in page

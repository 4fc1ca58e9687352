"""Home's "待我投票" agrees with deliberation's own rules of who may cast for which home
(issue 12 item 2): the named voter or co-owner named for one of an owner's homes, the holder
of a valid written proxy for every home of that owner; never where a counted paper ballot
prevails; open votes only."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from deliberation import services
from deliberation.models import OwnersVote
from tests import factories as f
from tests.compounds.test_services import photo
from tests.deliberation.test_votes import cast, open_vote, pdf

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def _waiting(client, user) -> str:
    """The votes slot of the user's home page."""
    client.force_login(user)
    html = client.get("/", **ZH).content.decode()
    return html.split('data-testid="votes-slot"')[1].split("</section>")[0]


def _url(vote) -> str:
    return reverse("deliberation:vote", args=[vote.pk])


def _home(place, door, *owners, voter):
    unit = f.UnitFactory(
        building=place.building, entrance="6单元", door=door, area=Decimal("100.00")
    )
    relation = "owner" if len(owners) == 1 else "co_owner"
    for owner in owners:
        f.ResidencyFactory(user=owner, unit=unit, relation=relation, is_voter=owner == voter)
    return unit


def _proxy(vote, unit, owner, holder):
    return services.proxy_register(
        vote=vote,
        unit=unit,
        owner=owner,
        proxy_phone=holder.phone,
        matters="本次表决",
        valid_until=vote.closes_at,
        scan=photo("委托书.jpg"),
    )


def _paper(vote, unit, building_head, volunteer):
    (paper,) = cast(vote, building_head, "for", unit=unit, channel="paper", scan=pdf())
    services.ballot_verify(ballot_id=paper.pk, by=volunteer)


def test_a_proxy_holder_only_is_listed(
    client, place, committee_chair, resident, other_owner, clock
):
    vote = open_vote(place, committee_chair, clock)
    assert _url(vote) not in _waiting(client, other_owner)  # an owner elsewhere: not on this roll
    _proxy(vote, resident.residencies.get().unit, resident, other_owner)
    assert _waiting(client, other_owner).count(_url(vote)) == 1


def test_a_proxy_for_only_one_of_an_owners_homes_casts_nothing(
    client, place, committee_chair, other_owner, clock
):
    p = f.UserFactory()
    u1, _u2 = _home(place, "101", p, voter=p), _home(place, "102", p, voter=p)
    vote = open_vote(place, committee_chair, clock)
    _proxy(vote, u1, p, other_owner)  # ballot_cast refuses: not every home of the owner
    assert _url(vote) not in _waiting(client, other_owner)


def test_the_named_voter_of_one_of_several_same_owner_homes_is_listed_once(
    client, place, committee_chair, clock
):
    p, q = f.UserFactory(), f.UserFactory()
    _home(place, "101", p, q, voter=p)
    _home(place, "102", p, q, voter=p)
    _home(place, "103", p, q, voter=q)
    vote = open_vote(place, committee_chair, clock)
    assert _waiting(client, p).count(_url(vote)) == 1
    assert _waiting(client, q).count(_url(vote)) == 1


def test_a_co_owner_not_named_to_vote_is_not_listed(client, place, committee_chair, clock):
    p, q = f.UserFactory(), f.UserFactory()
    _home(place, "101", p, q, voter=p)
    vote = open_vote(place, committee_chair, clock)
    assert _url(vote) in _waiting(client, p)
    assert _url(vote) not in _waiting(client, q)


def test_a_home_whose_counted_paper_ballot_prevails_is_not_listed(
    client, place, committee_chair, resident, other_owner, building_head, volunteer, clock
):
    vote = open_vote(place, committee_chair, clock)
    home = resident.residencies.get().unit
    _proxy(vote, home, resident, other_owner)
    _paper(vote, home, building_head, volunteer)
    assert _url(vote) not in _waiting(client, resident)
    assert _url(vote) not in _waiting(client, other_owner)  # before: listed for the proxy
    OwnersVote.objects.filter(pk=vote.pk).update(paper_prevails=False)
    for user in (resident, other_owner):  # an online ballot may now replace the paper one
        assert _url(vote) in _waiting(client, user)


def test_a_home_with_an_online_ballot_is_listed_as_voted(
    client, place, committee_chair, resident, other_owner, clock
):
    vote = open_vote(place, committee_chair, clock)
    _proxy(vote, resident.residencies.get().unit, resident, other_owner)
    with translation.override("zh-hans"):
        voted = gettext("voted, you may change it")
    assert voted not in _waiting(client, resident)
    cast(vote, resident)
    for user in (resident, other_owner):
        slot = _waiting(client, user)
        assert _url(vote) in slot and voted in slot


def test_a_vote_not_yet_open_or_closed_is_not_listed(
    client, place, committee_chair, resident, clock
):
    vote = open_vote(place, committee_chair, clock)
    clock.move_to(vote.opens_at - timedelta(minutes=1))
    assert _url(vote) not in _waiting(client, resident)
    clock.move_to(vote.opens_at)
    assert _url(vote) in _waiting(client, resident)
    clock.move_to(vote.closes_at)
    assert _url(vote) not in _waiting(client, resident)

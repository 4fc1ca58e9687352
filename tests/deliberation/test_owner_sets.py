"""Owners' votes counted by the set of owners of each home (法释〔2009〕7号 第九条, issue 11
item 1): a ballot for one home never casts one for a home whose owners differ; homes with
the same owners vote as one; a roll frozen before keeps its key and says so; the frozen
roll names the area sources it used (第八条); `recount` agrees with every stored result."""

import json
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from deliberation import queries, services
from deliberation.models import Ballot, OwnersVote, RollEntry
from tests import factories as f
from tests.deliberation.test_votes import draft, open_vote

pytestmark = pytest.mark.django_db


def _home(place, door, *owners, voter=None, source="register"):
    unit = f.UnitFactory(
        building=place.building, entrance="6单元", door=door, area=Decimal("100.00"),
        area_source=source,
    )  # fmt: skip
    relation = "owner" if len(owners) == 1 else "co_owner"
    for owner in owners:
        f.ResidencyFactory(user=owner, unit=unit, relation=relation, is_voter=owner == voter)
    return unit


def _cast(vote, user, unit, choice):
    topic = vote.topics.get()
    return services.ballot_cast(
        vote_id=vote.pk, unit_id=unit.pk, by=user, choices={topic.pk: choice}
    )


def _close(vote, clock):
    clock.move_to(vote.closes_at)
    services.close_due()
    vote.refresh_from_db()
    return vote.topics.get()


def test_a_ballot_for_ones_own_home_never_casts_one_for_a_home_shared_with_another(
    place, committee_chair, clock
):
    p, q = f.UserFactory(), f.UserFactory()
    a = _home(place, "101", p)  # {P}
    b = _home(place, "102", p, q, voter=p)  # {P, Q}: P votes for it
    vote = open_vote(place, committee_chair, clock)
    (ballot,) = _cast(vote, p, a, "for")  # before: it also wrote a ballot for B
    assert ballot.unit_id == a.pk
    assert not Ballot.objects.filter(vote=vote, unit=b).exists()
    with pytest.raises(PermissionDenied):  # Q is not named to vote for B
        _cast(vote, q, b, "against")
    _cast(vote, p, b, "against")  # P, named for B, casts its own ballot
    _cast(vote, committee_chair, committee_chair.residencies.get().unit, "for")
    result = _close(vote, clock).result
    # By hand: the chair {C} 89.50 m², A {P} 100, B {P, Q} 100 — three owners. For: C and
    # A (189.50 m², 2 owners); against: B (100 m², 1 owner). 2 of 3 > half; 189.50 of
    # 289.50 > half: passes.
    assert (result["total_heads"], result["participating_heads"]) == (3, 3)
    assert (result["for_heads"], result["against_heads"]) == (2, 1)
    assert (result["for_area"], result["against_area"]) == ("189.50", "100.00")
    assert result["approved"] is True


def test_homes_with_the_same_owners_vote_as_one_whoever_is_named_for_each(
    place, committee_chair, clock
):
    p, q = f.UserFactory(), f.UserFactory()
    u1 = _home(place, "101", p, q, voter=p)
    u2 = _home(place, "102", p, q, voter=q)
    vote = open_vote(place, committee_chair, clock)
    keys = set(vote.roll.filter(unit__in=[u1, u2]).values_list("head_key", flat=True))
    assert keys == {f"owners:{min(p.pk, q.pk)},{max(p.pk, q.pk)}"}
    for person in (p, q):  # both see one ballot for both homes
        (group,) = queries.ballot_groups(vote, person)
        assert len(group.labels) == 2
    assert {b.unit_id for b in _cast(vote, p, u1, "for")} == {u1.pk, u2.pk}
    assert {b.unit_id for b in _cast(vote, q, u2, "against")} == {u1.pk, u2.pk}  # Q changes it
    topic = _close(vote, clock)
    # By hand: {C} 89.50 m² and {P, Q} 200 m² — two owners; {P, Q} against, nobody for.
    assert (topic.result["total_heads"], topic.result["against_heads"]) == (2, 1)
    assert topic.result["against_area"] == "200.00" and topic.result["for_heads"] == 0


def test_a_roll_frozen_before_keeps_its_key_and_says_so(client, place, committee_chair, clock):
    p, q = f.UserFactory(), f.UserFactory()
    a = _home(place, "101", p)
    b = _home(place, "102", p, q, voter=p)
    vote = open_vote(place, committee_chair, clock)
    # As the migration leaves a roll frozen before: the head rule "voter", keys by voter.
    for entry in vote.roll.all():
        RollEntry.objects.filter(pk=entry.pk).update(head_key=f"person:{entry.voter_id}")
    OwnersVote.objects.filter(pk=vote.pk).update(head_rule="voter")
    vote.refresh_from_db()
    assert {bl.unit_id for bl in _cast(vote, p, a, "for")} == {a.pk, b.pk}  # as frozen
    client.force_login(p)
    page = client.get(reverse("deliberation:vote", args=[vote.pk])).content.decode()
    head_rule = page.split('data-testid="head-rule">')[1].split("</dd>")[0]
    assert "第九条" not in head_rule  # it says the old rule, not the owner sets
    topic = _close(vote, clock)
    assert topic.result["total_heads"] == 2  # {C} and P (voter of A and B)
    assert queries.recount_closed() == []
    with zipfile.ZipFile(BytesIO(queries.audit_bundle(vote, topic))) as z:
        assert json.loads(z.read("bundle/matter.json"))["head_rule"] == "voter"


def test_the_page_and_the_bundle_say_the_roll_counts_owner_sets(
    client, place, committee_chair, resident, clock
):
    vote = open_vote(place, committee_chair, clock)
    assert vote.head_rule == "owner_set"
    client.force_login(resident)
    page = client.get(reverse("deliberation:vote", args=[vote.pk])).content.decode()
    head_rule = page.split('data-testid="head-rule">')[1].split("</dd>")[0]
    assert "第九条" in head_rule and 'data-testid="rules"' in page
    topic = _close(vote, clock)
    with zipfile.ZipFile(BytesIO(queries.audit_bundle(vote, topic))) as z:
        matter = json.loads(z.read("bundle/matter.json"))
    assert matter == {"item": 5, "head_rule": "owner_set", "invalid_participate": True}


def test_the_frozen_roll_names_the_area_sources_it_used_and_the_rule_of_article_nine(
    place, committee_chair, clock
):
    _home(place, "101", f.UserFactory(), source="survey")
    _home(place, "102", f.UserFactory(), source="contract")
    with translation.override("en"):
        vote = open_vote(place, committee_chair, clock)
    text = vote.roll_source
    # The chair's home (register), 101 (survey), 102 (contract): three units, three owners.
    assert "the real-estate register (1 unit)" in text
    assert "a surveying body's measurement (1 unit)" in text
    assert "the purchase contract (1 unit)" in text
    assert "第八条" in text and "第九条" in text and "exactly the same owners" in text
    assert text.endswith("3 units, 3 owners.")
    _home(place, "103", f.UserFactory())  # registered after the notice: the roll is frozen
    assert vote.roll.count() == 3


def test_recount_agrees_with_every_stored_result(place, committee_chair, resident, clock):
    vote = open_vote(place, committee_chair, clock)
    _cast(vote, resident, resident.residencies.get().unit, "for")
    _close(vote, clock)
    other = draft(place, committee_chair)
    assert queries.recount_closed() == [] and other.head_rule == "owner_set"

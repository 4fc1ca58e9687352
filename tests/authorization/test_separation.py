"""Separation of duties (issue 16, item 5), each enforced by the service — so a post made
by hand meets it too — refused by the page with a 403 that says why, and writing nothing:

- whoever recorded or submitted a finance entry never approves it (记账与审核分离);
- nobody sits on the owners' committee and the supervisory committee at once (an election
  that would seat them so keeps the count and reports the problem: test_integrity_edges);
- a paper ballot is verified by a second collector: never by who entered it, nor by the
  owner whose ballot it is."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from compounds.models import Body
from tests import factories as f
from tests.authorization.conftest import deliberation_cast
from tests.authorization.probe import changed_tables, fingerprint


def _refused(client, user, url, words: str, language: str = "zh-hans") -> None:
    """The post is a 403 whose page says `words`, and nothing is written. (Sentences new
    with issue 16 are checked in English until locale/ has their Chinese.)"""
    client.force_login(user)
    before = fingerprint()
    response = client.post(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert words in response.content.decode()
    assert not changed_tables(before, fingerprint())


def test_whoever_made_an_entry_never_approves_it(db, client, sides):
    from finance import services
    from finance import workflow as ledger
    from finance.models import Entry
    from tests.finance.conftest import record

    a = sides.a
    supervisor, chair = a.people.supervisor, a.people.committee_chair
    # A small compound: the supervisory member keeps an account too.
    services.appoint_keeper(account=a.account, actor=chair, holder=supervisor)
    entry = record(a.account, supervisor)
    ledger.perform(entry.pk, "submit", actor=supervisor)
    with (
        pytest.raises(PermissionDenied, match="another member of the supervisory committee"),
        translation.override("en"),
    ):
        ledger.perform(entry.pk, "approve", actor=supervisor)
    assert "approve" not in ledger.allowed_actions(supervisor, entry)
    url = reverse("finance:entry_action", args=[entry.pk, "approve"])
    _refused(client, supervisor, url, "记账与审核分离", language="en")
    other = f.UserFactory()
    f.MembershipFactory(body=Body.objects.get(compound=a.compound, kind="supervisory_committee"),
                        user=other)  # fmt: skip
    ledger.perform(entry.pk, "approve", actor=other)
    assert Entry.objects.get(pk=entry.pk).state == Entry.State.POSTED


@pytest.mark.parametrize(
    ("member", "joins"),
    [("committee_chair", "supervisory_committee"), ("supervisor", "owners_committee")],
)
def test_nobody_sits_on_both_committees(db, sides, member, joins):
    from compounds.services import membership_add

    a = sides.a
    body = Body.objects.get(compound=a.compound, kind=joins)
    before = fingerprint()
    with pytest.raises(ValidationError) as refused, translation.override("zh-hans"):
        membership_add(body=body, user=getattr(a.people, member))
    assert refused.value.code == "independence"
    with translation.override("zh-hans"):
        assert "不得同时担任业委会和监委会" in " ".join(refused.value.messages)
    assert not changed_tables(before, fingerprint())


def _verify_url(ballot) -> str:
    return reverse("deliberation:verify", args=[ballot.vote_id, ballot.pk])


def test_the_collector_who_entered_a_paper_ballot_does_not_verify_it(db, client, sides):
    from deliberation import services

    a = sides.a  # the building head entered the resident's paper ballot
    with pytest.raises(ValidationError, match="另一人"), translation.override("zh-hans"):
        services.ballot_verify(ballot_id=a.paper.pk, by=a.people.building_head)
    _refused(client, a.people.building_head, _verify_url(a.paper), "另一人核验")
    client.force_login(a.people.volunteer)
    assert client.post(_verify_url(a.paper)).status_code == 302
    a.paper.refresh_from_db()
    assert a.paper.counted and a.paper.verified_by == a.people.volunteer


def test_a_collector_does_not_verify_the_paper_ballot_of_their_own_home(db, client, sides):
    from deliberation import services

    a = sides.a
    volunteer, chair = a.people.volunteer, a.people.committee_chair  # both collect
    (ballot, *_rest) = deliberation_cast(a.vote, a.people.building_head, volunteer)
    client.force_login(volunteer)
    page = client.get(reverse("deliberation:paper", args=[a.vote.pk])).content.decode()
    assert _verify_url(ballot) not in page and _verify_url(a.paper) in page
    with pytest.raises(ValidationError, match="your own home"), translation.override("en"):
        services.ballot_verify(ballot_id=ballot.pk, by=volunteer)
    _refused(client, volunteer, _verify_url(ballot), "your own home", language="en")
    client.force_login(chair)
    assert client.post(_verify_url(ballot)).status_code == 302
    ballot.refresh_from_db()
    assert ballot.counted and ballot.verified_by == chair

"""The queues restate rules of requests/permissions.py as querysets. On the demo data,
persona by persona and request by request, each queue holds exactly the requests the rule
grants: "waiting for us" = TEAM, HANDLER or DEPARTMENT; "everything in my area" =
DISPATCHER; the help board = VOLUNTEER on an order still to take; "my requests" = reporter
or follower. A change to one without the other fails here."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from compounds.models import RoleAssignment
from requests import queries
from requests.models import Follower, Request
from requests.permissions import Party, access_request, parties_of

pytestmark = pytest.mark.django_db

WAITING = {Party.TEAM, Party.HANDLER, Party.DEPARTMENT}


@pytest.fixture
def demo(db):
    call_command("seed_demo")
    users = get_user_model().objects
    people = list(users.filter(phone__startswith="+86138000000"))
    people += list(users.filter(role_assignments__role=RoleAssignment.Role.DEPARTMENT_STAFF))
    return people, list(Request.objects.select_related("compound__community", "building"))


def _ids(rows) -> set[int]:
    return set(rows.values_list("pk", flat=True))


def test_the_queues_hold_what_the_rules_grant(demo):
    people, requests = demo
    assert len(people) == 11 and len(requests) > 10
    checked = set()
    for user in people:
        parties = {r.pk: parties_of(user, r) for r in requests}
        team = _ids(queries.queue(user, scope="team", state="all"))
        area = _ids(queries.queue(user, scope="area", state="all"))
        board = _ids(queries.help_board(user))
        for r in requests:
            mine = parties[r.pk]
            assert (r.pk in team) == bool(mine & WAITING), (user, r, mine)
            assert (r.pk in area) == (Party.DISPATCHER in mine), (user, r, mine)
            takeable = r.state in (Request.State.SUBMITTED, Request.State.ACCEPTED)
            assert (r.pk in board) == (Party.VOLUNTEER in mine and takeable), (user, r)
            checked |= mine
    # The demo exercises every party a person can be, so no branch above went untested.
    assert checked >= set(Party) - {Party.SYSTEM}, checked


def test_my_requests_are_the_ones_i_reported_or_follow_and_i_may_open_them(demo):
    people, requests = demo
    followed = {(f.user_id, f.request_id) for f in Follower.objects.all()}
    for user in people:
        listed = _ids(queries.mine(user))
        expected = {
            r.pk for r in requests if r.reporter_id == user.pk or (user.pk, r.pk) in followed
        }
        assert listed == expected, user
        for pk in listed:
            assert access_request(user, pk).pk == pk


def test_a_worker_whose_contract_ended_is_no_party_and_sees_nothing(demo):
    """The property contract of 翡翠谷小区 ends: its worker loses every request, even those
    dispatched to him, in the rule and in every queue at once."""
    from datetime import timedelta

    from django.http import Http404
    from django.utils import timezone

    from compounds.models import Compound

    worker = get_user_model().objects.get(phone="+8613800000006")
    mine = Request.objects.filter(handler=worker)
    assert mine.exists()
    Compound.objects.filter(property_company__isnull=False).update(
        contract_end=timezone.localdate() - timedelta(days=1)
    )
    worker = get_user_model().objects.get(pk=worker.pk)  # a new request: fresh standing
    assert not _ids(queries.queue(worker, scope="team", state="all"))
    assert not _ids(queries.queue(worker, scope="area", state="all"))
    for item in mine:
        assert parties_of(worker, item) == set()
        with pytest.raises(Http404):
            access_request(worker, item.pk)


def test_the_workbench_offers_filing_for_neighbours_exactly_where_the_rule_allows(demo):
    """may_file_for answers from the standing without a query; it must agree with the rule
    "request.file_for" asked compound by compound."""
    from requests.permissions import compounds_to_file_for, may_file_for

    people, _requests = demo
    agreed = {p.pk: may_file_for(p) == bool(compounds_to_file_for(p)) for p in people}
    assert all(agreed.values()), agreed
    assert any(may_file_for(p) for p in people) and not all(may_file_for(p) for p in people)

"""What the entry page offers is what the workflow accepts, person by person: a button
shown is a move that succeeds, a move not shown is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from finance import workflow as ledger
from finance.capabilities import entry_capabilities
from finance.models import Entry
from tests.finance.conftest import record

pytestmark = pytest.mark.django_db
PEOPLE = ["resident", "committee_chair", "party_secretary", "supervisor", "street_staff"]


@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_offered_moves_succeed_and_the_others_are_refused(request, books, party_secretary, state):
    entry = record(books, party_secretary)
    if state == "submitted":
        ledger.perform(entry.pk, "submit", actor=party_secretary)
    for name in PEOPLE:
        person = request.getfixturevalue(name)
        entry = Entry.objects.select_related("account__compound__community").get(pk=entry.pk)
        offered = set(entry_capabilities(person, entry).actions)
        for action in ("submit", "approve", "return"):
            with transaction.atomic():
                try:
                    ledger.perform(entry.pk, action, actor=person, note="请更正")
                    done = True
                except (PermissionDenied, ValidationError):
                    done = False
                transaction.set_rollback(True)
            assert done == (action in offered), (name, state, action, offered)

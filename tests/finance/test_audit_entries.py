"""An entry's review is audited step by step (issue 16, item 9): submit, approve and
return each write one event with the state before and after."""

import pytest

from finance import workflow as ledger
from portal.models import AuditEvent
from tests.finance.conftest import record

pytestmark = pytest.mark.django_db


def codes(entry) -> list[str]:
    events = AuditEvent.objects.filter(target_type="finance.entry", target_id=entry.pk)
    return [e.code for e in events]


def test_submit_return_and_approve_each_write_an_event(place, books, party_secretary, supervisor):
    entry = record(books, party_secretary)
    ledger.perform(entry.pk, "submit", actor=party_secretary)
    ledger.perform(entry.pk, "return", actor=supervisor, note="缺发票")
    ledger.perform(entry.pk, "submit", actor=party_secretary)
    ledger.perform(entry.pk, "approve", actor=supervisor)
    assert codes(entry) == [
        "finance.entry.submit",
        "finance.entry.return",
        "finance.entry.submit",
        "finance.entry.approve",
        "finance.entry.post",
    ]
    returned = AuditEvent.objects.get(code="finance.entry.return")
    assert returned.actor == supervisor
    assert returned.compound_id == place.compound.pk
    assert returned.old == {"state": "submitted"}
    assert returned.new == {"state": "returned", "note": "缺发票"}
    submitted = AuditEvent.objects.filter(code="finance.entry.submit").first()
    assert (submitted.actor, submitted.old, submitted.new) == (
        party_secretary,
        {"state": "draft"},
        {"state": "submitted"},
    )
    # Every event of the books, old or new, knows its compound.
    assert not AuditEvent.objects.filter(compound_id=None).exists()

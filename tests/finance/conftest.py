"""A compound's books for the finance tests: the party secretary keeps the accounts, the
supervisor checks, the committee chair opened them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from deliberation.models import Proposal
from finance import services
from finance import workflow as ledger
from tests.compounds.test_services import photo


def open_kept(place, chair, keeper, kind="common_income", name="公共收益", opening="1000.00"):
    account = services.open_account(
        compound=place.compound, actor=chair, kind=kind, name=name, opening_balance=Decimal(opening)
    )
    services.appoint_keeper(account=account, actor=chair, holder=keeper)
    return account


def fields(**overrides) -> dict:
    data = {
        "direction": "expense",
        "occurred_on": timezone.localdate(),
        "amount": Decimal("120.00"),
        "category": "cleaning",
        "counterparty": "保洁公司",
        "description": "楼道保洁",
        "mandate": None,
    }
    return data | overrides


def record(account, keeper, receipts=None, **overrides):
    receipts = [photo("receipt.jpg")] if receipts is None else receipts
    return services.record_entry(
        account=account, actor=keeper, fields=fields(**overrides), receipts=receipts
    )


def post(account, keeper, checker, **overrides):
    """An entry recorded, submitted and approved: posted."""
    entry = record(account, keeper, **overrides)
    ledger.perform(entry.pk, "submit", actor=keeper)
    ledger.perform(entry.pk, "approve", actor=checker)
    entry.refresh_from_db()
    return entry


def resolution(place, raised_by, budget="12000.00", funding="maintenance_fund", **extra):
    """A proposal the owners decided to approve, with its budget (its path through the five
    stages is deliberation's, tested there)."""
    return Proposal.objects.create(
        compound=place.compound,
        title=extra.pop("title", "下水道盖板整修"),
        raised_by=raised_by,
        budget_estimate=Decimal(budget) if budget is not None else None,
        funding_source=funding,
        stage=Proposal.Stage.EVALUATE,
        decision=extra.pop("decision", Proposal.Decision.APPROVED),
        **extra,
    )


@pytest.fixture
def books(place, committee_chair, party_secretary):
    return open_kept(place, committee_chair, party_secretary)


@pytest.fixture
def fund(place, committee_chair, party_secretary):
    return open_kept(
        place, committee_chair, party_secretary, kind="maintenance_fund", name="维修资金",
        opening="50000.00",
    )  # fmt: skip


def last_month():
    return timezone.localdate().replace(day=1) - timedelta(days=1)


@pytest.fixture(autouse=True)
def _chinese():
    """Services speak the reader's language: these tests read their messages in Chinese,
    whatever an earlier test's request left active."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


def at_once(step, entries) -> list[str]:
    """Run `step(entry)` for each entry in its own thread, released together: "done" or
    "refused" (a ValidationError) for each (the race helper of the mandate tests)."""
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connections

    barrier = threading.Barrier(len(entries))
    outcomes = []

    def go(entry):
        try:
            barrier.wait()
            step(entry)
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(e,)) for e in entries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)

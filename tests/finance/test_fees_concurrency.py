"""Two keepers (or two tabs) at once, on PostgreSQL: a statement confirmed twice at the
same moment is recorded once, and a month raised twice at once is raised once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from finance import services
from finance.models import Entry, FeeCharge, FeePayment
from tests.finance.fees_world import fee_account, gbk_csv, months, second_building

pytestmark = pytest.mark.django_db(transaction=True)


def both_at_once(action) -> list[str]:
    barrier, outcomes = threading.Barrier(2), []

    def go():
        try:
            barrier.wait()
            outcomes.append(action())
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def fees(place, committee_chair, party_secretary):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")
    return fee_account(place, committee_chair, party_secretary)


def test_one_statement_confirmed_twice_at_once_is_recorded_once(place, fees, party_secretary):
    second_building(place)
    data = gbk_csv("2026-11-03,100.00,甲,19-1-101,A1", "2026-11-04,60.00,乙,19-1-102,A2")
    preview = services.fee_import_preview(
        account=fees, actor=party_secretary, data=data, filename="a.csv"
    )
    outcomes = both_at_once(
        lambda: (
            services.fee_import_confirm(account=fees, actor=party_secretary, token=preview.token)
            and "recorded"
        )
    )
    assert sorted(outcomes) == ["recorded", "refused"]
    assert FeePayment.objects.count() == 2
    assert Entry.objects.count() == 1


def test_a_month_raised_twice_at_once_is_raised_once(place, fees, party_secretary):
    second_building(place)
    outcomes = both_at_once(
        lambda: services.fee_charges_raise(account=fees, actor=party_secretary, month=months()[1])
    )
    # The chair's and the keeper's homes and 19栋's two: raised by one, nothing by the other.
    assert sorted(outcomes) == [0, 4]
    assert FeeCharge.objects.count() == 4

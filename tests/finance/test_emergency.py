"""应急使用 (issue 14, item 3): an expense from the maintenance fund for a listed emergency
goes ahead before a resolution once the owners' committee approved it and community staff
confirmed it; it is flagged on the ledger and the next disclosure, and ratified later."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from deliberation.models import MatterItem
from finance import services, statements
from finance import workflow as ledger
from finance.models import Entry, EntryEvent, Ratification
from portal.notifications.models import Notification
from tests.finance.conftest import record, resolution

pytestmark = pytest.mark.django_db


def emergency(fund, keeper, **overrides):
    return record(
        fund, keeper, amount=Decimal("6800.00"), category="repairs", emergency="lift", **overrides
    )


def sign(entry, action, actor):
    return services.emergency_sign(entry_id=entry.pk, action=f"emergency_{action}", actor=actor)


def test_without_both_signatures_the_fund_is_not_spent(
    fund, party_secretary, committee_chair, community_staff, supervisor
):
    entry = emergency(fund, party_secretary)
    with pytest.raises(ValidationError, match="业主委员会"):
        ledger.perform(entry.pk, "submit", actor=party_secretary)
    sign(entry, "approve", committee_chair)
    with pytest.raises(ValidationError, match="业主委员会"):
        ledger.perform(entry.pk, "submit", actor=party_secretary)  # staff not yet
    sign(entry, "confirm", community_staff)
    ledger.perform(entry.pk, "submit", actor=party_secretary)
    ledger.perform(entry.pk, "approve", actor=supervisor)  # the supervisory review still holds
    assert Entry.objects.get(pk=entry.pk).state == "posted"
    actions = set(EntryEvent.objects.filter(entry=entry).values_list("action", flat=True))
    assert {"emergency_approve", "emergency_confirm"} <= actions


def test_who_signs(fund, party_secretary, committee_chair, community_staff, supervisor, resident):
    entry = emergency(fund, party_secretary)
    for outsider in (resident, supervisor, community_staff):
        with pytest.raises(PermissionDenied):
            sign(entry, "approve", outsider)  # only the owners' committee approves
    for outsider in (resident, committee_chair):
        with pytest.raises(PermissionDenied):
            sign(entry, "confirm", outsider)  # only community staff confirm
    sign(entry, "approve", committee_chair)
    with pytest.raises(ValidationError):
        sign(entry, "approve", committee_chair)  # once


def test_the_maker_never_approves_their_own_emergency(
    place, fund, committee_chair, party_secretary
):
    services.appoint_keeper(account=fund, actor=committee_chair, holder=committee_chair)
    entry = emergency(fund, committee_chair)
    with pytest.raises(PermissionDenied):
        sign(entry, "approve", committee_chair)


def test_a_correction_voids_the_signatures(fund, party_secretary, committee_chair, community_staff):
    entry = emergency(fund, party_secretary)
    sign(entry, "approve", committee_chair)
    sign(entry, "confirm", community_staff)
    changed = dict(
        direction="expense", occurred_on=entry.occurred_on, amount=Decimal("68000.00"),
        category="repairs", counterparty="电梯公司", description="", mandate=None,
        emergency="lift",
    )  # fmt: skip
    services.change_entry(entry=entry, actor=party_secretary, fields=changed)
    entry.refresh_from_db()
    assert entry.emergency_approved_by_id is None and entry.emergency_confirmed_by_id is None
    with pytest.raises(ValidationError):
        ledger.perform(entry.pk, "submit", actor=party_secretary)


@pytest.mark.parametrize(
    "overrides, words",
    [
        ({"emergency": "meteor", "category": "repairs"}, "所列的紧急情况"),
        ({"emergency": "lift", "direction": "income", "category": "interest"}, "维修资金的支出"),
    ],
)
def test_what_is_not_an_emergency_use(fund, party_secretary, overrides, words):
    with pytest.raises(ValidationError, match=words):
        record(fund, party_secretary, amount=Decimal("10.00"), **overrides)
    assert not Entry.objects.exists()


def test_only_the_maintenance_fund_has_emergencies(books, party_secretary):
    with pytest.raises(ValidationError, match="维修资金的支出"):
        record(books, party_secretary, emergency="lift")


def test_an_emergency_with_a_resolution_is_not_an_emergency(
    place, fund, party_secretary, committee_chair
):
    decided = resolution(place, committee_chair)
    with pytest.raises(ValidationError, match="引用决议"):
        record(fund, party_secretary, emergency="lift", mandate=decided)


@override_settings(FINANCE_EMERGENCIES=["fire_equipment"])
def test_the_list_is_a_setting(fund, party_secretary):
    with pytest.raises(ValidationError):
        record(fund, party_secretary, emergency="lift")
    record(fund, party_secretary, emergency="fire_equipment")


def test_the_committee_and_staff_are_told(fund, party_secretary, committee_chair, community_staff):
    entry = emergency(fund, party_secretary)
    told = set(
        Notification.objects.filter(
            event="finance.entry", url__contains=f"/{entry.pk}/"
        ).values_list("recipient_id", flat=True)
    )
    assert {committee_chair.pk, community_staff.pk} <= told
    assert party_secretary.pk not in told


def test_flagged_on_the_disclosure_and_ratified_later(
    place, fund, party_secretary, committee_chair, community_staff, supervisor
):
    entry = emergency(fund, party_secretary)
    sign(entry, "approve", committee_chair)
    sign(entry, "confirm", community_staff)
    ledger.perform(entry.pk, "submit", actor=party_secretary)
    ledger.perform(entry.pk, "approve", actor=supervisor)
    start, end = statements.period_of(fund, entry.occurred_on)
    line = statements.figures(fund, start, end)["lines"][0]
    assert line["emergency"] == "lift" and line["ratified_by"] is None

    ordinary = resolution(place, committee_chair)  # not a vote on using the fund
    posted = Entry.objects.get(pk=entry.pk)
    with pytest.raises(ValidationError):
        services.ratify(entry=posted, proposal=ordinary, actor=party_secretary)
    vote = resolution(place, committee_chair, matter_item=MatterItem.USE_FUND, title="追认电梯抢修")
    with pytest.raises(PermissionDenied):
        services.ratify(entry=posted, proposal=vote, actor=supervisor)
    services.ratify(entry=posted, proposal=vote, actor=party_secretary)
    with pytest.raises(ValidationError):
        services.ratify(entry=posted, proposal=vote, actor=committee_chair)  # once
    assert Ratification.objects.get(entry=posted).proposal == vote
    line = statements.figures(fund, start, end)["lines"][0]
    assert line["ratified_by"] == vote.pk


def test_pages(
    client, place, fund, party_secretary, committee_chair, community_staff, supervisor, resident
):
    entry = emergency(fund, party_secretary)
    url = reverse("finance:entry", args=[entry.pk])
    client.force_login(resident)
    assert client.get(url).status_code == 404  # a draft is the committees'
    client.force_login(community_staff)
    page = client.get(url).content.decode()
    assert 'data-testid="emergency-confirm"' in page and "电梯故障" in page
    assert client.post(reverse("finance:emergency", args=[entry.pk, "approve"])).status_code == 403
    client.post(reverse("finance:emergency", args=[entry.pk, "confirm"]))
    client.force_login(committee_chair)
    assert 'data-testid="emergency-approve"' in client.get(url).content.decode()
    client.post(reverse("finance:emergency", args=[entry.pk, "approve"]))
    assert client.post(reverse("finance:emergency", args=[entry.pk, "nonsense"])).status_code == 404
    ledger.perform(entry.pk, "submit", actor=party_secretary)
    ledger.perform(entry.pk, "approve", actor=supervisor)
    client.force_login(resident)
    ledger_page = client.get(reverse("finance:account", args=[fund.pk])).content.decode()
    assert 'data-testid="emergency"' in ledger_page
    assert "下次业主表决时追认" in client.get(url).content.decode()

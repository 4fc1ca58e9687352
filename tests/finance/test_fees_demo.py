"""The demo's fee records (issue 14: "fee records with arrears"): a year of charges in
翡翠谷小区, one bank import with one unmatched line, 刘桂英 and a committee member in
arrears, and the 北京 rule's mark when the setting is on."""

import pytest
from django.urls import reverse

from compounds.models import Compound, Residency
from finance import arrears
from finance.models import Account, Entry, FeeBatch, FeeCharge, UnmatchedLine
from portal.site.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_demo_has_fee_records_with_arrears(client, settings):
    seed_demo()
    fcg = Compound.objects.get(name="翡翠谷小区")
    fees = Account.objects.get(compound=fcg, kind="property_fee")
    assert FeeCharge.objects.filter(account=fees).values("period_start").distinct().count() == 12
    assert UnmatchedLine.objects.filter(account=fees).count() == 1
    bank = FeeBatch.objects.get(account=fees, source="bank")
    assert bank.entry.state == Entry.State.POSTED
    owing = {a.unit_id for a in arrears.arrears_list(fees)}
    owner_home = Residency.objects.get(user__phone="+8613800000001").unit_id
    assert owner_home in owing and len(owing) == 5
    seed_demo()  # run twice: nothing new
    assert FeeBatch.objects.filter(account=fees).count() == 2
    settings.FINANCE_MARK_COMMITTEE_ARREARS = True
    client.force_login(Residency.objects.get(user__phone="+8613800000001").user)
    page = client.get(reverse("compounds:bodies", args=[fcg.pk])).content.decode()
    assert page.count('data-testid="member-mark"') == 1

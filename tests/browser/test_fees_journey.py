"""Property fees in Chromium at phone size (issue 14 item 10): the keeper uploads a bank
statement in GBK, the preview shows one line with no unit, the keeper confirms and the
unmatched line stays listed on the fees page; the owner opens their own fees and sees
what their home owes. (Selectors are test ids: the fee pages' words are translated after
merging.)"""

import pytest
from playwright.sync_api import expect

from finance import services
from finance.models import FeePayment, UnmatchedLine
from tests.browser.test_compounds_journeys import _sign_in
from tests.browser.test_requests_journeys import _as
from tests.finance.fees_world import fee_account, gbk_csv, months, second_building

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_keeper_imports_a_statement_and_owner_sees_their_arrears(
    page, browser, live_server, place, committee_chair, party_secretary, resident, tmp_path,
    assert_accessible,
):  # fmt: skip
    fees = fee_account(place, committee_chair, party_secretary)
    second_building(place)
    services.fee_charges_raise(account=fees, actor=party_secretary, month=months()[1])
    statement = tmp_path / "流水.csv"
    statement.write_bytes(
        gbk_csv(
            "2026-11-03,100.00,周明华,18栋2单元201物业费,A1",
            "2026-11-04,60.00,刘桂英,物业费 18-2-301,A2",
            "2026-11-05,88.00,王先生,物业费,A3",
        )
    )
    _sign_in(page, party_secretary)
    page.goto(f"/finance/accounts/{fees.pk}/fees/")
    page.get_by_test_id("import-link").click()
    page.locator("input[type=file]").set_input_files(str(statement))
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("matched-line")).to_have_count(2)
    expect(page.get_by_test_id("preview-unmatched")).to_have_count(1)
    expect(page.get_by_test_id("preview-unmatched")).to_contain_text("王先生")
    assert_accessible(page)
    assert not FeePayment.objects.exists()  # nothing saved before confirming
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("unmatched-line")).to_have_count(1)
    expect(page.get_by_test_id("compound-rate")).to_be_visible()
    assert FeePayment.objects.count() == 2 and UnmatchedLine.objects.count() == 1

    context, owner = _as(browser, live_server, resident)
    owner.goto(f"/finance/compound/{place.compound.pk}/")
    owner.get_by_test_id("my-fees-link").click()
    expect(owner.get_by_test_id("my-owing")).to_contain_text("¥40.00")  # 100 charged, 60 paid
    assert_accessible(owner)
    owner.get_by_test_id("my-home").get_by_role("link").click()
    expect(owner.get_by_test_id("owing")).to_contain_text("¥40.00")
    expect(owner.get_by_test_id("payments")).to_contain_text("¥60.00")
    context.close()

"""The ledger's journey in Chromium at phone size (issue 14): the treasurer records an
expense with a receipt photo; the submitter has no approve button; the supervisory member
covers the phone number on the receipt with the keyboard and approves; the owner reads the
line on the ledger and sees only the covered receipt."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from finance.models import Entry, Receipt
from tests.browser.test_compounds_journeys import _sign_in
from tests.browser.test_requests_journeys import _as
from tests.finance.conftest import open_kept

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_treasurer_records_supervisor_covers_and_approves_owner_reads(
    page, browser, live_server, place, committee_chair, party_secretary, supervisor, resident,
    tmp_path, assert_accessible,
):  # fmt: skip
    books = open_kept(place, committee_chair, party_secretary)
    picture = tmp_path / "收据.jpg"
    Image.new("RGB", (400, 240), "white").save(picture, "JPEG")
    _sign_in(page, party_secretary)
    page.goto(f"/finance/accounts/{books.pk}/")
    page.get_by_test_id("record").click()
    assert_accessible(page)
    page.get_by_label("支出", exact=True).check()
    page.get_by_label("日期", exact=True).fill(str(books.opened_on))
    page.get_by_label("金额（元）", exact=True).fill("86.50")
    page.get_by_label("类别", exact=True).select_option(label="保洁")
    page.get_by_label("付款或收款方", exact=True).fill("惠民保洁服务部")
    page.get_by_label("凭证（照片或 PDF）", exact=True).set_input_files(str(picture))
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_test_id("state")).to_have_text("草稿")
    page.get_by_test_id("action-submit").click()
    expect(page.get_by_test_id("state")).to_have_text("待审核")
    expect(page.get_by_test_id("action-approve")).to_have_count(0)  # never one's own
    entry = Entry.objects.get()
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    forged = page.request.post(
        f"/finance/entries/{entry.pk}/approve/",
        headers={"X-CSRFToken": token, "Referer": live_server.url + "/"},
    )
    assert forged.status == 403  # the forged approval is refused, nothing changes
    assert Entry.objects.get(pk=entry.pk).state == "submitted"

    context, checker = _as(browser, live_server, supervisor)
    checker.goto(f"/finance/entries/{entry.pk}/")
    assert_accessible(checker)
    checker.get_by_role("button", name="加一个方框").click()  # focuses the picture
    checker.keyboard.press("Shift+ArrowRight")
    checker.keyboard.press("ArrowUp")
    checker.get_by_role("button", name="保存遮盖后的副本").click()
    receipt = Receipt.objects.get()
    assert receipt.boxes and receipt.redacted
    with receipt.redacted.open("rb") as covered, Image.open(io.BytesIO(covered.read())) as image:
        assert image.getpixel((200, 110))[0] < 30  # the middle of the picture is covered
    checker.get_by_test_id("action-approve").click()
    expect(checker.get_by_test_id("state")).to_have_text("已入账")
    context.close()

    owner_context, owner = _as(browser, live_server, resident)
    owner.goto(f"/finance/accounts/{books.pk}/")
    line = owner.get_by_test_id("ledger-line")
    expect(line).to_contain_text("惠民保洁服务部")
    expect(line.get_by_test_id("amount")).to_have_text("−¥86.50")
    assert_accessible(owner)
    line.get_by_role("link").first.click()
    covered = owner.get_by_test_id("redacted")
    expect(covered).to_be_visible()
    expect(owner.locator("[data-testid=redacted]").first).to_have_js_property(
        "complete", True
    )  # no eval: the CSP forbids it
    assert covered.evaluate("img => img.naturalWidth") > 0
    expect(owner.get_by_test_id("original")).to_have_count(0)
    owner_context.close()


def test_statement_drafted_approved_published_then_owner_downloads_and_asks(
    page, browser, live_server, place, committee_chair, party_secretary, supervisor, resident,
    other_owner, settings, assert_accessible,
):  # fmt: skip
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from finance.models import Account, Disclosure
    from finance.tasks import close_and_draft
    from tests.finance.conftest import post

    settings.FINANCE_CLOSE_AFTER_DAYS = 0
    books = open_kept(place, committee_chair, party_secretary)
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    Account.objects.filter(pk=books.pk).update(
        cadence="monthly", opened_on=last_month.replace(day=1)
    )
    books.refresh_from_db()
    post(books, party_secretary, supervisor, occurred_on=last_month, amount=Decimal("86.50"))
    assert close_and_draft()[:2] == (1, 1)  # the month closes, its statement is drafted
    statement = Disclosure.objects.get()

    context, checker = _as(browser, live_server, supervisor)
    checker.goto(f"/finance/disclosures/{statement.pk}/")
    checker.get_by_test_id("approve").click()
    expect(checker.get_by_test_id("state")).to_have_text("已审核，待公示")
    context.close()
    context, secretary = _as(browser, live_server, party_secretary)
    secretary.goto(f"/finance/disclosures/{statement.pk}/")
    secretary.get_by_test_id("publish").click()
    expect(secretary.get_by_test_id("state")).to_have_text("已公示")
    expect(secretary.get_by_test_id("digest")).to_contain_text(Disclosure.objects.get().digest)

    _sign_in(page, resident)  # told on home: the notice is on the board
    notice = page.get_by_test_id("home-notices").get_by_role("link", name="财务公示", exact=False)
    notice.first.click()
    page.get_by_test_id("notice-link").click()
    expect(page.get_by_test_id("closing")).to_have_text("¥913.50")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="下载（Excel）").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.get_by_label("对这份公示提问").fill("保洁费是哪个月的？")
    page.get_by_role("button", name="提问", exact=True).click()
    expect(page.get_by_test_id("question")).to_contain_text("保洁费是哪个月的？")

    secretary.goto(f"/finance/disclosures/{statement.pk}/")
    secretary.get_by_label("您的公开回答").fill("上个月的保洁费。")
    secretary.get_by_role("button", name="公开答复").click()
    context.close()
    page.reload()
    expect(page.get_by_test_id("answer")).to_contain_text("上个月的保洁费。")

    # The owner of another compound: not found while the account is the residents', found
    # once it is made public.
    outsider_context, outsider = _as(browser, live_server, other_owner)
    url = f"/finance/disclosures/{statement.pk}/"
    assert outsider.goto(url).status == 404
    Account.objects.filter(pk=books.pk).update(visibility=Account.Visibility.PUBLIC)
    assert outsider.goto(url).status == 200
    expect(outsider.get_by_test_id("closing")).to_have_text("¥913.50")
    outsider_context.close()

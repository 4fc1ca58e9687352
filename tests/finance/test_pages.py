"""The finance pages as their people use them: the keeper records with a receipt, the
supervisory member covers personal data and approves, residents read the ledger and only
ever receive the covered copy; bad input is refused in Chinese with nothing saved."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from finance.models import Entry, Receipt
from tests.compounds.test_services import photo
from tests.finance.conftest import post

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def form(**overrides) -> dict:
    data = {
        "direction": "expense",
        "occurred_on": timezone.localdate().isoformat(),
        "amount": "86.50",
        "category": "cleaning",
        "counterparty": "保洁公司",
        "description": "三月楼道保洁",
    }
    return data | overrides


def white(size=(200, 100)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (255, 255, 255)).save(out, "JPEG")
    return SimpleUploadedFile("receipt.jpg", out.getvalue(), content_type="image/jpeg")


def test_keeper_records_supervisor_covers_and_approves_resident_reads(
    client, books, party_secretary, supervisor, resident
):
    client.force_login(party_secretary)
    url = reverse("finance:new_entry", args=[books.pk])
    response = client.post(url, form(receipts=white()), **ZH)
    entry = Entry.objects.get()
    assert response.status_code == 302 and response.url == f"/finance/entries/{entry.pk}/"
    assert entry.state == "draft" and entry.amount == Decimal("86.50")
    client.post(reverse("finance:entry_action", args=[entry.pk, "submit"]))
    # The submitter's approve button is absent, and a forged POST is refused (403).
    page = client.get(reverse("finance:entry", args=[entry.pk]), **ZH).content.decode()
    assert 'data-testid="action-approve"' not in page
    forged = client.post(reverse("finance:entry_action", args=[entry.pk, "approve"]), **ZH)
    assert forged.status_code == 403
    assert Entry.objects.get(pk=entry.pk).state == "submitted"

    client.force_login(supervisor)
    page = client.get(reverse("finance:entry", args=[entry.pk]), **ZH).content.decode()
    assert 'data-testid="action-approve"' in page and "data-cover-tool" in page
    receipt = Receipt.objects.get()
    boxes = '[{"x": 0.1, "y": 0.2, "w": 0.5, "h": 0.3}]'
    client.post(reverse("finance:cover_receipt", args=[receipt.pk]), {"boxes": boxes})
    receipt.refresh_from_db()
    with receipt.redacted.open("rb") as redacted, Image.open(redacted) as image:
        assert image.getpixel((50, 40))[0] < 20  # inside the box: black
        assert image.getpixel((190, 90))[0] > 235  # outside: as it was
    client.post(reverse("finance:entry_action", args=[entry.pk, "approve"]))
    assert Entry.objects.get(pk=entry.pk).state == "posted"

    client.force_login(resident)
    ledger = client.get(reverse("finance:account", args=[books.pk]), **ZH).content.decode()
    assert "−¥86.50" in ledger and "保洁公司" in ledger and "¥913.50" in ledger
    shown = client.get(reverse("finance:receipt", args=[receipt.pk]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    original = client.get(reverse("finance:receipt_original", args=[receipt.pk]), **ZH)
    assert original.status_code == 403


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "0"}, "金额必须大于零"),
        ({"amount": "-5"}, "金额必须大于零"),
        ({"amount": "1.234"}, "最多两位小数"),
        ({"amount": "1000000000000"}, "金额"),
        ({"amount": "十元"}, "请输入金额"),
        ({"occurred_on": "2026-02-30"}, "日期"),
        ({"category": "parking"}, "不适用"),
        ({"counterparty": ""}, "付款或收款方"),
    ],
)
def test_bad_input_is_refused_in_chinese_with_nothing_saved(
    client, books, party_secretary, overrides, message
):
    client.force_login(party_secretary)
    url = reverse("finance:new_entry", args=[books.pk])
    response = client.post(url, form(**overrides), **ZH)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Entry.objects.exists() and not Receipt.objects.exists()


def test_a_receipt_that_is_not_a_picture_or_too_large_is_refused(
    client, books, party_secretary, settings
):
    client.force_login(party_secretary)
    url = reverse("finance:new_entry", args=[books.pk])
    html = SimpleUploadedFile("收据.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    response = client.post(url, form(receipts=html), **ZH)
    assert response.status_code == 200 and "只能上传照片" in response.content.decode()
    settings.PORTAL_MAX_ATTACHMENT_BYTES = 1024
    response = client.post(url, form(receipts=photo(size=(800, 600))), **ZH)
    assert response.status_code == 200 and "MB" in response.content.decode()
    assert not Entry.objects.exists() and not Receipt.objects.exists()


def test_a_hostile_counterparty_is_shown_as_text(
    client, books, party_secretary, supervisor, resident
):
    post(books, party_secretary, supervisor, counterparty="<script>alert('x')</script>")
    client.force_login(resident)
    html = client.get(reverse("finance:account", args=[books.pk])).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_the_ledger_of_another_compound_is_not_found_unless_public(
    client, books, party_secretary, supervisor, other_owner
):
    post(books, party_secretary, supervisor)
    client.force_login(other_owner)
    assert client.get(reverse("finance:account", args=[books.pk])).status_code == 404
    books.visibility = "public"
    books.save()
    assert client.get(reverse("finance:account", args=[books.pk])).status_code == 200


def test_the_ledger_downloads_by_period_with_formulas_kept_as_text(
    client, books, party_secretary, supervisor, resident
):
    import csv
    import io
    from datetime import timedelta

    today = timezone.localdate()
    post(books, party_secretary, supervisor, counterparty="=1+2", amount=Decimal("5.00"))
    post(books, party_secretary, supervisor, occurred_on=today - timedelta(days=40),
         amount=Decimal("7.00"))  # fmt: skip
    client.force_login(resident)
    url = reverse("finance:ledger_export", args=[books.pk, "csv"])
    body = client.get(url, **ZH).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "日期" and len(rows) == 3 and rows[2][4] == "'=1+2"
    since = (today - timedelta(days=5)).isoformat()
    recent = client.get(f"{url}?start={since}", **ZH).content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(recent)))) == 2
    hostile = client.get(f"{url}?start=2026-02-30&end=<script>", **ZH)
    assert hostile.status_code == 200  # a bad date is left out, never an error page
    xlsx = client.get(url.replace("csv", "xlsx"))
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"


def test_the_new_entry_form_starts_from_today_with_no_category_chosen(
    client, books, party_secretary
):
    import re

    client.force_login(party_secretary)
    html = client.get(reverse("finance:new_entry", args=[books.pk]), **ZH).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html
    select = re.search(r'<select name="category".*?</select>', html, re.S).group(0)
    assert "selected" in select.split("</option>")[0] and 'value=""' in select.split("</option>")[0]


def test_a_60_mb_receipt_is_refused_at_the_real_limit(client, books, party_secretary):
    """The acceptance's own figure, at the production limit (PORTAL_MAX_ATTACHMENT_BYTES,
    20 MB): a 60 MB photo comes back with a message; nothing is saved."""
    client.force_login(party_secretary)
    url = reverse("finance:new_entry", args=[books.pk])
    huge = SimpleUploadedFile("收据.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (60 * 2**20), "image/jpeg")
    response = client.post(url, form(receipts=huge), **ZH)
    assert response.status_code == 200
    assert "收据.jpg" in response.content.decode() and "20 MB" in response.content.decode()
    assert not Entry.objects.exists() and not Receipt.objects.exists()

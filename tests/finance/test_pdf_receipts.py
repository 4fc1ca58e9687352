"""PDF receipts (issue 14, item 5): a PDF is drawn as a picture when it is attached, the
reviewer covers personal data on that picture like on a photo, and residents receive only
the covered copy; a file that merely starts like a PDF is refused, nothing saved."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from finance import workflow as ledger
from finance.models import Entry, Receipt
from tests.finance.conftest import record
from tests.helpers import PDF

pytestmark = pytest.mark.django_db


def two_pages() -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_pdf_is_drawn_covered_and_only_the_covered_copy_is_published(
    client, books, party_secretary, supervisor, resident
):
    upload = SimpleUploadedFile("发票.pdf", two_pages(), content_type="application/pdf")
    entry = record(books, party_secretary, receipts=[upload])
    receipt = entry.receipts.get()
    assert receipt.content_type == "application/pdf" and receipt.pages
    with receipt.pages.open("rb") as drawn, Image.open(drawn) as picture:
        assert picture.height > picture.width * 2  # both pages, one under the other
    ledger.perform(entry.pk, "submit", actor=party_secretary)
    client.force_login(supervisor)
    page = client.get(reverse("finance:entry", args=[entry.pk])).content.decode()
    assert reverse("finance:receipt_pages", args=[receipt.pk]) in page  # the tool draws on it
    box = '[{"x": 0.1, "y": 0.1, "w": 0.5, "h": 0.2}]'
    client.post(reverse("finance:cover_receipt", args=[receipt.pk]), {"boxes": box})
    receipt.refresh_from_db()
    with receipt.redacted.open("rb") as covered, Image.open(covered) as image:
        assert image.getpixel((image.width // 3, int(image.height * 0.15))) == (0, 0, 0)
    ledger.perform(entry.pk, "approve", actor=supervisor)
    client.force_login(resident)
    served = client.get(reverse("finance:receipt", args=[receipt.pk]))
    assert served["Content-Type"] == "image/jpeg"
    assert client.get(reverse("finance:receipt_pages", args=[receipt.pk])).status_code == 403
    assert client.get(reverse("finance:receipt_original", args=[receipt.pk])).status_code == 403


@pytest.mark.parametrize("content", [b"%PDF-1.4 not really", b"%PDF-1.7\n" + b"\x00" * 2000])
def test_a_file_that_only_starts_like_a_pdf_is_refused(books, party_secretary, content):
    upload = SimpleUploadedFile("发票.pdf", content, content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF"):
        record(books, party_secretary, receipts=[upload])
    assert not Entry.objects.exists() and not Receipt.objects.exists()


def test_the_one_page_pdf_of_the_tests_opens(books, party_secretary):
    upload = SimpleUploadedFile("发票.pdf", PDF, content_type="application/pdf")
    assert record(books, party_secretary, receipts=[upload]).receipts.get().pages

"""One upload path (issue 16, item 7): every photo, scan, receipt, attachment and import
goes through portal.uploads (clean_attachment) or portal.images (reencode_image), is stored
under a random name, and is served by a view that checks the reader, with a safe content type
and Content-Disposition. Tried here through the filing page and its photo view."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from portal.uploads import clean_attachment, random_name
from requests.models import Request
from tests.compounds.test_services import photo
from tests.requests.test_workflow import cat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _file(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_filed_photo_is_served_without_its_gps_under_a_random_name(client, place, resident):
    with_gps = photo("张三家门口.jpg")
    polyglot = _file("张三家门口.jpg", with_gps.read() + b"<script>alert(1)</script>", "image/jpeg")
    client.force_login(resident)
    response = client.post(
        reverse("requests:new"),
        {
            "kind": "repair",
            "category": cat().pk,
            "where": f"building:{place.building.pk}",
            "place": "",
            "description": "楼道灯坏了",
            "urgency": "normal",
            "photos": polyglot,
        },
    )
    assert response.status_code == 302
    stored = Request.objects.get().photos.get()
    assert re.fullmatch(r"requests/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", stored.image.name)
    served = client.get(reverse("requests:photo", args=[stored.pk, "full"]))
    body = b"".join(served.streaming_content)
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("inline")
    assert b"<script" not in body
    exif = Image.open(io.BytesIO(body)).getexif()
    assert 0x8825 not in exif and 0x010F not in exif  # no GPS, no camera maker


@pytest.mark.parametrize(
    "name, content",
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("page.jpg", b"<!doctype html><html><script>alert(1)</script></html>"),
        ("tool.jpg", b"MZ\x90\x00" + b"\x00" * 64),
        ("run.pdf", b"#!/bin/sh\nrm -rf /\n"),
        ("fake.pdf", b"%PDF-1.7\n<script>alert(1)</script>\n%%EOF"),
        ("empty.jpg", b""),
    ],
)
def test_what_is_not_a_photo_or_a_real_pdf_is_refused(name, content):
    with pytest.raises(ValidationError):
        clean_attachment(_file(name, content))


def test_a_decompression_bomb_is_refused_before_it_is_decoded(settings):
    settings.PORTAL_MAX_IMAGE_PIXELS = 1_000_000
    out = io.BytesIO()
    Image.new("1", (2000, 2000)).save(out, "PNG")  # 4 megapixels in a few kilobytes
    with pytest.raises(ValidationError) as refused:
        clean_attachment(_file("bomb.png", out.getvalue()))
    assert refused.value.code == "type"


def test_stored_names_are_random_and_keep_only_a_known_extension():
    first, second = random_name("x", "身份证 张三.JPG"), random_name("x", "身份证 张三.JPG")
    assert first != second and first.endswith(".jpg") and "张三" not in first
    assert not random_name("x", "evil.html").endswith(".html")
    assert ".." not in random_name("x", "../../etc/passwd")

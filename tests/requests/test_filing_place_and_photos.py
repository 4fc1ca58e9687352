"""Filing in under a minute (issue 12, item 6): the exact spot typed is kept whatever place
is chosen and the handler reads it; the photo field lets the phone offer its gallery as
well as the camera; a photo survives a form error; the page after filing says who handles
it and by when; the sign-in field brings up the phone's number pad."""

import re
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from portal.calendar import as_24h
from requests.models import Request
from tests.compounds.test_services import photo
from tests.requests.test_workflow import cat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _post(client, compound_place, **extra):
    data = {
        "kind": "repair",
        "category": cat().pk,
        "where": f"building:{compound_place.building.pk}",
        "place": "",
        "description": "楼道灯坏了",
        "urgency": "normal",
    }
    data.update(extra)
    return client.post(reverse("requests:new"), {k: v for k, v in data.items() if v is not None})


def test_the_spot_typed_is_kept_with_a_building_and_the_handler_reads_it(
    client, place, resident, building_head
):
    client.force_login(resident)
    response = _post(client, place, place="2单元三楼楼梯口")
    item = Request.objects.get()
    assert response.status_code == 302
    assert (item.building, item.place) == (place.building, "2单元三楼楼梯口")
    client.force_login(building_head)
    assert "2单元三楼楼梯口" in client.get(reverse("requests:detail", args=[item.pk])).text


def test_the_spot_typed_is_kept_with_a_home(client, place, resident):
    client.force_login(resident)
    home = resident.residencies.get().unit
    _post(client, place, where=f"unit:{home.pk}", place="卫生间顶上")
    assert Request.objects.get().place == "卫生间顶上"


def test_the_photo_field_offers_the_gallery_not_only_the_camera(client, place, resident):
    client.force_login(resident)
    field = re.search(r"<input[^>]*name=\"photos\"[^>]*>", client.get(reverse("requests:new")).text)
    assert field and 'accept="image/*"' in field[0]
    assert "capture" not in field[0]


def test_a_photo_survives_a_form_error_and_is_filed_with_the_next_try(
    client, place, resident, tmp_path
):
    client.force_login(resident)
    failed = _post(client, place, category="", photos=photo("灯.jpg"))
    assert failed.status_code == 200 and not Request.objects.exists()
    page = failed.text
    assert page.count('src="data:image/jpeg;base64,') == 1  # shown again, with a box
    assert 'name="drop_photos"' in page
    kept = list(Path(tmp_path, "pending/requests", str(resident.pk)).iterdir())
    assert len(kept) == 1
    # The next try without choosing the photo again: it is filed, and the copy is gone.
    done = _post(client, place)
    assert done.status_code == 302
    item = Request.objects.get()
    assert item.photos.count() == 1
    assert not default_storage.exists(f"pending/requests/{resident.pk}/{kept[0].name}")
    assert "pending_photos:file" not in client.session


def test_a_kept_photo_left_out_is_not_filed(client, place, resident):
    client.force_login(resident)
    page = _post(client, place, category="", photos=photo("灯.jpg")).text
    token = re.search(r'name="drop_photos" value="([0-9a-f]+)"', page)[1]
    _post(client, place, drop_photos=token)
    assert Request.objects.get().photos.count() == 0


def test_a_service_error_keeps_the_photo_too(client, place, resident):
    client.force_login(resident)
    failed = _post(client, place, where="place", place="", photos=photo("灯.jpg"))
    assert failed.status_code == 200 and not Request.objects.exists()
    assert failed.text.count('src="data:image/jpeg;base64,') == 1
    _post(client, place, where="place", place="东门")
    assert Request.objects.get().photos.count() == 1


def test_a_file_that_is_no_photo_is_refused_and_not_kept(client, place, resident):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(resident)
    bogus = SimpleUploadedFile("x.jpg", b"not a picture", content_type="image/jpeg")
    failed = _post(client, place, category="", photos=bogus)
    assert failed.status_code == 200
    assert 'src="data:image/jpeg;base64,' not in failed.text
    assert not client.session.get("pending_photos:file")


def test_the_page_after_filing_says_who_handles_it_and_by_when(client, place, resident):
    client.force_login(resident)
    page = client.get(_post(client, place)["Location"]).text
    item = Request.objects.get()
    said = re.search(r'class="message message-success"[^>]*>\s*<span>(.*?)</span>', page, re.S)
    text = said[1] if said else page
    assert as_24h(item.accept_due) in text and as_24h(item.resolve_due) in text
    assert str(item.get_handler_kind_display()) in text


def test_an_emergency_says_when_someone_is_on_site(client, place, resident):
    client.force_login(resident)
    page = client.get(_post(client, place, urgency="emergency")["Location"]).text
    item = Request.objects.get()
    assert item.on_site_due and as_24h(item.on_site_due) in page


def test_help_says_a_volunteer_takes_it_on(client, place, resident):
    client.force_login(resident)
    page = client.get(_post(client, place, kind="help", category=cat("other").pk)["Location"]).text
    item = Request.objects.get()
    assert item.handler_kind == "volunteers"
    assert as_24h(item.accept_due) in page


def test_filing_for_a_neighbour_keeps_the_spot_and_the_photo(client, place, building_head):
    client.force_login(building_head)
    data = {
        "compound": place.compound.pk,
        "resident_name": "王奶奶",
        "channel": "phone_call",
        "kind": "repair",
        "category": "",
        "where": f"building:{place.building.pk}",
        "place": "5楼楼道",
        "description": "楼道灯坏了",
        "urgency": "normal",
    }
    failed = client.post(reverse("requests:file_for"), data | {"photos": photo()})
    assert failed.status_code == 200
    client.post(reverse("requests:file_for"), data | {"category": cat().pk})
    item = Request.objects.get()
    assert (item.place, item.photos.count()) == ("5楼楼道", 1)


def test_the_sign_in_field_brings_up_the_number_pad(client, db):
    page = client.get(reverse("account_login")).text
    field = re.search(r"<input[^>]*name=\"login\"[^>]*>", page)[0]
    assert 'inputmode="tel"' in field and 'autocomplete="tel"' in field
    by_email = client.get(reverse("account_login") + "?by=email").text
    field = re.search(r"<input[^>]*name=\"login\"[^>]*>", by_email)[0]
    assert 'inputmode="email"' in field and 'autocomplete="email"' in field


def test_photos_kept_in_a_session_never_come_back_to_are_deleted_after_a_day(
    client, place, resident, tmp_path
):
    import os
    import time

    client.force_login(resident)
    folder = Path(tmp_path, "pending/requests", str(resident.pk))
    folder.mkdir(parents=True)
    old, fresh = folder / "old.jpg", folder / "fresh.jpg"
    old.write_bytes(b"x")
    fresh.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    _post(client, place)
    assert not old.exists() and fresh.exists()

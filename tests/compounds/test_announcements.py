import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compounds.announcements.models import Announcement, Receipt
from portal.notifications.models import Delivery, Notification
from tests import factories as f
from tests.compounds.test_services import photo
from tests.helpers import PDF

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
pytestmark = pytest.mark.django_db


def _post(client, where, **fields):
    data = {
        "place": f"compound:{where.compound.pk}",
        "title": "停水通知",
        "body": "明天停水",
        **fields,
    }
    return client.post(reverse("announcements:new"), data, **ZH)


def test_publish_to_a_building_reaches_its_residents_only(
    client, place, party_secretary, resident, tenant, other_owner
):
    elsewhere = f.ResidencyFactory(
        unit=f.UnitFactory(building=f.BuildingFactory(compound=place.compound))
    ).user
    client.force_login(party_secretary)
    response = _post(client, place, buildings=[place.building.pk], urgent="on")
    notice = Announcement.objects.get()
    assert response.url == reverse("announcements:detail", args=[notice.pk])
    readers = set(Receipt.objects.values_list("user_id", flat=True))
    assert {resident.pk, tenant.pk, party_secretary.pk} <= readers
    assert elsewhere.pk not in readers and other_owner.pk not in readers
    assert Notification.objects.filter(event="announcement.urgent").count() == len(readers)
    assert Delivery.objects.filter(channel="sms").count() == len(readers)  # urgent: SMS


def test_owners_only_notice_skips_tenants(client, place, party_secretary, resident, tenant):
    client.force_login(party_secretary)
    _post(client, place, owners_only="on")
    readers = set(Receipt.objects.values_list("user_id", flat=True))
    assert resident.pk in readers and tenant.pk not in readers


def test_reading_records_the_receipt_and_clears_the_badge(client, place, party_secretary, resident):
    client.force_login(party_secretary)
    _post(client, place)
    notice = Announcement.objects.get()
    client.force_login(resident)
    assert ">1</span>" in client.get(reverse("notifications:badge")).content.decode()
    client.get(reverse("announcements:detail", args=[notice.pk]))
    receipt = Receipt.objects.get(announcement=notice, user=resident)
    assert receipt.read_at is not None
    assert "hidden>0</span>" in client.get(reverse("notifications:badge")).content.decode()
    client.force_login(party_secretary)
    html = client.get(reverse("announcements:receipts", args=[notice.pk]), **ZH).content.decode()
    assert "刘桂英" not in html  # she has read it
    csv_text = client.get(reverse("announcements:receipts", args=[notice.pk]) + "?format=csv")
    csv_text = b"".join(csv_text.streaming_content).decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "姓名,楼栋,单元,门牌号,手机号"


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"title": ""}, "标题"),
        ({"title": "   "}, "标题"),
        ({"body": ""}, "内容"),
    ],
)
def test_empty_title_or_text_is_refused_and_nothing_saved(
    client, place, party_secretary, fields, fragment
):
    client.force_login(party_secretary)
    response = _post(client, place, **fields)
    assert response.status_code == 200 and fragment in response.content.decode()
    assert not Announcement.objects.exists() and not Notification.objects.exists()


def test_a_50_mb_attachment_is_refused(client, place, party_secretary):
    client.force_login(party_secretary)
    big = SimpleUploadedFile("图纸.pdf", b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024))
    response = _post(client, place, files=[big])
    assert response.status_code == 200 and "MB" in response.content.decode()
    assert not Announcement.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03 a windows program",
        b"\x7fELF\x02\x01 a linux program",
        b"#!/bin/sh\nrm -rf /",
        b"just text pretending",
    ],
)
def test_an_executable_disguised_as_a_pdf_is_refused(client, place, party_secretary, content):
    client.force_login(party_secretary)
    response = _post(client, place, files=[SimpleUploadedFile("通知.pdf", content)])
    assert response.status_code == 200
    assert "PDF" in response.content.decode()
    assert not Announcement.objects.exists()


def test_photos_and_pdfs_are_accepted(client, place, party_secretary, resident):
    client.force_login(party_secretary)
    _post(client, place, files=[photo("现场.jpg"), SimpleUploadedFile("通知.pdf", PDF)])
    notice = Announcement.objects.get()
    assert sorted(notice.attachments.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/jpeg",
    ]
    client.force_login(resident)
    pdf = notice.attachments.get(content_type="application/pdf")
    response = client.get(reverse("announcements:attachment", args=[pdf.pk]))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"


def test_an_audience_outside_the_publishers_scope_is_refused(
    client, place, party_secretary, other_owner
):
    client.force_login(party_secretary)
    foreign_building = other_owner.residencies.get().unit.building
    response = _post(client, place, place=f"compound:{place.other_compound.pk}")
    assert "不能" in response.content.decode() or "无权" in response.content.decode()
    response = _post(client, place, buildings=[foreign_building.pk])
    assert response.status_code == 200
    response = _post(client, place, place=f"community:{place.compound.community_id}")
    assert response.status_code == 200  # a party secretary cannot address a whole community
    assert not Announcement.objects.exists()


def test_street_staff_publish_to_a_whole_community(client, place, street_staff, resident):
    client.force_login(street_staff)
    response = _post(client, place, place=f"community:{place.compound.community_id}")
    assert response.status_code == 302
    assert Receipt.objects.filter(user=resident).exists()


def test_expired_notices_leave_the_lists(client, place, party_secretary, resident):
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(party_secretary)
    _post(client, place)
    Announcement.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(resident)
    assert "停水通知" not in client.get(reverse("announcements:list")).content.decode()
    assert "停水通知" not in client.get("/").content.decode()


def test_a_publisher_out_of_office_no_longer_sees_the_receipts(
    client, place, party_secretary, resident
):
    from datetime import timedelta

    from django.utils import timezone

    from compounds.models import Membership
    from compounds.standing import forget_standing

    client.force_login(party_secretary)
    _post(client, place)
    notice = Announcement.objects.get()
    yesterday = timezone.localdate() - timedelta(days=1)
    Membership.objects.filter(user=party_secretary).update(end=yesterday)
    forget_standing(party_secretary)
    response = client.get(reverse("announcements:receipts", args=[notice.pk]) + "?format=csv")
    assert response.status_code in (403, 404)


def test_a_plain_party_branch_member_cannot_publish(client, place, resident):
    f.MembershipFactory(
        body=f.BodyFactory(compound=place.compound, kind="party_branch", term_number=None),
        user=resident,
        position="member",
        is_party_member=True,
    )
    client.force_login(resident)
    assert client.get(reverse("announcements:new")).status_code == 403
    assert _post(client, place).status_code == 403


def test_home_shows_the_notices_of_the_current_compound_only(
    client, place, party_secretary, resident
):
    client.force_login(party_secretary)
    _post(client, place, title="翡翠谷停水")
    other_unit = f.UnitFactory(building=f.BuildingFactory(compound=place.other_compound))
    f.ResidencyFactory(user=resident, unit=other_unit)
    Announcement.objects.create(
        publisher=party_secretary, compound=place.other_compound, title="黄荆岭停电", body="x"
    )
    client.force_login(resident)
    html = client.get("/").content.decode()
    assert "翡翠谷停水" in html and "黄荆岭停电" not in html
    client.post(reverse("compounds:switch"), {"compound": place.other_compound.pk})
    html = client.get("/").content.decode()
    assert "黄荆岭停电" in html and "翡翠谷停水" not in html

"""The import's pages: only keepers reach them (403 for the compound's others, 404 for
another compound), the register links to it for keepers, the template downloads, a
preview shows every row and keeps nothing, and the confirmation registers the rows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.models import Facility
from portal.models import AuditEvent

pytestmark = pytest.mark.django_db

HEAD = "编号,类型,楼栋,位置,状况,备注\r\n"
GOOD = HEAD + "J-01,下水井,18栋,北侧草坪,完好,\r\nLD-01,路灯,,东门,损坏,灯罩碎了\r\n"


def _url(place, name="community:facility_import"):
    return reverse(name, args=[place.compound.pk])


def _upload(client, place, text: str, encoding="gbk"):
    upload = SimpleUploadedFile("台账.csv", text.encode(encoding), content_type="text/csv")
    return client.post(_url(place), {"file": upload})


@pytest.mark.parametrize(
    "name",
    ["community:facility_import", "community:facility_import_template"],
)
def test_only_keepers_reach_the_import(
    client, place, name, resident, worker, other_owner, committee_chair
):
    url = _url(place, name)
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.force_login(other_owner)
    assert client.get(url).status_code == 404
    for keeper in (committee_chair, worker):  # the property company keeps the register too
        client.force_login(keeper)
        assert client.get(url).status_code == 200


def test_a_resident_may_not_post_a_file_or_a_confirmation(client, place, resident, other_owner):
    client.force_login(resident)
    assert _upload(client, place, GOOD).status_code == 403
    confirm = _url(place, "community:facility_import_confirm")
    assert client.post(confirm, {"token": "x"}).status_code == 403
    client.force_login(other_owner)
    assert client.post(confirm, {"token": "x"}).status_code == 404
    assert not Facility.objects.exists()


def test_wrong_methods(client, place, committee_chair):
    client.force_login(committee_chair)
    assert client.get(_url(place, "community:facility_import_confirm")).status_code == 405
    assert client.post(_url(place, "community:facility_import_template")).status_code == 405


def test_the_register_links_to_the_import_for_keepers_only(
    client, place, resident, committee_chair
):
    url = reverse("community:facilities", args=[place.compound.pk])
    client.force_login(resident)
    assert 'data-testid="import-facilities"' not in client.get(url).content.decode()
    client.force_login(committee_chair)
    page = client.get(url).content.decode()
    assert 'data-testid="import-facilities"' in page and _url(place) in page


def test_the_template_downloads_as_csv_with_a_bom(client, place, committee_chair):
    client.force_login(committee_chair)
    answer = client.get(_url(place, "community:facility_import_template"))
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    assert answer["Content-Disposition"].startswith("attachment;")
    assert answer.content.decode("utf-8").startswith("\ufeff编号,类型,楼栋,位置,状况,备注")


def test_a_preview_then_the_confirmation(client, place, committee_chair):
    client.force_login(committee_chair)
    page = _upload(client, place, GOOD)
    html = page.content.decode()
    assert page.status_code == 200 and html.count('data-testid="import-row-new"') == 2
    assert 'data-testid="confirm"' in html and not Facility.objects.exists()
    token = page.context["confirm"]["token"].value()
    done = client.post(_url(place, "community:facility_import_confirm"), {"token": token})
    assert done.status_code == 302
    assert done.url == reverse("community:facilities", args=[place.compound.pk])
    assert set(Facility.objects.values_list("code", flat=True)) == {"J-01", "LD-01"}
    assert AuditEvent.objects.filter(code="community.facility.imported").count() == 1


def test_a_preview_with_problems_offers_no_confirmation(client, place, committee_chair):
    client.force_login(committee_chair)
    page = _upload(client, place, GOOD + "X-1,飞碟,,楼顶,,\r\nX-1,下水井,99栋,,,\r\n")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-testid="import-row-refused"') == 2
    assert 'data-testid="confirm"' not in html and "飞碟" in html and "99栋" in html


def test_a_confirmation_that_fails_saves_nothing_and_says_why(
    client, place, committee_chair, party_secretary
):
    from community.services.facilities import facility_add

    client.force_login(committee_chair)
    token = _upload(client, place, GOOD).context["confirm"]["token"].value()
    facility_add(
        by=party_secretary, compound=place.compound, kind="lamp", code="LD-01", place="西门"
    )
    done = client.post(
        _url(place, "community:facility_import_confirm"), {"token": token}, follow=True
    )
    assert done.redirect_chain == [(_url(place), 302)]
    assert "LD-01" in done.content.decode()
    assert list(Facility.objects.values_list("code", flat=True)) == ["LD-01"]


def test_an_unreadable_file_is_answered_on_the_form(client, place, committee_chair):
    client.force_login(committee_chair)
    binary = SimpleUploadedFile("a.csv", b"\x7fELF\x02\x01" + bytes(64))
    page = client.post(_url(place), {"file": binary})
    assert page.status_code == 200 and page.context["form"].errors["file"]
    headless = _upload(client, place, "楼栋,门牌号\r\n18栋,101\r\n")
    assert headless.status_code == 200 and headless.context["form"].non_field_errors()
    assert not Facility.objects.exists()

import io
import re

import pytest
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from compounds.models import RegistryImport, Residency
from tests import factories as f
from tests.compounds.test_registry import GOOD, csv_bytes
from tests.compounds.test_services import photo

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_board_shows_roles_vacancies_and_phones_only_with_consent(client, place, db):
    head = f.UserFactory(phone="+8613911112222", display_name="楼长老陈")
    f.BuildingRoleFactory(building=place.building, holder=head, phone_public=True)
    officer = f.UserFactory(phone="+8613933334444", display_name="房管老何")
    f.BuildingRoleFactory(
        building=place.building,
        holder=officer,
        kind=f.role_kind("housing_officer"),
        phone_public=False,
    )
    html = client.get(
        reverse("compounds:building_board", args=[place.building.pk]), **ZH
    ).content.decode()
    assert "楼长老陈" in html and "13911112222" in html  # consented
    assert "房管老何" in html and "139****4444" in html and "13933334444" not in html
    assert html.count('class="vacancy"') == 4  # six roles, two held


def test_role_holders_see_phones_on_the_board(client, place, building_head):
    officer = f.UserFactory(phone="+8613933334444")
    f.BuildingRoleFactory(
        building=place.building, holder=officer, kind=f.role_kind("housing_officer")
    )
    client.force_login(building_head)
    html = client.get(reverse("compounds:building_board", args=[place.building.pk])).content
    assert "13933334444" in html.decode()


def test_board_of_a_private_compound_is_hidden_from_strangers(client, place, other_owner):
    place.compound.boards_public = False
    place.compound.save()
    url = reverse("compounds:building_board", args=[place.building.pk])
    assert client.get(url).status_code == 404
    client.force_login(other_owner)
    assert client.get(url).status_code == 404


def _decode_qr(svg: str) -> str:
    """Rasterise segno's SVG (one path of horizontal runs) and decode it with zxing-cpp."""
    scale_attr = float(re.search(r'transform="scale\(([\d.]+)\)"', svg).group(1))
    modules = round(float(re.search(r'width="([\d.]+)"', svg).group(1)) / scale_attr)
    path = re.search(r' d="([^"]+)"', svg).group(1)
    px = 8
    image = Image.new("L", (modules * px, modules * px), 255)
    pixels = image.load()
    x = y = 0.0
    for command, a, b in re.findall(r"([MmHh])(-?[\d.]+)(?:[ ,](-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b or 0)
        else:
            end = x + float(a) if command == "h" else float(a)
            row = int(y - 0.5)
            for column in range(int(min(x, end)), int(max(x, end))):
                for dx in range(px):
                    for dy in range(px):
                        pixels[column * px + dx, row * px + dy] = 0
            x = end
    results = zxingcpp.read_barcodes(image)
    assert results, "no QR code found"
    return results[0].text


def test_poster_has_a_qr_code_that_opens_the_repair_form(client, place, db):
    response = client.get(reverse("compounds:building_poster", args=[place.building.pk]), **ZH)
    svg = re.search(r"<svg.*?</svg>", response.content.decode(), re.S).group(0)
    assert _decode_qr(svg) == f"http://testserver/requests/new/?building={place.building.pk}"


def test_join_home_then_verification_then_both_homes(
    eager_tasks, client, place, resident, housing_officer, django_capture_on_commit_callbacks
):
    second = f.UnitFactory(building=place.building, entrance="1单元", door="401")
    client.force_login(resident)
    url = (
        reverse("compounds:join_home")
        + f"?compound={place.compound.pk}&building={place.building.pk}"
    )
    page = client.get(url, **ZH).content.decode()
    assert f'value="{second.pk}"' in page
    response = client.post(url, {"unit": second.pk, "relation": "owner", "evidence": photo()})
    assert response.status_code == 302
    pending = Residency.objects.get(user=resident, unit=second)
    assert pending.status == "pending"

    client.force_login(housing_officer)
    assert str(second) in client.get(reverse("compounds:review_queue")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("compounds:residency_verify", args=[pending.pk]))
    assert response.status_code == 302

    client.force_login(resident)
    html = client.get(reverse("compounds:my_homes"), **ZH).content.decode()
    assert html.count('data-testid="home"') == 2


def test_join_home_refuses_a_fake_photo_in_chinese_and_saves_nothing(client, place, resident):
    client.force_login(resident)
    url = (
        reverse("compounds:join_home")
        + f"?compound={place.compound.pk}&building={place.building.pk}"
    )
    unit = f.UnitFactory(building=place.building, door="999")
    fake = SimpleUploadedFile("proof.jpg", b"GIF89a not really", content_type="image/jpeg")
    response = client.post(url, {"unit": unit.pk, "relation": "owner", "evidence": fake}, **ZH)
    assert response.status_code == 200
    assert "照片" in response.content.decode() or "图片" in response.content.decode()
    assert not Residency.objects.filter(unit=unit).exists()


def test_join_home_requires_a_unit_of_the_chosen_building(client, place, resident):
    client.force_login(resident)
    elsewhere = f.UnitFactory()
    url = (
        reverse("compounds:join_home")
        + f"?compound={place.compound.pk}&building={place.building.pk}"
    )
    response = client.post(url, {"unit": elsewhere.pk, "relation": "owner", "evidence": photo()})
    assert response.status_code == 200
    assert not Residency.objects.filter(unit=elsewhere).exists()


def test_switch_compound_in_the_header(client, place, resident):
    other_unit = f.UnitFactory(building=f.BuildingFactory(compound=place.other_compound))
    f.ResidencyFactory(user=resident, unit=other_unit)
    client.force_login(resident)
    assert 'data-testid="compound-switch"' in client.get("/").content.decode()
    client.post(reverse("compounds:switch"), {"compound": place.other_compound.pk, "next": "/"})
    html = client.get("/").content.decode()
    assert re.search(rf'<option value="{place.other_compound.pk}" selected>', html)


def test_switch_to_a_compound_of_someone_else_is_404(client, place, resident, other_owner):
    client.force_login(resident)
    response = client.post(reverse("compounds:switch"), {"compound": place.other_compound.pk})
    assert response.status_code == 404


def test_party_board_commit_deed_and_mark(client, place, party_secretary, resident):
    client.force_login(party_secretary)
    client.post(
        reverse("compounds:commitment_add", args=[place.compound.pk]),
        {"text": "帮独居老人代买药品"},
    )
    commitment = place.compound.commitments.get()
    client.post(reverse("compounds:commitment_deed", args=[commitment.pk]), {"deed": "代买三次"})
    client.force_login(resident)
    client.post(reverse("compounds:commitment_mark", args=[commitment.pk]), {"fulfilled": "1"})
    client.post(reverse("compounds:commitment_mark", args=[commitment.pk]), {"fulfilled": "0"})
    assert commitment.marks.count() == 1 and commitment.marks.get().fulfilled
    html = client.get(reverse("site:party_board", args=[place.compound.pk]), **ZH)
    assert "代买三次" in html.content.decode()


def test_bodies_page_keeps_history(client, place, db):
    from datetime import date

    old = f.BodyFactory(
        compound=place.compound, term_number=1, start=date(2019, 1, 1), end=date(2023, 12, 31)
    )
    f.MembershipFactory(
        body=old,
        user=f.UserFactory(display_name="老主任"),
        position="chair",
        start=date(2019, 1, 1),
        end=date(2023, 12, 31),
    )
    html = client.get(reverse("compounds:bodies", args=[place.compound.pk])).content.decode()
    assert "老主任" in html and 'class="history"' in html


def test_registry_upload_dry_run_then_import(
    eager_tasks, client, place, street_staff, django_capture_on_commit_callbacks
):
    client.force_login(street_staff)
    upload = reverse("compounds:registry_upload", args=[place.compound.pk])
    bad = [*GOOD, ["18栋", "1单元", "301", "-1", "实测", "", "", ""]]
    response = client.post(upload, {"file": SimpleUploadedFile("r.csv", csv_bytes(bad))})
    job = RegistryImport.objects.latest("pk")
    assert response.url == reverse("compounds:registry_import", args=[job.pk])
    html = client.get(response.url, **ZH).content.decode()
    assert 'data-testid="problems"' in html and "<td>6</td>" in html
    assert client.post(reverse("compounds:registry_import_run", args=[job.pk])).status_code == 302
    assert RegistryImport.objects.get(pk=job.pk).status == "checked"  # refused: has problems

    client.post(upload, {"file": SimpleUploadedFile("r.csv", csv_bytes(GOOD))})
    job = RegistryImport.objects.latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("compounds:registry_import_run", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done" and job.created_residencies == 3
    fragment = client.get(
        reverse("compounds:registry_import", args=[job.pk]), HTTP_HX_REQUEST="true"
    )
    assert fragment.content.decode().lstrip().startswith('<div id="import-progress"')


@pytest.mark.parametrize(
    ("name", "content"),
    [("r.xlsx", b"not a spreadsheet at all"), ("r.csv", b"x" * (20 * 1024 * 1024))],
)
def test_registry_upload_refuses_bad_files_and_writes_nothing(
    client, place, street_staff, name, content
):
    client.force_login(street_staff)
    response = client.post(
        reverse("compounds:registry_upload", args=[place.compound.pk]),
        {"file": SimpleUploadedFile(name, content)},
        **ZH,
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not RegistryImport.objects.exists()


def test_registry_export_is_an_xlsx(client, place, street_staff):
    client.force_login(street_staff)
    response = client.get(reverse("compounds:registry_export", args=[place.compound.pk]))
    assert response.status_code == 200
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert next(workbook.active.values)[0] == "楼栋"


def test_query_counts_of_boards_do_not_grow_with_data(
    client, place, db, django_assert_max_num_queries
):
    board = reverse("compounds:building_board", args=[place.building.pk])
    bodies = reverse("compounds:bodies", args=[place.compound.pk])
    party = reverse("site:party_board", args=[place.compound.pk])
    # One of each kind of row first, so the baseline runs every query a page can run.
    f.BuildingRoleFactory(building=place.building, kind=f.role_kind("culture_officer"))
    f.CommitmentFactory(compound=place.compound)
    f.MembershipFactory(
        body=f.BodyFactory(compound=place.compound, kind="party_branch", term_number=None)
    )
    counts = {}
    for url in (board, bodies, party):
        client.get(url)
        with django_assert_max_num_queries(100) as captured:
            client.get(url)
        counts[url] = len(captured.captured_queries)
    for code in ["building_head", "housing_officer", "security_officer"]:
        f.BuildingRoleFactory(building=place.building, kind=f.role_kind(code))
    body = f.BodyFactory(compound=place.compound, term_number=2)
    for _ in range(5):
        f.MembershipFactory(body=body, is_party_member=True)
        f.CommitmentFactory(compound=place.compound)
    for url in (board, bodies, party):
        with django_assert_max_num_queries(counts[url]):
            client.get(url)


def test_non_numeric_ids_are_not_found_not_errors(client, place, resident):
    client.force_login(resident)
    huge = "9" * 20
    for value in ("abc", "²", huge):
        assert client.post(reverse("compounds:switch"), {"compound": value}).status_code == 404
    for query in (
        "?compound=abc&building=x",
        "?compound=²&building=²",
        f"?compound={huge}&building={huge}",
        f"?compound={place.compound.pk}&building=²",
    ):
        page = client.get(reverse("compounds:join_home") + query)
        assert page.status_code == 200, query
        assert 'name="unit"' not in page.content.decode()  # no building chosen


def test_the_compound_page_links_the_review_queue_to_those_who_review(
    client, place, resident, housing_officer, committee_chair
):
    url = reverse("compounds:detail", args=[place.compound.pk])
    queue = reverse("compounds:review_queue")
    for user, links in [(resident, False), (housing_officer, True), (committee_chair, True)]:
        client.force_login(user)
        assert (queue in client.get(url).content.decode()) == links, user


def test_the_housing_officer_cannot_verify_their_own_claim(
    client, place, housing_officer, eager_tasks
):
    from compounds import services

    claim = services.residency_request(
        user=housing_officer,
        relation="owner",
        unit=f.UnitFactory(building=place.building, door="808"),
        evidence=photo(),
    )
    client.force_login(housing_officer)
    client.post(reverse("compounds:residency_verify", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_the_review_queue_masks_the_applicants_phone(client, place, committee_chair):
    applicant = f.UserFactory(phone="+8613955556666")
    f.ResidencyFactory(
        user=applicant, unit=f.UnitFactory(building=place.building), status="pending"
    )
    client.force_login(committee_chair)
    html = client.get(reverse("compounds:review_queue")).content.decode()
    assert "139****6666" in html and "13955556666" not in html


def test_multiple_file_fields_take_several_files_and_none(client, place, resident):
    from portal.forms import MultipleFileField

    field = MultipleFileField(required=False, accept="image/*")
    assert field.clean([]) == []
    assert len(field.clean([photo(), photo()])) == 2
    assert 'accept="image/*"' in field.widget.render("f", None)

"""The register's import from a spreadsheet: reading each encoding and Excel, every kind of
bad row with its reason, the caps, a preview that keeps nothing, and a confirmation that
registers all the rows or none (a code taken after the preview refuses the whole file)."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from community.forms.facility_import import FacilityImportForm
from community.models import Facility, FacilityCheck
from community.services import facility_import as importing
from community.services import facility_rows
from community.services.facilities import facility_add
from portal.models import AuditEvent
from tests.community.facility_world import manholes
from tests.compounds.test_registry import zip_of

pytestmark = pytest.mark.django_db

HEAD = "编号,类型,楼栋,位置,状况,备注\r\n"
ROWS = "J-01,下水井,18栋,北侧草坪,完好,\r\nLD-01,路灯,,东门,损坏,灯罩碎了\r\n"


def read(content: bytes, name: str = "台账.csv") -> FacilityImportForm:
    form = FacilityImportForm({}, {"file": SimpleUploadedFile(name, content)})
    form.is_valid()
    return form


def preview(place, keeper, content: bytes, name: str = "台账.csv") -> importing.Preview:
    form = read(content, name)
    assert form.is_valid(), form.errors
    return importing.facility_import_preview(by=keeper, compound=place.compound, table=form.table)


def problem_of(place, keeper, line: str) -> str:
    (row,) = preview(place, keeper, (HEAD + line + "\r\n").encode()).rows
    assert row.result == facility_rows.REFUSED
    return row.problem


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tables() -> tuple:
    return (Facility.objects.count(), FacilityCheck.objects.count(), AuditEvent.objects.count())


@pytest.mark.parametrize(
    ("content", "name"),
    [
        ((HEAD + ROWS).encode("utf-8"), "a.csv"),
        ((HEAD + ROWS).encode("utf-8-sig"), "a.csv"),
        ((HEAD + ROWS).encode("gbk"), "a.csv"),  # Excel in China saves CSV as GBK
        (xlsx([line.split(",") for line in (HEAD + ROWS).split("\r\n") if line]), "a.xlsx"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "xlsx"],
)
def test_each_encoding_and_excel_read_the_same_rows(place, committee_chair, content, name):
    result = preview(place, committee_chair, content, name)
    assert [(r.number, r.code, r.kind, r.result) for r in result.rows] == [
        (2, "J-01", "manhole", "new"),
        (3, "LD-01", "lamp", "new"),
    ]
    j01, ld01 = result.rows
    assert j01.building == place.building and j01.condition == "good"
    assert (ld01.building, ld01.place, ld01.condition) == (None, "东门", "broken")
    assert ld01.note == "灯罩碎了"
    assert result.token


def test_the_preview_keeps_nothing(place, committee_chair):
    before = tables()
    assert preview(place, committee_chair, (HEAD + ROWS).encode()).token
    assert tables() == before


def test_words_people_write_for_kinds_conditions_and_buildings(place, committee_chair):
    lines = [
        "J-01,井盖,18,,未检查,",
        "J-02,manhole,18号楼,,Broken,",
        "M-01,门禁,,南门,needs attention,",
        "LD-01,Street Lamp,,东门,,",
        "J-03,下水 井,18栋,,堵塞,",
    ]
    rows = preview(place, committee_chair, (HEAD + "\r\n".join(lines)).encode()).rows
    assert [(r.kind, r.condition) for r in rows] == [
        ("manhole", ""),  # 未检查: nothing to record
        ("manhole", "broken"),
        ("gate", "attention"),
        ("lamp", ""),
        ("manhole", "blocked"),
    ]
    assert rows[0].building == rows[1].building == place.building


def test_a_title_above_the_headers_and_empty_rows_are_passed_over(place, committee_chair):
    content = "翡翠谷小区公共设施台账,,,,,\r\n" + HEAD + ",,,,,\r\n" + ROWS
    rows = preview(place, committee_chair, content.encode("gbk")).rows
    assert [(r.number, r.code) for r in rows] == [(4, "J-01"), (5, "LD-01")]


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("J-01,路灯杆,,东门,,", "Unknown kind “路灯杆”: write one of street lamp, manhole"),
        ("J-01,下水井,19栋,,,", "Unknown building “19栋” in 翡翠谷小区"),
        (",下水井,18栋,,,", "编号: Give the facility a code."),
        ("J-01,,18栋,,,", "类型: Choose a kind of facility."),
        ("J-" + "1" * 19 + ",下水井,18栋,,,", "编号: Please keep it under 20 characters."),
        ("J-01,下水井,,东" + "门" * 100 + ",,", "位置: Please keep it under 100 characters."),
        ("J-01,下水井,18栋,,很好,", "Unknown condition “很好”: write one of not checked yet, good"),
        ("J-01,下水井,18栋,,损坏," + "字" * 301, "备注: Please keep it under 300 characters."),
        ("J-01,下水井,18栋,,,井盖松动", "A note goes with a condition"),
        ("J-01,下水井,,,,", "Say where it is"),
        ("J-01,下水井,18栋,,损坏,=cmd|' /C calc'!A0", "formulas are not accepted (备注)"),
        ("@SUM(1+1),下水井,18栋,,,", "Cells with formulas are not accepted (编号)"),
    ],
    ids=[
        "unknown-kind",
        "unknown-building",
        "blank-code",
        "blank-kind",
        "code-too-long",
        "place-too-long",
        "bad-condition",
        "note-too-long",
        "note-without-condition",
        "nowhere",
        "formula-in-a-note",
        "formula-in-a-code",
    ],
)
def test_each_bad_row_is_refused_with_its_reason(place, committee_chair, line, fragment):
    assert fragment in problem_of(place, committee_chair, line)


def test_a_code_twice_in_the_file_is_refused_at_its_second_row(place, committee_chair):
    content = HEAD + "J-01,下水井,18栋,,,\r\nj-01,下水井,18栋,东侧,,\r\n"
    first, second = preview(place, committee_chair, content.encode()).rows
    assert first.result == "new" and second.result == "refused"
    assert second.problem == "The code J-01 is used already in row 2 of this file."


def test_a_code_in_the_register_is_skipped_when_the_same_and_refused_when_not(
    place, committee_chair
):
    manholes(place, committee_chair, 2)  # J-01, J-02 in 18栋 at 18栋东侧第1个 / 第2个
    content = HEAD + "J-01,下水井,18栋,18栋东侧第1个,损坏,\r\nJ-02,路灯,18栋,18栋东侧第2个,,\r\n"
    same, other = preview(place, committee_chair, content.encode()).rows
    assert same.result == "same"
    assert other.result == "refused" and "already (manhole 18栋 18栋东侧第2个)" in other.problem


def test_nothing_new_gives_no_confirmation(place, committee_chair):
    manholes(place, committee_chair, 1)
    result = preview(place, committee_chair, (HEAD + "J-01,下水井,18栋,18栋东侧第1个,,").encode())
    assert [r.result for r in result.rows] == ["same"] and result.token == ""


def test_one_bad_row_gives_no_confirmation(place, committee_chair):
    result = preview(place, committee_chair, (HEAD + ROWS + "X-1,飞碟,,楼顶,,\r\n").encode())
    assert len(result.new) == 2 and len(result.refused) == 1 and result.token == ""


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        (b"", "a.csv", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "a.csv", "encoding"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "a.csv", "not a spreadsheet"),
        (b"MZ\x90\x00" + b"\x00" * 64, "a.xlsx", "not a spreadsheet"),
        (b"<html><script>alert(1)</script></html>", "a.csv", "not a spreadsheet"),
        (b"PK\x03\x04broken", "a.xlsx", "not an Excel workbook"),
        (zip_of({"hello.txt": b"no workbook inside"}), "a.xlsx", "could not be opened"),
        (b"just text", "a.xlsx", "not an Excel workbook"),
        ((HEAD + ROWS).encode(), "a.xls", "Upload a .xlsx or .csv file."),
        ((HEAD + '"' + "x" * 200_000 + '",下水井\r\n').encode(), "a.csv", "could not be read"),
    ],
    ids=[
        "empty",
        "png",
        "elf",
        "exe",
        "html",
        "broken-zip",
        "zip-of-text",
        "fake-xlsx",
        "xls",
        "huge-cell",
    ],
)
def test_a_file_that_is_no_table_is_refused_on_the_form(content, name, fragment):
    form = read(content, name)
    assert not form.is_valid()
    assert fragment in " ".join(form.errors["file"])


def test_a_file_without_the_headers_or_rows_is_refused(place, committee_chair):
    form = read("楼栋,门牌号\r\n18栋,101\r\n".encode())
    with pytest.raises(ValidationError, match="missing: 编号、类型"):
        importing.facility_import_preview(
            by=committee_chair, compound=place.compound, table=form.table
        )
    with pytest.raises(ValidationError, match="no facility below its headers"):
        preview(place, committee_chair, HEAD.encode())


def test_the_caps_of_2_mb_and_1000_rows(place, committee_chair):
    big = read(HEAD.encode() + b"x" * (2 * 2**20))
    assert "larger than 2 MB" in " ".join(big.errors["file"])
    lines = "".join(f"J-{i},下水井,18栋,,,\r\n" for i in range(1001))
    with pytest.raises(ValidationError, match="more than 1000 rows"):
        preview(place, committee_chair, (HEAD + lines).encode())
    lines = "".join(f"J-{i},下水井,18栋,,,\r\n" for i in range(1000))
    assert len(preview(place, committee_chair, (HEAD + lines).encode()).new) == 1000


def test_the_template_is_the_headers_only_in_utf8_with_a_bom():
    assert facility_rows.template_csv() == "\ufeff编号,类型,楼栋,位置,状况,备注\r\n".encode()


def confirm(place, keeper, token: str) -> int:
    return importing.facility_import_confirm(by=keeper, compound=place.compound, token=token)


def test_confirming_registers_every_new_row_with_its_condition_and_one_import_entry(
    place, committee_chair
):
    manholes(place, committee_chair, 1)
    content = HEAD + "J-01,下水井,18栋,18栋东侧第1个,,\r\n" + ROWS.replace("J-01", "J-02")
    result = preview(place, committee_chair, content.encode())
    assert [r.result for r in result.rows] == ["same", "new", "new"]
    assert confirm(place, committee_chair, result.token) == 2
    j02 = Facility.objects.get(code="J-02")
    assert (j02.kind, j02.building, j02.place, j02.condition) == (
        "manhole",
        place.building,
        "北侧草坪",
        "good",
    )
    check = FacilityCheck.objects.get(facility__code="LD-01")
    assert (check.condition, check.note, check.by) == ("broken", "灯罩碎了", committee_chair)
    entry = AuditEvent.objects.get(code="community.facility.imported")
    assert entry.new == {"added": 2, "skipped": 1} and entry.compound_id == place.compound.pk
    assert entry.target_type == "compounds.compound" and entry.actor == committee_chair


def test_a_code_taken_after_the_preview_refuses_the_whole_file(
    place, committee_chair, party_secretary
):
    token = preview(place, committee_chair, (HEAD + ROWS).encode()).token
    facility_add(
        by=party_secretary, compound=place.compound, kind="lamp", code="LD-01", place="西门"
    )
    before = tables()
    with pytest.raises(ValidationError) as refused:
        confirm(place, committee_chair, token)
    message = refused.value.messages[0]
    assert message.startswith("Row 3: 编号: The code LD-01 is already used")
    assert "Nothing was imported" in message
    assert tables() == before and not Facility.objects.filter(code="J-01").exists()


def test_a_building_gone_after_the_preview_refuses_the_whole_file(place, committee_chair):
    token = preview(place, committee_chair, (HEAD + ROWS).encode()).token
    place.building.delete()
    with pytest.raises(ValidationError, match="Row 2: Unknown building “18栋”"):
        confirm(place, committee_chair, token)
    assert not Facility.objects.exists()


def test_a_preview_confirms_once(place, committee_chair):
    token = preview(place, committee_chair, (HEAD + ROWS).encode()).token
    assert confirm(place, committee_chair, token) == 2
    with pytest.raises(ValidationError, match="Row 2: 编号: The code J-01"):
        confirm(place, committee_chair, token)
    assert Facility.objects.count() == 2


def test_a_forged_another_keepers_or_an_expired_preview_is_refused(
    place, committee_chair, party_secretary, monkeypatch
):
    token = preview(place, committee_chair, (HEAD + ROWS).encode()).token
    for who, forged in [
        (committee_chair, token[:-2] + "xx"),
        (committee_chair, "forged"),
        (party_secretary, token),  # a preview is its maker's
    ]:
        with pytest.raises(ValidationError, match="This preview has expired"):
            confirm(place, who, forged)
    monkeypatch.setattr(importing, "IMPORT_MAX_AGE", -1)
    with pytest.raises(ValidationError, match="This preview has expired"):
        confirm(place, committee_chair, token)
    assert not Facility.objects.exists()


def test_only_keepers_preview_or_confirm(place, committee_chair, resident):
    with pytest.raises(PermissionDenied):
        preview(place, resident, (HEAD + ROWS).encode())
    token = preview(place, committee_chair, (HEAD + ROWS).encode()).token
    with pytest.raises(PermissionDenied):
        confirm(place, resident, token)

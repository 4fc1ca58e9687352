"""Registry import: the dry run explains every bad row in Chinese and writes nothing;
the import is idempotent; the export gives the same columns back."""

import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from compounds import registry
from compounds.models import RegistryImport, Residency, Unit
from compounds.registry import importing
from tests import factories as f

pytestmark = pytest.mark.django_db
HEADER = ["楼栋", "单元", "门牌号", "面积", "面积来源", "业主姓名", "手机号", "关系"]
GOOD = [
    ["18栋", "1单元", "101", "89.50", "不动产登记簿", "王秀英", "13912340001", "业主"],
    ["18栋", "1单元", "102", "105.32", "实测", "李建华", "139 1234 0002", "业主"],
    ["18栋", "1单元", "102", "105.32", "实测", "李小华", "13912340003", "租户"],
    ["18栋", "2单元", "201", "126.00", "购房合同", "", "", ""],
]


def csv_bytes(rows, encoding="utf-8") -> bytes:
    return "\n".join(",".join(row) for row in [HEADER, *rows]).encode(encoding)


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_of(files: dict) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def check(place, data: bytes, name="registry.csv"):
    with translation.override("zh-hans"):
        return registry.check_table(place.compound, registry.read_table(data, name))


def test_good_file_checks_clean_in_both_formats(place):
    for data, name in [(csv_bytes(GOOD), "r.csv"), (xlsx_bytes(GOOD), "r.xlsx")]:
        result = check(place, data, name)
        assert result.ok, result.problems
        assert len(result.rows) == 4
        assert result.rows[1].phone == "+8613912340002"


def test_gbk_csv_from_excel_is_read_correctly(place):
    result = check(place, csv_bytes(GOOD, encoding="gbk"))
    assert result.ok and result.rows[0].name == "王秀英"


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        (["18栋", "1单元", "103", "89.5", "不动产登记簿", "赵", "12345", "业主"], "手机号"),
        (["18栋", "1单元", "104", "0", "实测", "", "", ""], "面积"),
        (["18栋", "1单元", "105", "-3", "实测", "", "", ""], "面积"),
        (["18栋", "1单元", "106", "abc", "实测", "", "", ""], "面积"),
        (["18栋", "1单元", "107", "80.123", "实测", "", "", ""], "小数"),
        (["99栋", "1单元", "101", "80", "实测", "", "", ""], "99栋"),
        (["18栋", "1单元", "108", "80", "听说", "", "", ""], "面积来源"),
        (["18栋", "1单元", "101", "89.50", "实测", "周", "13912349999", "业主"], "再次出现"),
    ],
)
def test_each_bad_row_is_explained_in_chinese(place, row, fragment):
    result = check(place, csv_bytes([GOOD[0], row]))
    assert not result.ok
    ((number, message),) = result.problems
    assert number == 3 and fragment in message, message


def test_conflicting_owner_of_an_existing_unit(place):
    unit = f.UnitFactory(
        building=place.building, entrance="1单元", door="101", area=Decimal("89.50")
    )
    f.ResidencyFactory(unit=unit, user=f.UserFactory(phone="+8613955550000"))
    result = check(place, csv_bytes([GOOD[0]]))
    assert not result.ok and "业主" in result.problems[0][1]


def test_formulas_are_refused_never_evaluated(place):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["18栋", "1单元", "101", "=80+9.5", "实测", "王", "13912340001", "业主"])
    sheet.append(["18栋", "1单元", "102", 90, "实测", '=HYPERLINK("http://x","y")', "", ""])
    out = io.BytesIO()
    workbook.save(out)
    result = check(place, out.getvalue(), "r.xlsx")
    assert [n for n, _ in result.problems] == [2, 3]
    assert all("公式" in m for _, m in result.problems)


@pytest.mark.parametrize(
    ("data", "name", "fragment"),
    [
        (zip_of({"hello.txt": b"not a workbook inside"}), "r.xlsx", "无法打开"),
        (b"just some text, not a zip", "r.xlsx", "不是"),
        (b"\x00" * 10, "r.pdf", ".xlsx"),
        (b"", "r.csv", "空"),
        ("楼栋,门牌号\n18栋,101\n".encode(), "r.csv", "面积"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(place, data, name, fragment):
    with pytest.raises(registry.RegistryFileError) as error:
        check(place, data, name)
    assert fragment in str(error.value)


def test_a_20_mb_file_is_refused(place):
    with pytest.raises(registry.RegistryFileError) as error:
        check(place, b"x" * (20 * 1024 * 1024))
    assert "10 MB" in str(error.value)


def _job(place, data: bytes, name="r.csv") -> RegistryImport:
    job = RegistryImport(compound=place.compound, original_name=name)
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    return job


def test_import_writes_units_and_residents_and_twice_changes_nothing(place):
    data = csv_bytes(GOOD)
    job = registry.import_run(_job(place, data).pk)
    assert (job.status, job.created_units, job.created_residencies) == ("done", 3, 3)
    counts = (Unit.objects.count(), Residency.objects.count())
    assert Residency.objects.get(user__phone="+8613912340003").relation == "tenant"
    again = registry.import_run(_job(place, data).pk)
    assert (again.status, again.created_units, again.created_residencies) == ("done", 0, 0)
    assert (Unit.objects.count(), Residency.objects.count()) == counts
    assert registry.import_run(job.pk).status == "done"  # running a finished job is a no-op


def test_import_that_no_longer_checks_writes_nothing(place):
    job = _job(place, csv_bytes(GOOD))
    place.building.name = "十八栋"
    place.building.save()
    job = registry.import_run(job.pk)
    assert job.status == "failed" and job.error
    assert not Unit.objects.exists() and not Residency.objects.exists()


def test_export_gives_the_import_columns_back(place):
    registry.import_run(_job(place, csv_bytes(GOOD)).pk)
    workbook = load_workbook(io.BytesIO(registry.export_xlsx(place.compound)))
    rows = [[("" if v is None else str(v)) for v in row] for row in workbook.active.values]
    assert rows[0] == registry.EXPORT_HEADERS
    assert ["18栋", "1单元", "102", "1", "105.32", "实测", "李小华", "13912340003", "租户"] in rows
    # and the exported file imports back cleanly, changing nothing
    exported = io.BytesIO()
    workbook.save(exported)
    assert check(place, exported.getvalue(), "r.xlsx").ok


def test_export_keeps_formula_like_text_as_text(place):
    unit = f.UnitFactory(building=place.building, door="301")
    f.ResidencyFactory(unit=unit, user=f.UserFactory(display_name="=cmd|'/c calc'!A1"))
    workbook = load_workbook(io.BytesIO(registry.export_xlsx(place.compound)))
    cell = next(
        c
        for row in workbook.active.iter_rows()
        for c in row
        if isinstance(c.value, str) and "cmd" in c.value
    )
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_formulas_in_a_csv_are_refused_too(place):
    rows = [
        ["18栋", "1单元", "=1+2", "80", "实测", "", "", ""],
        ["18栋", "1单元", "102", "80", "实测", '=HYPERLINK("http://evil")', "", ""],
        ["18栋", "1单元", "103", "@SUM(A1)", "实测", "", "", ""],
    ]
    result = check(place, csv_bytes(rows))
    assert [n for n, _m in result.problems] == [2, 3, 4]
    assert all("公式" in m for _n, m in result.problems)


@pytest.mark.parametrize(
    "row",
    [
        ["18栋", "1单元", "9" * 30, "80", "实测", "", "", ""],
        ["18栋", "1" * 30, "101", "80", "实测", "", "", ""],
        ["18栋", "1单元", "101", "123456789", "实测", "", "", ""],
    ],
)
def test_values_the_database_cannot_hold_are_explained_not_crashed(place, row):
    result = check(place, csv_bytes([row]))
    assert not result.ok and result.problems[0][0] == 2


def test_an_import_that_breaks_midway_is_marked_failed_not_running(place, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "_apply", explode)
    job = registry.import_run(_job(place, csv_bytes(GOOD)).pk)
    assert job.status == "failed" and job.error
    assert not Unit.objects.exists()

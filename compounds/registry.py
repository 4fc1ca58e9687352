"""Registry import and export: the owner lists communities keep, as CSV or XLSX.

Columns (Chinese headers, as communities write them; English codes also accepted):
楼栋 building · 单元 entrance · 门牌号 door · 楼层 floor (optional, else from the door) ·
面积 area · 面积来源 area source · 业主姓名 owner name · 手机号 phone · 关系 relation.

`check_file` reads and validates every row without writing anything (the dry run).
`import_run` applies a checked file in one transaction (nothing is half-saved), reporting
progress through the cache so a page can show it live; running it twice changes nothing.
Cell formulas are never evaluated: a cell holding one is refused.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Compound, RegistryImport, Residency, Unit
from portal.phones import normalize_phone
from portal.spreadsheets import safe_cell

logger = logging.getLogger("compounds.registry")

COLUMNS = [
    "building",
    "entrance",
    "door",
    "floor",
    "area",
    "area_source",
    "name",
    "phone",
    "relation",
]
HEADERS = {
    "building": ("楼栋", "楼号", "building"),
    "entrance": ("单元", "entrance"),
    "door": ("门牌号", "房号", "门牌", "door"),
    "floor": ("楼层", "floor"),
    "area": ("面积", "建筑面积", "面积（㎡）", "面积(㎡)", "面积(m²)", "area"),
    "area_source": ("面积来源", "area_source"),
    "name": ("业主姓名", "姓名", "name"),
    "phone": ("手机号", "电话", "联系电话", "phone"),
    "relation": ("关系", "relation"),
}
EXPORT_HEADERS = [
    "楼栋",
    "单元",
    "门牌号",
    "楼层",
    "面积",
    "面积来源",
    "业主姓名",
    "手机号",
    "关系",
]
AREA_SOURCES = {
    "不动产登记簿": "register",
    "登记簿": "register",
    "不动产登记": "register",
    "register": "register",
    "实测": "survey",
    "测绘": "survey",
    "survey": "survey",
    "购房合同": "contract",
    "合同": "contract",
    "contract": "contract",
}
SOURCE_LABELS = {"register": "不动产登记簿", "survey": "实测", "contract": "购房合同"}
SOURCE_RANK = {"register": 3, "survey": 2, "contract": 1}
RELATIONS = {
    "业主": "owner",
    "产权人": "owner",
    "owner": "owner",
    "共有业主": "co_owner",
    "共有人": "co_owner",
    "co_owner": "co_owner",
    "租户": "tenant",
    "承租人": "tenant",
    "tenant": "tenant",
    "家庭成员": "household_member",
    "家属": "household_member",
    "household_member": "household_member",
}
RELATION_LABELS = {
    "owner": "业主",
    "co_owner": "共有业主",
    "tenant": "租户",
    "household_member": "家庭成员",
}
MAX_ROWS = 20000
MAX_AREA = Decimal("10000000")  # the column holds 9 digits with 2 decimals
LIMITS = {"building": 50, "entrance": 20, "door": 20, "name": 50, "floor": 4}


class RegistryFileError(Exception):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


@dataclass
class Row:
    number: int  # the row number in the file, as a spreadsheet shows it
    building: str
    entrance: str
    door: str
    floor: int
    area: Decimal
    area_source: str
    name: str
    phone: str  # E.164, or "" for a unit without a registered owner
    relation: str


@dataclass
class Check:
    rows: list[Row] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)

    @property
    def ok(self) -> bool:
        return not self.problems


# Reading ------------------------------------------------------------------------------------


def _read_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RegistryFileError(
            _(
                "The file's text encoding is not recognised. Save it as "
                "CSV (UTF-8) or as an Excel workbook."
            )
        )
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [[_csv_cell(value) for value in row] for row in csv.reader(io.StringIO(text), dialect)]


def _csv_cell(value: str):
    """A CSV cell that a spreadsheet would run as a formula is marked, never evaluated."""
    stripped = value.strip()
    if stripped[:1] in ("=", "@") or (
        stripped[:1] in ("+", "-") and not stripped[1:].replace(".", "", 1).isdigit()
    ):
        return Formula(stripped)
    return value


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise RegistryFileError(
            _(
                "This file is not an Excel workbook (.xlsx). Please upload "
                "the spreadsheet itself, or save it as CSV."
            )
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise RegistryFileError(
            _("The workbook could not be opened. It may be damaged or protected by a password.")
        ) from exc
    sheet = workbook.worksheets[0]
    rows = []
    for row in sheet.iter_rows():
        rows.append([_cell_value(cell) for cell in row])
        if len(rows) > MAX_ROWS + 1:
            break
    workbook.close()
    return rows


class Formula(str):
    """A cell that holds a formula: kept as text, never evaluated."""


def _cell_value(cell):
    if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
        return Formula(str(cell.value))
    return cell.value


def read_table(data: bytes, filename: str) -> list[list]:
    if len(data) > settings.PORTAL_MAX_IMPORT_BYTES:
        raise RegistryFileError(
            _("The file is larger than %(mb)s MB. Split it into smaller files.")
            % {"mb": settings.PORTAL_MAX_IMPORT_BYTES // 2**20}
        )
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith((".csv", ".txt")):
        return _read_csv(data)
    raise RegistryFileError(_("Upload a .xlsx or .csv file."))


# Checking -----------------------------------------------------------------------------------


def _header_map(header: list) -> dict[str, int]:
    found = {}
    for index, title in enumerate(header):
        title = str(title or "").strip().replace(" ", "")
        for column, names in HEADERS.items():
            if title in names and column not in found:
                found[column] = index
    missing = [HEADERS[c][0] for c in ("building", "door", "area", "area_source") if c not in found]
    if missing:
        raise RegistryFileError(
            _("The first row must name the columns; missing: %(cols)s.")
            % {"cols": "、".join(missing)}
        )
    return found


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_row(number: int, cells: dict, problems: list) -> Row | None:
    def problem(message: str) -> None:
        problems.append((number, message))

    formulas = [HEADERS[c][0] for c, v in cells.items() if isinstance(v, Formula)]
    if formulas:
        problem(
            _("Cells with formulas are not accepted (%(cols)s); enter the values themselves.")
            % {"cols": "、".join(formulas)}
        )
        return None
    values = {c: _text(v) for c, v in cells.items()}
    building, door = values.get("building", ""), values.get("door", "")
    if not building or not door:
        problem(_("Building and door number are required."))
        return None
    for column, limit in LIMITS.items():
        if len(values.get(column, "")) > limit:
            problem(
                _("“%(col)s” is longer than %(n)s characters.")
                % {"col": HEADERS[column][0], "n": limit}
            )
            return None
    try:
        area = Decimal(values.get("area", "").replace(",", ""))
        if not area.is_finite() or area <= 0:
            raise InvalidOperation
        if area >= MAX_AREA:
            problem(_("The area %(v)s m² is not plausible.") % {"v": area})
            return None
        if area != area.quantize(Decimal("0.01")):
            problem(_("The area has more than two decimal places: %(v)s.") % {"v": area})
            return None
    except InvalidOperation:
        problem(
            _("The area must be a positive number of square metres: “%(v)s”.")
            % {"v": values.get("area", "")}
        )
        return None
    source = AREA_SOURCES.get(values.get("area_source", ""))
    if source is None:
        problem(
            _("Unknown area source “%(v)s”: use 不动产登记簿, 实测 or 购房合同.")
            % {"v": values.get("area_source", "")}
        )
        return None
    phone = ""
    if values.get("phone"):
        try:
            phone = normalize_phone(values["phone"])
        except Exception as exc:
            problem(
                _("Bad phone number “%(v)s”: %(why)s")
                % {"v": values["phone"], "why": " ".join(exc.messages)}
            )
            return None
    relation = RELATIONS.get(values.get("relation", "") or ("业主" if phone else ""), "")
    if phone and not relation:
        problem(
            _("Unknown relation “%(v)s”: use 业主, 共有业主, 租户 or 家庭成员.")
            % {"v": values.get("relation", "")}
        )
        return None
    floor_text = values.get("floor", "")
    digits = "".join(ch for ch in door if ch.isdigit())
    try:
        floor = int(floor_text) if floor_text else int(digits[:-2] or "1")
        if not -10 <= floor <= 300:
            raise ValueError
    except ValueError:
        problem(
            _("The floor must be a whole number between -10 and 300: “%(v)s”.")
            % {"v": floor_text or door}
        )
        return None
    return Row(
        number,
        building,
        values.get("entrance", ""),
        door,
        floor,
        area,
        source,
        values.get("name", ""),
        phone,
        relation,
    )


def check_table(compound: Compound, table: list[list]) -> Check:
    """Validate every row against the file itself and the compound's registry."""
    result = Check()
    if not table:
        raise RegistryFileError(_("The file is empty."))
    if len(table) > MAX_ROWS + 1:
        raise RegistryFileError(
            _("The file has more than %(n)s rows. Split it into smaller files.") % {"n": MAX_ROWS}
        )
    columns = _header_map(table[0])
    for offset, raw in enumerate(table[1:], start=2):
        if not any(_text(v) for v in raw):
            continue
        cells = {c: (raw[i] if i < len(raw) else None) for c, i in columns.items()}
        row = _parse_row(offset, cells, result.problems)
        if row is not None:
            result.rows.append(row)
    _check_against_registry(compound, result)
    result.problems.sort()
    return result


def _check_against_registry(compound: Compound, result: Check) -> None:
    buildings = dict(compound.buildings.values_list("name", "pk"))
    units = {
        (b, e, d): (pk, area, source)
        for pk, b, e, d, area, source in Unit.objects.filter(
            building__compound=compound
        ).values_list("pk", "building__name", "entrance", "door", "area", "area_source")
    }
    owners: dict[int, set[str]] = {}
    for unit_id, phone in (
        Residency.objects.current()
        .filter(
            unit__building__compound=compound,
            status=Residency.Status.VERIFIED,
            relation__in=Residency.OWNER_RELATIONS,
        )
        .values_list("unit_id", "user__phone")
    ):
        owners.setdefault(unit_id, set()).add(phone)
    seen: dict[tuple, Row] = {}
    for row in result.rows:
        key = (row.building, row.entrance, row.door)
        if row.building not in buildings:
            result.problems.append(
                (
                    row.number,
                    _("Unknown building “%(b)s” in %(c)s.")
                    % {"b": row.building, "c": compound.name},
                )
            )
            continue
        first = seen.setdefault(key, row)
        if first is not row and (
            first.area != row.area
            or row.relation == "owner" == first.relation
            or not row.phone
            or row.phone == first.phone
        ):
            result.problems.append(
                (
                    row.number,
                    _(
                        "Door number %(d)s appears again (first on row %(n)s); a door may "
                        "repeat only for co-owners, tenants or family members with the same area."
                    )
                    % {"d": " ".join(k for k in key if k), "n": first.number},
                )
            )
            continue
        existing = units.get(key)
        if existing is None:
            continue
        unit_id, area, source = existing
        if area != row.area and SOURCE_RANK[row.area_source] < SOURCE_RANK[source]:
            result.problems.append(
                (
                    row.number,
                    _(
                        "The registered area %(old)s m² (from %(src)s) is more reliable than "
                        "%(new)s m² (from %(newsrc)s)."
                    )
                    % {
                        "old": area,
                        "src": SOURCE_LABELS[source],
                        "new": row.area,
                        "newsrc": SOURCE_LABELS[row.area_source],
                    },
                )
            )
        if (
            row.phone
            and row.relation == "owner"
            and owners.get(unit_id)
            and row.phone not in owners[unit_id]
        ):
            result.problems.append(
                (
                    row.number,
                    _(
                        "This unit already has a different registered owner; correct the registry "
                        "or end that ownership first."
                    ),
                )
            )


# Applying -----------------------------------------------------------------------------------


def progress_key(import_id: int) -> str:
    return f"registry-import:{import_id}:processed"


def progress_of(job: RegistryImport) -> int:
    if job.status in (RegistryImport.Status.DONE, RegistryImport.Status.FAILED):
        return job.processed_rows
    return cache.get(progress_key(job.pk), job.processed_rows)


def _apply(compound: Compound, rows: list[Row], job_id: int) -> tuple[int, int]:
    """Write the rows: new units, better areas, new users and verified residencies."""
    User = get_user_model()
    buildings = dict(compound.buildings.values_list("name", "pk"))
    units = {
        (u.building_id, u.entrance, u.door): u
        for u in Unit.objects.filter(building__compound=compound)
    }
    new_units, changed_units = [], []
    for row in rows:
        key = (buildings[row.building], row.entrance, row.door)
        unit = units.get(key)
        if unit is None:
            unit = Unit(
                building_id=key[0],
                entrance=row.entrance,
                door=row.door,
                floor=row.floor,
                area=row.area,
                area_source=row.area_source,
            )
            units[key] = unit
            new_units.append(unit)
        elif (
            unit.pk
            and (unit.area != row.area or unit.area_source != row.area_source)
            and (SOURCE_RANK[row.area_source] >= SOURCE_RANK[unit.area_source])
        ):
            unit.area, unit.area_source = row.area, row.area_source
            changed_units.append(unit)
    Unit.objects.bulk_create(new_units, batch_size=500)
    Unit.objects.bulk_update(changed_units, ["area", "area_source"], batch_size=500)
    if new_units:  # SQLite does not return ids from bulk_create of every version: refetch
        units = {
            (u.building_id, u.entrance, u.door): u
            for u in Unit.objects.filter(building__compound=compound)
        }

    phones = {row.phone: row.name for row in rows if row.phone}
    users = dict(User.objects.filter(phone__in=phones).values_list("phone", "pk"))
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(phone=p, display_name=n[:50], password=unusable)
            for p, n in phones.items()
            if p not in users
        ],
        batch_size=500,
    )
    users = dict(User.objects.filter(phone__in=phones).values_list("phone", "pk"))
    open_pairs = set(
        Residency.objects.filter(unit__building__compound=compound, end__isnull=True)
        .exclude(status=Residency.Status.REJECTED)
        .values_list("user_id", "unit_id")
    )
    today = timezone.localdate()
    new_residencies = []
    for index, row in enumerate(rows, start=1):
        if row.phone:
            unit = units[(buildings[row.building], row.entrance, row.door)]
            pair = (users[row.phone], unit.pk)
            if pair not in open_pairs:
                open_pairs.add(pair)
                new_residencies.append(
                    Residency(
                        user_id=pair[0],
                        unit_id=pair[1],
                        relation=row.relation,
                        start=today,
                        status=Residency.Status.VERIFIED,
                        reviewed_at=timezone.now(),
                    )
                )
        if index % 250 == 0:
            cache.set(progress_key(job_id), index, timeout=3600)
    Residency.objects.bulk_create(new_residencies, batch_size=500)
    return len(new_units), len(new_residencies)


def import_run(import_id: int) -> RegistryImport:
    """Apply a checked import. Idempotent: a finished import is not run again, and the same
    file imported twice creates nothing the second time."""
    with transaction.atomic():
        job = (
            RegistryImport.objects.select_for_update(of=("self",))
            .select_related("compound__community")
            .get(pk=import_id)
        )
        if job.status in (RegistryImport.Status.DONE, RegistryImport.Status.RUNNING):
            return job
        job.status = RegistryImport.Status.RUNNING
        job.save(update_fields=["status"])
    try:
        with job.file.open("rb") as handle:
            table = read_table(handle.read(), job.original_name)
        with transaction.atomic():
            # Lock the compound: two imports into one compound run one after the other.
            Compound.objects.select_for_update().get(pk=job.compound_id)
            check = check_table(job.compound, table)
            if not check.ok:
                raise RegistryFileError(
                    _("The registry changed since the check; check the file again.")
                )
            created_units, created_residencies = _apply(job.compound, check.rows, job.pk)
            job.status = RegistryImport.Status.DONE
            job.processed_rows = job.total_rows = len(check.rows)
            job.created_units, job.created_residencies = created_units, created_residencies
            job.finished_at = timezone.now()
            job.save()
    except RegistryFileError as exc:
        RegistryImport.objects.filter(pk=job.pk).update(
            status=RegistryImport.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
    except Exception:  # the transaction rolled back: record it, never leave it "running"
        logger.exception("registry import %s failed", job.pk)
        RegistryImport.objects.filter(pk=job.pk).update(
            status=RegistryImport.Status.FAILED,
            finished_at=timezone.now(),
            error=_("The import failed and nothing was written; check the file again."),
        )
    finally:
        cache.delete(progress_key(job.pk))
    job.refresh_from_db()
    return job


# Exporting ----------------------------------------------------------------------------------


def export_rows(compound: Compound) -> list[list]:
    """The registry in the import's columns: one row per current owner or tenant record,
    and one row for each unit with nobody recorded."""
    people: dict[int, list] = {}
    for residency in (
        Residency.objects.current()
        .filter(unit__building__compound=compound, status=Residency.Status.VERIFIED)
        .select_related("user")
        .order_by("pk")
    ):
        people.setdefault(residency.unit_id, []).append(residency)
    rows = []
    for unit in (
        Unit.objects.filter(building__compound=compound)
        .select_related("building")
        .order_by("building_id", "entrance", "door")
    ):
        base = [
            unit.building.name,
            unit.entrance,
            unit.door,
            unit.floor,
            unit.area,
            SOURCE_LABELS[unit.area_source],
        ]
        residents = people.get(unit.pk) or [None]
        for residency in residents:
            if residency is None:
                rows.append([*base, "", "", ""])
            else:
                rows.append(
                    [
                        *base,
                        residency.user.display_name,
                        residency.user.phone[3:],
                        RELATION_LABELS[residency.relation],
                    ]
                )
    return rows


def export_xlsx(compound: Compound) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(compound.name[:31])
    sheet.append(EXPORT_HEADERS)
    for row in export_rows(compound):
        # Text that looks like a formula stays text in the exported workbook.
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

"""Reading a registry file: CSV (UTF-8 or GBK) or XLSX, formulas marked, never evaluated."""

from __future__ import annotations

import csv
import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from compounds.registry.columns import MAX_ROWS, Formula, RegistryFileError


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
    try:
        rows = csv.reader(io.StringIO(text), dialect)
        return [[_csv_cell(value) for value in row] for row in rows]
    except csv.Error as exc:  # a cell above the csv module's field limit (128 KB)
        raise RegistryFileError(
            _(
                "The file could not be read as a table. Save it again as CSV or as an "
                "Excel workbook."
            )
        ) from exc


def _csv_cell(value: str):
    """A CSV cell that a spreadsheet would run as a formula is marked, never evaluated."""
    stripped = value.strip()
    if stripped[:1] in ("=", "@") or (
        stripped[:1] in ("+", "-") and not stripped[1:].replace(".", "", 1).isdecimal()
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

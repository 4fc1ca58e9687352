"""Writing cells people open in Excel or WPS, and workbooks sent while they are written."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr


def safe_cell(value):
    """Text a spreadsheet would run as a formula (=, +, -, @) stays text; other values pass."""
    if isinstance(value, str) and value and value[0] in "=+-@":
        return f"'{value}"
    return value


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PARTS = {
    "[Content_Types].xml": f'<Types xmlns="{_PKG}/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
    '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{_PKG}/relationships"><Relationship Id="rId1" '
    f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
    "xl/styles.xml": f'<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/>'
    '<name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/>'
    '</fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1">'
    "<border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
    'xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
    'builtinId="0"/></cellStyles></styleSheet>',
}
# Characters XML 1.0 cannot carry (openpyxl refuses them too): dropped from cells.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME_ILLEGAL = re.compile(r"[\[\]:*?/\\]")


class _Pipe:
    """The write end zipfile writes to; `take` hands over what was written since."""

    def __init__(self) -> None:
        self.pieces: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.pieces.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.pieces = b"".join(self.pieces), []
        return data


@lru_cache(maxsize=64)
def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value) -> str:
    if type(value) is str:  # most cells: text, the fast way first
        if not value:
            return ""
        text = escape(_ILLEGAL.sub("", value))
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | Decimal) or (
        isinstance(value, float) and value == value and abs(value) != float("inf")
    ):
        number = format(value, "f") if isinstance(value, Decimal) else repr(value)
        return f'<c r="{ref}"><v>{number}</v></c>'
    text = escape(_ILLEGAL.sub("", str(value)))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_name(name: str) -> str:
    name = _SHEET_NAME_ILLEGAL.sub("_", _ILLEGAL.sub("", name)).strip("'")[:31]
    return name or "Sheet1"


def xlsx_stream(sheet_name: str, rows: Iterable[Sequence], *, batch: int = 500) -> Iterator[bytes]:
    """An .xlsx workbook of one sheet, yielded piece by piece while `rows` are read: the
    first bytes go out before the first row is asked for, and memory holds one batch of
    rows, never the workbook. The zip is written without seeking (sizes follow each part),
    which Excel, WPS and openpyxl read. Cells are written as they come: pass them through
    `safe_cell` first where people typed the text."""
    pipe = _Pipe()
    workbook = (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets><sheet '
        f'name={quoteattr(_sheet_name(sheet_name))} sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    # Fastest deflate: a registry's text shrinks almost as much, in half the time.
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, body in [*_PARTS.items(), ("xl/workbook.xml", workbook)]:
            archive.writestr(name, _HEAD + body)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            yield pipe.take()
            pending = []
            for number, row in enumerate(rows, start=1):
                cells = "".join(_cell(f"{_column(i)}{number}", v) for i, v in enumerate(row))
                pending.append(f'<row r="{number}">{cells}</row>')
                if len(pending) >= batch:
                    sheet.write("".join(pending).encode())
                    pending = []
                    if chunk := pipe.take():
                        yield chunk
            sheet.write(("".join(pending) + "</sheetData></worksheet>").encode())
    yield pipe.take()

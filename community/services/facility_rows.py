"""Reading the rows of a facilities register spreadsheet (公共设施台账): the header row,
the words people write for kinds, conditions and buildings, and each row's own problems
(a formula, an unknown kind, building or condition). Nothing here looks at the register;
services/facility_import.py checks the rows against it.

Columns, named by the first row (a title above it is passed over; the English codes are
read too): 编号 code · 类型 kind · 楼栋 building · 位置 where it is · 状况 condition ·
备注 a note on that condition. Kinds and conditions are written as the site shows them
(路灯, 下水井 …; 完好, 损坏 …) or by their English codes (lamp, broken …); a building by
its name (18栋) or, where that names one building, its number (18, 18号楼).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from community.models import Condition, Facility
from compounds.models import Building, Compound
from compounds.registry import Formula
from portal.text import without_controls

MAX_BYTES = 2 * 2**20
# Each row goes through the register's own services (eight queries or so, on preview and
# again on confirmation): a thousand rows take a few seconds; a larger register is
# imported in several files.
MAX_ROWS = 1000

HEADERS = {
    "code": ("编号", "设施编号", "code"),
    "kind": ("类型", "设施类型", "kind"),
    "building": ("楼栋", "楼号", "building"),
    "place": ("位置", "具体位置", "place"),
    "condition": ("状况", "状态", "condition"),
    "note": ("备注", "说明", "note"),
}
REQUIRED = ("code", "kind")
# Words people use for a kind besides the site's own labels.
KIND_WORDS = {
    "井盖": Facility.Kind.MANHOLE,
    "窨井": Facility.Kind.MANHOLE,
    "检查井": Facility.Kind.MANHOLE,
    "摄像头": Facility.Kind.CAMERA,
    "监控": Facility.Kind.CAMERA,
    "消防栓": Facility.Kind.FIRE,
    "消火栓": Facility.Kind.FIRE,
    "灭火器": Facility.Kind.FIRE,
}
# A building written by its number: 18, 18栋, 18号楼 and 18幢 are one building.
NUMBERED = re.compile(r"(\d+)(?:栋|号楼|幢|号|楼)?")
# A cell of a single dash is an empty cell (the reader marks a leading "-" as a formula).
EMPTY = {"-", "—", "－"}

NEW, SAME, REFUSED = "new", "same", "refused"


@dataclass
class Row:
    """One row of the file and what importing it would do."""

    number: int  # as the spreadsheet numbers it
    code: str = ""
    kind: str = ""
    kind_text: str = ""  # as shown: the kind's label, or what the file said
    building: Building | None = None
    building_text: str = ""
    place: str = ""
    condition: str = ""
    condition_text: str = ""
    note: str = ""
    result: str = NEW
    problem: str = ""

    @property
    def label(self) -> str:
        return _("Row %(n)s") % {"n": self.number}

    @property
    def where(self) -> str:
        return " ".join(part for part in (self.building_text, self.place) if part)

    def refuse(self, problem: str) -> None:
        if self.result != REFUSED:
            self.result, self.problem = REFUSED, problem

    def plain(self) -> list:
        return [self.number, self.kind, self.code, self.building_text, self.place]


def template_csv() -> bytes:
    """The empty register to fill in: the headers only (no one's text is written back), in
    UTF-8 with a byte-order mark so that Excel and WPS open it in Chinese."""
    return ("\ufeff" + ",".join(names[0] for names in HEADERS.values()) + "\r\n").encode()


def _words(choices, extra: dict) -> dict[str, str]:
    """Every way a value may be written: its code, its English and Chinese labels (each
    half of 门禁/大门), and `extra`; compared without spaces or case."""
    words = {}
    for value, label in choices:
        for language in ("en", "zh-hans"):
            with translation.override(language):
                text = str(label)
            for word in [value, text, *text.split("/")]:
                words[_key(word)] = value
    return words | {_key(word): value for word, value in extra.items()}


def _labels(choices) -> str:
    return pgettext("list separator", ", ").join(str(label) for _value, label in choices)


def _key(text: str) -> str:
    return "".join(str(text).split()).lower()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = without_controls(value).strip()
    return "" if text in EMPTY else text


def _header(table: list[list]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(table[:10]):
        found: dict[str, int] = {}
        for position, cell in enumerate(row):
            title = _key(cell if cell is not None else "")
            for column, names in HEADERS.items():
                if title in names and column not in found:
                    found[column] = position
        if all(column in found for column in REQUIRED):
            return index, found
    raise ValidationError(
        _("The first row must name the columns; missing: %(cols)s.")
        % {"cols": "、".join(HEADERS[c][0] for c in REQUIRED)},
        code="headers",
    )


def _cells(table: list[list]) -> Iterator[tuple[int, dict]]:
    """(row number, {column: cell}) for each row below the header that is not empty."""
    start, columns = _header(table)
    count = 0
    for index in range(start + 1, len(table)):
        row = table[index]
        cells = {c: row[p] if p < len(row) else None for c, p in columns.items()}
        if not any(isinstance(v, Formula) or _text(v) for v in cells.values()):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(n)s rows. Split it into smaller files.")
                % {"n": MAX_ROWS},
                code="rows",
            )
        yield index + 1, cells


class _Buildings:
    """The compound's buildings by name, and by number where that names only one."""

    def __init__(self, compound: Compound) -> None:
        self.compound = compound
        self.by_name = {b.name: b for b in compound.buildings.all()}
        numbers: dict[str, list[Building]] = {}
        for building in self.by_name.values():
            if match := NUMBERED.fullmatch(building.name):
                numbers.setdefault(match[1], []).append(building)
        self.by_number = {n: found[0] for n, found in numbers.items() if len(found) == 1}

    def find(self, text: str) -> Building | None:
        if found := self.by_name.get(text):
            return found
        match = NUMBERED.fullmatch(text)
        return self.by_number.get(match[1]) if match else None


def _parse(number: int, cells: dict, kinds: dict, conditions: dict, buildings) -> Row:
    row = Row(number=number)
    formulas = [HEADERS[c][0] for c, v in cells.items() if isinstance(v, Formula)]
    values = {c: _text(v) for c, v in cells.items()}
    row.code, row.place, row.note = values["code"], values.get("place", ""), values.get("note", "")
    row.kind_text = values["kind"]
    row.building_text = values.get("building", "")
    row.condition_text = values.get("condition", "")
    if formulas:
        row.refuse(
            _("Cells with formulas are not accepted (%(cols)s); enter the values themselves.")
            % {"cols": "、".join(formulas)}
        )
        return row
    row.kind = kinds.get(_key(row.kind_text), "")
    if row.kind:
        row.kind_text = Facility.Kind(row.kind).label
    elif row.kind_text:
        row.refuse(
            _("Unknown kind “%(k)s”: write one of %(kinds)s.")
            % {"k": row.kind_text, "kinds": _labels(Facility.Kind.choices)}
        )
    if row.building_text:
        row.building = buildings.find(row.building_text)
        if row.building is None:
            row.refuse(
                _("Unknown building “%(b)s” in %(c)s.")
                % {"b": row.building_text, "c": buildings.compound.name}
            )
        else:
            row.building_text = row.building.name
    _parse_condition(row, conditions)
    return row


def _parse_condition(row: Row, conditions: dict) -> None:
    if row.condition_text:
        row.condition = conditions.get(_key(row.condition_text), "")
        if not row.condition:
            row.refuse(
                _("Unknown condition “%(c)s”: write one of %(conditions)s, or leave it empty.")
                % {"c": row.condition_text, "conditions": _labels(Condition.choices)}
            )
            return
        row.condition_text = Condition(row.condition).label
    if row.condition == Condition.UNKNOWN:
        row.condition = ""  # 未检查: nothing to record
    if row.note and not row.condition:
        row.refuse(_("A note goes with a condition: fill in 状况 as well, or leave 备注 empty."))


def read_rows(compound: Compound, table: list[list]) -> list[Row]:
    """The file's rows below its header, each with its own problem if it has one."""
    kinds = _words(Facility.Kind.choices, KIND_WORDS)
    conditions = _words(Condition.choices, {})
    buildings = _Buildings(compound)
    rows = [_parse(n, cells, kinds, conditions, buildings) for n, cells in _cells(table)]
    if not rows:
        raise ValidationError(_("The file has no facility below its headers."), code="empty")
    return rows

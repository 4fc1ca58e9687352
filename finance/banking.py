"""Reading a bank statement (CSV in UTF-8 or GBK, or XLSX) of money received for property
fees, and finding the unit each line pays for by the unit code in its memo.

The layout (docs/finance.md, "Property fees"): a header row within the first ten rows
with 交易日期, 金额 (or 收入金额/贷方金额), 摘要 (or 附言/用途/备注), and optionally 对方户名
and 流水号. Each line is money received: an amount more than zero with at most two
decimal places. A cell a spreadsheet would run as a formula refuses the whole file, and
so does any line that does not read; the message names the line. Nothing is saved here.

A unit's code is its building, entrance and door numbers joined by hyphens: 8栋 1单元 501
is "8-1-501" (a building without entrances: "8-501"). A memo may write it so, or as
8栋1单元501室; one code naming exactly one unit matches.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from compounds.models import Unit
from compounds.registry.columns import Formula, RegistryFileError
from compounds.registry.reading import read_table

HEADERS = {
    "date": ("交易日期", "日期", "记账日期", "交易时间"),
    "amount": ("金额", "收入金额", "贷方金额", "贷方发生额", "交易金额"),
    "payer": ("对方户名", "对方名称", "付款人", "对方账户名称"),
    "memo": ("摘要", "附言", "用途", "备注", "交易附言"),
    "reference": ("流水号", "交易流水号", "凭证号", "交易序号"),
}
REQUIRED = ("date", "amount", "memo")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d")
SEPARATORS = re.compile(r"(栋|幢|号楼|单元|室|号|座|[\s\-_/—–－~·.,，、])+")
DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class BankLine:
    number: int  # the line of the file, as a spreadsheet numbers it
    paid_on: date
    amount: Decimal
    payer: str
    memo: str
    reference: str

    def as_plain(self) -> dict:
        return {
            "number": self.number,
            "paid_on": self.paid_on.isoformat(),
            "amount": f"{self.amount:.2f}",
            "payer": self.payer,
            "memo": self.memo,
            "reference": self.reference,
        }

    @classmethod
    def from_plain(cls, plain: dict) -> BankLine:
        return cls(
            number=int(plain["number"]),
            paid_on=date.fromisoformat(plain["paid_on"]),
            amount=Decimal(plain["amount"]),
            payer=str(plain["payer"]),
            memo=str(plain["memo"]),
            reference=str(plain["reference"]),
        )


def unit_code(unit: Unit) -> str:
    """ "8-1-501" for 8栋 1单元 501 (the numbers of the names; a name without one as is)."""

    def number(name: str) -> str:
        found = DIGITS.findall(name)
        return "".join(found) if found else name

    parts = [number(unit.building.name), number(unit.entrance) if unit.entrance else "", unit.door]
    return "-".join(part for part in parts if part)


def units_by_code(compound_id: int) -> dict[str, Unit]:
    units = Unit.objects.filter(building__compound_id=compound_id).select_related("building")
    return {unit_code(unit): unit for unit in units}


def codes_in(text: str, size: int = 3) -> list[str]:
    """The runs of `size` numbers a memo writes together: "8栋1单元501室" and "８－１－５０１"
    both read as "8-1-501"."""
    normal = SEPARATORS.sub("-", unicodedata.normalize("NFKC", text))
    codes = []
    for run in re.findall(r"[\d-]+", normal):
        parts = [p for p in run.split("-") if p]
        codes += ["-".join(parts[i : i + size]) for i in range(len(parts) - size + 1)]
    return codes


def match(line: BankLine, units: dict[str, Unit]) -> Unit | None:
    """The one unit the memo (else the payer's name) names; none when it names two."""
    for text in (line.memo, line.payer):
        for size in (3, 2):
            found = {units[c].pk: units[c] for c in codes_in(text, size) if c in units}
            if len(found) > 1:
                return None
            if found:
                return next(iter(found.values()))
    return None


def _refuse(number: int, message: str) -> ValidationError:
    return ValidationError(
        _("Line %(n)s: %(problem)s Nothing was imported.") % {"n": number, "problem": message},
        code="line",
    )


def _columns(rows: list[list]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:10]):
        cells = [str(c).strip() if c is not None else "" for c in row]
        found = {}
        for key, names in HEADERS.items():
            for position, cell in enumerate(cells):
                if cell in names and key not in found:
                    found[key] = position
        if all(key in found for key in REQUIRED):
            return index, found
    raise ValidationError(
        _(
            "No header row with 交易日期, 金额 and 摘要 (or 附言) was found in the first ten "
            "rows. Export the statement from online banking as CSV or Excel and upload it "
            "unchanged. Nothing was imported."
        ),
        code="headers",
    )


def _date(value, number: int) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip().split(" ")[0]
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar day)
        except ValueError:
            continue
    raise _refuse(
        number, _("the date %(value)s is not a date such as 2026-03-05.") % {"value": text}
    )


def _amount(value, number: int) -> Decimal:
    text = str(value if value is not None else "").strip().replace(",", "").replace("¥", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
    if (
        amount is None
        or not amount.is_finite()
        or amount <= 0
        or amount.as_tuple().exponent < -2
        or amount > settings.FINANCE_MAX_AMOUNT
    ):
        raise _refuse(
            number,
            _(
                "the amount %(value)s is not money received: it must be more than zero, "
                "with at most two decimal places (fen)."
            )
            % {"value": text or "—"},
        )
    return amount.quantize(Decimal("0.01"))


def _text(row: list, position: int | None, limit: int) -> str:
    if position is None or position >= len(row) or row[position] is None:
        return ""
    return str(row[position]).strip()[:limit]


def _line_hash(parts: tuple, occurrence: int) -> str:
    """A line without a 流水号 is known by its content and its place among identical
    lines of the file: the same file, or an overlapping one, gives the same keys."""
    raw = "\x1f".join([*map(str, parts), str(occurrence)])
    return "line:" + hashlib.sha256(raw.encode()).hexdigest()[:64]


def read_statement(data: bytes, filename: str) -> list[BankLine]:
    """Every line of the statement, or a ValidationError naming the first that does not read."""
    if data.lstrip()[:1] == b"<":
        raise ValidationError(
            _("This file is a web page, not a bank statement. Nothing was imported."),
            code="html",
        )
    try:
        rows = read_table(data, filename)
    except RegistryFileError as exc:
        raise ValidationError(str(exc), code="file") from exc
    header, columns = _columns(rows)
    lines, seen = [], Counter()
    for index, row in enumerate(rows[header + 1 :], start=header + 2):
        if not any(str(c).strip() for c in row if c is not None):
            continue
        for cell in row:
            if isinstance(cell, Formula):
                raise _refuse(
                    index,
                    _("a cell starts like a spreadsheet formula (%(cell)s).")
                    % {"cell": str(cell)[:20]},
                )
        paid_on = _date(row[columns["date"]] if columns["date"] < len(row) else "", index)
        amount = _amount(row[columns["amount"]] if columns["amount"] < len(row) else "", index)
        payer, memo = _text(row, columns.get("payer"), 100), _text(row, columns["memo"], 200)
        reference = _text(row, columns.get("reference"), 70)
        if reference:
            reference = "ref:" + reference
        else:
            parts = (paid_on.isoformat(), f"{amount:.2f}", payer, memo)
            seen[parts] += 1
            reference = _line_hash(parts, seen[parts])
        lines.append(BankLine(index, paid_on, amount, payer, memo, reference))
    if not lines:
        raise ValidationError(_("The statement has no lines. Nothing was imported."), code="empty")
    return lines

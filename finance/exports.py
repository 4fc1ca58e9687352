"""A disclosure as a spreadsheet (XLSX) or CSV: its summary, then every line. Cells that
a spreadsheet would run as a formula stay text (portal.spreadsheets.safe_cell); a CSV
starts with a byte-order mark so that Excel and WPS read its Chinese as UTF-8."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from finance.models import Category, Disclosure, Entry
from portal.spreadsheets import safe_cell, xlsx_stream
from portal.templatetags.portal_extras import share

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
CATEGORY_LABELS = dict(Category.choices)
DIRECTION_LABELS = dict(Entry.Direction.choices)


def statement_rows(disclosure: Disclosure, figures: dict) -> Iterator[list]:
    """Rows of cells: the statement's summary, a blank row, the lines with a header."""
    yield [_("Account"), figures["account_name"]]
    yield [_("Period"), disclosure.period_label]
    yield [_("Opening balance"), Decimal(figures["opening"])]
    yield [_("Income"), Decimal(figures["income"])]
    yield [_("Expenses"), Decimal(figures["expense"])]
    yield [_("Closing balance"), Decimal(figures["closing"])]
    if "collection" in figures:  # a property-fee account's 收缴率, a share of the units
        collected = figures["collection"]["compound"]
        rate = share(collected["rate"]) if collected["rate"] else ""  # 91.7%, as on the page
        yield [_("Fee collection rate"), rate, f"{collected['paid_units']}/{collected['units']}"]
    if disclosure.digest:
        yield ["SHA-256", disclosure.digest]
    yield []
    yield [
        _("Date"),
        _("Income or expense"),
        _("Category"),
        _("Amount (yuan)"),
        _("Paid to or received from"),
        _("Description"),
        _("Resolution"),
        _("Entry"),
    ]
    for line in figures["lines"]:
        yield [
            line["date"],
            str(DIRECTION_LABELS[line["direction"]]),
            str(CATEGORY_LABELS.get(line["category"], line["category"])),
            Decimal(line["amount"]),
            line["counterparty"],
            line["description"],
            _basis(line),
            f"#{line['entry']}",
        ]


def _basis(line: dict) -> str:
    """What authorised the money: a resolution, or an emergency use (ratified or not)."""
    if line["mandate"]:
        return f"#{line['mandate']} {line['mandate_title']}"
    if line.get("campaign"):
        return _("Campaign #%(n)s") % {"n": line["campaign"]} + f" {line['campaign_title']}"
    if not line.get("emergency"):
        return ""
    if line.get("ratified_by"):
        return _("Emergency use, ratified by resolution #%(n)s") % {"n": line["ratified_by"]}
    return _("Emergency use, to be ratified")


def _safe(rows: Iterator[list]) -> Iterator[list]:
    return ([safe_cell(value) for value in row] for row in rows)


def statement_xlsx(disclosure: Disclosure, figures: dict) -> Iterator[bytes]:
    """Rows made now, in the reader's language (one period's lines: hundreds at most);
    the workbook is written while it is sent."""
    name = f"{figures['account_name']} {disclosure.period_label}"
    return xlsx_stream(name, list(_safe(statement_rows(disclosure, figures))))


def _csv(rows: Iterator[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(_safe(rows))
    return "\ufeff".encode() + out.getvalue().encode()


def statement_csv(disclosure: Disclosure, figures: dict) -> bytes:
    return _csv(statement_rows(disclosure, figures))


def ledger_rows(account, entries) -> Iterator[list]:
    """An account's posted lines (of a period, or all), with a header, oldest first."""
    yield [
        _("Date"),
        _("Income or expense"),
        _("Category"),
        _("Amount (yuan)"),
        _("Paid to or received from"),
        _("Description"),
        _("Resolution"),
        _("Reverses"),
        _("Entry"),
    ]
    for entry in entries:
        yield [
            entry.occurred_on.isoformat(),
            str(DIRECTION_LABELS[entry.direction]),
            str(CATEGORY_LABELS.get(entry.category, entry.category)),
            entry.amount,
            entry.counterparty,
            entry.description,
            f"#{entry.mandate_id}"
            if entry.mandate_id
            else (_("Emergency use") if entry.emergency else ""),
            f"#{entry.reverses_id}" if entry.reverses_id else "",
            f"#{entry.pk}",
        ]


def ledger_xlsx(account, entries) -> Iterator[bytes]:
    return xlsx_stream(account.name, list(_safe(ledger_rows(account, entries))))


def ledger_csv(account, entries) -> bytes:
    return _csv(ledger_rows(account, entries))

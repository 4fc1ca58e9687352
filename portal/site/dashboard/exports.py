"""The dashboard's table as a spreadsheet (issue 15): the same rows in the same order as the
page (its ?sort=), one figure per column — a cell the page combines ("households /
residents", "average · share rated 4–5", the health with its parts) is split into its own
columns. Counts, hours and scores are numbers; shares are numbers between 0 and 1 (0.6667,
as kept), never text. An empty cell is what the page shows as "—". Names people typed go
through portal.spreadsheets.safe_cell, so a compound called =HYPERLINK(…) stays text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.site.dashboard.health import RULES
from portal.site.dashboard.queries import Row
from portal.spreadsheets import safe_cell, xlsx_stream

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    """The columns, in the reader's language (the page's order, combined cells split)."""
    return [
        _("Compound"),
        _("Community"),
        _("Governance health"),
        *[_("Health score: %(part)s") % {"part": rule.label} for rule in RULES],
        pgettext("figure", "Households"),
        _("Registered residents"),
        _("Open requests"),
        _("Overdue"),
        _("Escalated"),
        _("Median hours to resolve, last 30 days"),
        _("Median hours to resolve, last 90 days"),
        _("Satisfaction: average"),
        _("Satisfaction: share rated 4–5"),
        _("Suggestions past their answer deadline"),
        _("Last vote's participation: area"),
        _("Last vote's participation: heads"),
        _("Disclosures late"),
        _("Building roles vacant"),
        _("Median hours to accept, last 30 days"),
        _("Median hours to accept, last 90 days"),
        _("Disclosure last published"),
        _("Next disclosure due"),
        _("Proposals under way"),
        _("Votes open"),
        _("Terms ending within 3 months"),
        _("Volunteer hours this month"),
    ]


def _day(moment) -> str | None:
    return timezone.localtime(moment).date().isoformat() if moment else None


def _figures(f) -> list:
    """One row's figures as the page shows them; None where it shows "—"."""
    voted = f.last_vote_closed_at is not None
    return [
        f.households,
        f.residents,
        f.open_requests,
        f.overdue_requests,
        f.escalated_requests,
        f.resolve_hours_30,
        f.resolve_hours_90,
        f.rating_average if f.rated else None,
        f.rating_good_share if f.rated else None,
        f.suggestions_overdue,
        f.last_vote_area_share if voted else None,
        f.last_vote_heads_share if voted else None,
        f.disclosures_late if f.accounts else None,
        f.vacancies,
        f.accept_hours_30,
        f.accept_hours_90,
        _day(f.disclosure_last_published),
        _day(f.disclosure_next_due),
        f.proposals_under_way,
        f.votes_open,
        f.terms_ending,
        f.volunteer_hours,
    ]


def cells(row: Row) -> list:
    """The spreadsheet row of a dashboard row (a compound not counted yet: its name only)."""
    names = [safe_cell(row.compound.name), safe_cell(row.compound.community.name)]
    if row.figures is None:
        return names
    scores = [part.score for part in row.health.parts]
    return [*names, row.health.score, *scores, *_figures(row.figures)]


def table(rows: list[Row]) -> Iterator[list]:
    """The header, then a row per compound, each as wide as the header."""
    header = headers()
    yield header
    for row in rows:
        line = cells(row)
        yield line + [None] * (len(header) - len(line))


def as_csv(rows: list[Row]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese as Chinese."""
    out = io.StringIO()
    writer = csv.writer(out)
    for line in table(rows):
        writer.writerow(["" if value is None else value for value in line])
    return "\ufeff".encode() + out.getvalue().encode()


def as_xlsx(rows: list[Row]) -> Iterator[bytes]:
    return xlsx_stream(_("Dashboard"), table(rows))


def filename(computed_at, fmt: str) -> str:
    """dashboard-updated-20261130-1345.csv: the figures' "更新于" time in the name (ASCII,
    which every browser and mail client keeps)."""
    stamp = f"{timezone.localtime(computed_at):%Y%m%d-%H%M}" if computed_at else "not-counted"
    return f"dashboard-updated-{stamp}.{fmt}"

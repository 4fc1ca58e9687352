"""The holiday calendar (portal/calendar.py; docs/calendar.md).

    python manage.py holidays show [YEAR ...]   the calendar in force (default: this year
                                                and the next), and where each year comes from
    python manage.py holidays export YEAR       the year as a TOML file to edit and load
    python manage.py holidays load FILE         add a year, or replace it, from a TOML file
                                                (--dry-run checks the file only)
    python manage.py holidays drop YEAR         forget a loaded year: the shipped one, if any,
                                                is in force again

A file that does not describe a year exits 2, naming what is wrong.
"""

import json
import tomllib
from datetime import date
from itertools import groupby

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.calendar import Calendar, Year, parse_year, year_store
from portal.models import CalendarYear


class Command(BaseCommand):
    help = "Show, export, load or drop a year of the holiday calendar (调休 included)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["show", "export", "load", "drop"])
        parser.add_argument("targets", nargs="*", help="years, or the file to load")
        parser.add_argument("--dry-run", action="store_true", help="load: check only")

    def handle(self, *args, action, targets, dry_run=False, **options):
        if action == "load":
            if len(targets) != 1:
                raise CommandError("load takes one file", returncode=2)
            return self._load(targets[0], dry_run)
        years = [self._year_number(t) for t in targets]
        if action == "show":
            this = timezone.localdate().year
            for number in years or [this, this + 1]:
                self._show(Calendar().year(number))
        elif len(years) != 1:
            raise CommandError(f"{action} takes one year", returncode=2)
        elif action == "export":
            self.stdout.write(as_toml(Calendar().year(years[0])))
        else:
            deleted, _rows = CalendarYear.objects.filter(year=years[0]).delete()
            self.stdout.write(
                f"{years[0]}: loaded year dropped" if deleted else f"{years[0]}: none loaded"
            )

    def _year_number(self, text: str) -> int:
        if not (text.isascii() and text.isdigit() and len(text) == 4):
            raise CommandError(f"not a year: {text}", returncode=2)
        return int(text)

    def _load(self, path: str, dry_run: bool) -> None:
        try:
            with open(path, "rb") as handle:
                year = parse_year(tomllib.load(handle))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise CommandError(f"{path}: {exc}", returncode=2) from exc
        except ValidationError as exc:
            raise CommandError(f"{path}: {' '.join(exc.messages)}", returncode=2) from exc
        if not dry_run:
            year_store(year)
        self._show(year)
        self.stdout.write("checked, not stored (--dry-run)" if dry_run else "stored")

    def _show(self, year: Year) -> None:
        flags = " (PROVISIONAL)" if year.provisional else ""
        if year.origin == "none":
            self.stdout.write(f"{year.year}: unknown — no holidays, Monday to Friday worked")
            return
        self.stdout.write(f"{year.year}{flags}, {year.origin}: {year.source}")
        for name, first, last in ranges(year.holidays):
            span = f"{first}" if first == last else f"{first} – {last}"
            self.stdout.write(f"  off     {span}  {name}")
        for day, name in sorted(year.workdays.items()):
            self.stdout.write(f"  worked  {day} ({day:%a})  {name}")


def ranges(days: dict[date, str]) -> list[tuple[str, date, date]]:
    """Consecutive days of one holiday as (name, first, last)."""
    ordered = sorted(days.items())
    runs = []
    for _key, group in groupby(
        enumerate(ordered), key=lambda item: (item[1][0].toordinal() - item[0], item[1][1])
    ):
        run = [day for _index, (day, _name) in group]
        runs.append((days[run[0]], run[0], run[-1]))
    return runs


def as_toml(year: Year) -> str:
    """The year in the file format `load` reads."""
    lines = [
        f"# {year.year} — edit the dates to the notice, then: manage.py holidays load FILE",
        f"year = {year.year}",
        f"source = {_text(year.source)}",
        f"provisional = {'true' if year.provisional else 'false'}",
        "",
    ]
    for name, first, last in ranges(year.holidays):
        lines += ["[[holidays]]", f"name = {_text(name)}", f"from = {first}", f"to = {last}", ""]
    for day, name in sorted(year.workdays.items()):
        lines += ["[[workdays]]  # 调休上班", f"name = {_text(name)}", f"day = {day}", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    """A TOML string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)

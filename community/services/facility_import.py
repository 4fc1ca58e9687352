"""Importing the facilities register (公共设施台账) from a spreadsheet, for a committee or a
property company that already keeps its 42 manholes in Excel: upload, read every row's
result, confirm.

The columns and the words they take: services/facility_rows.py.

- The preview keeps nothing: every new row goes through the register's own `facility_add`
  and `facility_check` in a transaction that is rolled back (a dry run), so the preview
  refuses exactly what the confirmation would, in the services' words.
- A code already in the compound's register: the row is skipped when it says the same
  (kind, building, place), refused when it says something else. An import adds
  facilities; it never changes one.
- The confirmation is all or nothing, in one transaction. The previewed rows travel to it
  signed (nothing is kept in between); a code registered meanwhile refuses the whole file.
- Besides each facility's own "registered", the import is one audit entry with its counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community.models import Facility
from community.permissions.facilities import require_keeper
from community.services.facilities import facility_add, facility_check
from community.services.facility_rows import HEADERS, NEW, REFUSED, SAME, Row, read_rows
from compounds.models import Compound
from portal.audit import audit

IMPORT_SALT = "community.facility.import"
IMPORT_MAX_AGE = 3600  # seconds a preview stays good to confirm


@dataclass
class Preview:
    """A file read and checked against the register, nothing kept."""

    rows: list[Row] = field(default_factory=list)
    token: str = ""

    def _of(self, result: str) -> list[Row]:
        return [row for row in self.rows if row.result == result]

    @property
    def new(self) -> list[Row]:
        return self._of(NEW)

    @property
    def same(self) -> list[Row]:
        return self._of(SAME)

    @property
    def refused(self) -> list[Row]:
        return self._of(REFUSED)


def _against_the_file(rows: list[Row]) -> None:
    first: dict[str, int] = {}
    for row in rows:
        key = row.code.upper()
        if key and first.setdefault(key, row.number) != row.number:
            row.refuse(
                _("The code %(code)s is used already in row %(n)s of this file.")
                % {"code": key, "n": first[key]}
            )


def _described(facility: Facility) -> str:
    parts = [facility.get_kind_display(), facility.building.name if facility.building else ""]
    return " ".join(str(part) for part in [*parts, facility.place] if part)


def _against_the_register(compound: Compound, rows: list[Row]) -> None:
    facilities = compound.facilities.select_related("building")
    known = {f.code: f for f in facilities.only("code", "kind", "building__name", "place")}
    for row in rows:
        facility = known.get(row.code.upper())
        if facility is None or row.result == REFUSED:
            continue
        building_id = row.building.pk if row.building else None
        if (facility.kind, facility.building_id, facility.place) == (
            row.kind,
            building_id,
            row.place,
        ):
            row.result = SAME
        else:
            row.refuse(
                _(
                    "The code %(code)s is in the register already (%(f)s), with another "
                    "kind, building or place. An import only adds facilities and never "
                    "changes one: give this row another code, or write it as the register has it."
                )
                % {"code": facility.code, "f": _described(facility)}
            )


@contextmanager
def _column(names: dict[str, str]) -> Iterator[None]:
    """A service's refusal, said with the column it is about (by the refusal's code)."""
    try:
        yield
    except ValidationError as error:
        column = names.get(getattr(error, "code", None) or "")
        if column is None:
            raise
        problem = " ".join(error.messages)
        raise ValidationError(
            _("%(column)s: %(problem)s") % {"column": HEADERS[column][0], "problem": problem},
            code=error.code,
        ) from error


def _register(by, compound: Compound, row: Row) -> Facility:
    """Register one row through the register's own services (their checks, their audit)."""
    with _column({"code": "code", "text": "place", "kind": "kind", "building": "building"}):
        facility = facility_add(
            by=by,
            compound=compound,
            kind=row.kind,
            code=row.code,
            building=row.building,
            place=row.place,
        )
    if row.condition:
        with _column({"condition": "condition", "text": "note"}):
            facility_check(facility=facility, by=by, condition=row.condition, note=row.note)
    return facility


def _in_code_order(rows: list[Row]) -> list[Row]:
    """Two imports insert their codes in one order, so on PostgreSQL one waits for the
    other's code and is then refused, rather than each waiting for the other (a deadlock)."""
    return sorted(rows, key=lambda row: row.code.upper())


def _dry_run(by, compound: Compound, rows: list[Row]) -> None:
    """Each new row registered in a transaction that is then rolled back: what the
    confirmation would refuse, refused now, and nothing kept. No savepoint per row: the
    services refuse before they write (a code taken under them is their own savepoint's),
    and a facility left by a refused check is rolled back with the rest."""
    with transaction.atomic():
        for row in _in_code_order(rows):
            if row.result != NEW:
                continue
            try:
                _register(by, compound, row)
            except ValidationError as error:
                row.refuse(" ".join(error.messages))
        transaction.set_rollback(True)


def facility_import_preview(*, by, compound: Compound, table: list[list]) -> Preview:
    """Every row of the file with what importing it would do; nothing is kept. The token
    carries the new rows to the confirmation, signed, when no row is refused."""
    require_keeper(by, compound)
    rows = read_rows(compound, table)
    _against_the_file(rows)
    _against_the_register(compound, rows)
    _dry_run(by, compound, rows)
    preview = Preview(rows=rows)
    if preview.new and not preview.refused:
        plain = {
            "compound": compound.pk,
            "by": by.pk,
            "rows": [[*row.plain(), row.condition, row.note] for row in preview.new],
            "skipped": len(preview.same),
        }
        preview.token = signing.dumps(plain, salt=IMPORT_SALT, compress=True)
    return preview


def _unsigned(token: str, compound: Compound, by) -> tuple[list[Row], int]:
    expired = ValidationError(_("This preview has expired. Upload the file again."), code="token")
    try:
        plain = signing.loads(token, salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
        if (plain["compound"], plain["by"]) != (compound.pk, by.pk):
            raise expired
        names = {item[3] for item in plain["rows"] if item[3]}
        buildings = {b.name: b for b in compound.buildings.filter(name__in=names)}
        rows = [
            Row(number=n, kind=kind, code=code, building=buildings.get(b), building_text=b,
                place=place, condition=condition, note=note)
            for n, kind, code, b, place, condition, note in plain["rows"]
        ]  # fmt: skip
        return rows, int(plain["skipped"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise expired from exc


def facility_import_confirm(*, by, compound: Compound, token: str) -> int:
    """Register the rows the preview showed as new, all or none: a row the register
    refuses now (a code registered since the preview, a building gone) refuses them all.
    Returns how many facilities were registered."""
    require_keeper(by, compound)
    rows, skipped = _unsigned(token, compound, by)
    with transaction.atomic():
        for row in _in_code_order(rows):
            try:
                if row.building_text and row.building is None:
                    raise ValidationError(
                        _("Unknown building “%(b)s” in %(c)s.")
                        % {"b": row.building_text, "c": compound.name}
                    )
                _register(by, compound, row)
            except ValidationError as error:
                raise ValidationError(
                    _(
                        "Row %(n)s: %(problem)s Nothing was imported: the register changed "
                        "after the preview. Upload the file again to see it as it is now."
                    )
                    % {"n": row.number, "problem": " ".join(error.messages)},
                    code="changed",
                ) from error
        audit(
            actor=by,
            code="community.facility.imported",
            target=compound,
            new={"added": len(rows), "skipped": skipped},
        )
    return len(rows)

"""Checking a registry file: every row against the file itself and the compound's registry,
each problem explained in Chinese; nothing is written."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from compounds.models import Compound, Residency, Unit
from compounds.registry.columns import (
    AREA_SOURCES,
    HEADERS,
    LIMITS,
    MAX_AREA,
    MAX_ROWS,
    RELATIONS,
    SOURCE_LABELS,
    SOURCE_RANK,
    Check,
    Formula,
    RegistryFileError,
    Row,
)
from portal.phones import normalize_phone


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
    digits = "".join(ch for ch in door if ch.isdecimal())
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

"""The dashboard's rows: the compounds a staff member looks after, each with its kept
figures and health, read in one query whatever their number (issue 15)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from compounds.models import Compound
from compounds.standing import standing_of
from portal.site.dashboard.charts import Chart, trend_charts
from portal.site.dashboard.health import Health, health
from portal.site.dashboard.models import TrendMonth
from portal.site.dashboard.trends import months_to


def dashboard_compounds(user) -> QuerySet[Compound] | None:
    """The compounds of the communities the user serves as community staff and of the
    street offices they serve — the rule "dashboard.view" as a filter (tested against it).
    None when the user serves none: the dashboard does not exist for them."""
    g = standing_of(user)
    if not (g.communities or g.street_offices):
        return None
    return Compound.objects.filter(
        Q(community_id__in=g.communities) | Q(community__street_office_id__in=g.street_offices)
    )


@dataclass(frozen=True)
class Row:
    compound: Compound
    figures: object  # CompoundFigures, or None before the first refresh
    health: Health | None


def _none_last(value, reverse: bool):
    """A sort key putting rows without the figure last in either direction."""
    if value is None:
        return (1, 0)
    return (0, -value if reverse else value)


# ?sort=<key>: each column sorts worst first (highest counts, lowest shares).
SORTS = {
    "health": (lambda r: r.health.score if r.health else None, False),
    "open": (lambda r: r.figures.open_requests if r.figures else None, True),
    "overdue": (lambda r: r.figures.overdue_requests if r.figures else None, True),
    "escalated": (lambda r: r.figures.escalated_requests if r.figures else None, True),
    "resolve": (lambda r: r.figures.resolve_hours_90 if r.figures else None, True),
    "satisfaction": (lambda r: r.figures.rating_average if r.figures else None, False),
    "suggestions": (lambda r: r.figures.suggestions_overdue if r.figures else None, True),
    "participation": (lambda r: r.figures.last_vote_area_share if r.figures else None, False),
    "disclosures": (lambda r: r.figures.disclosures_late if r.figures else None, True),
    "vacancies": (lambda r: r.figures.vacancies if r.figures else None, True),
    "households": (lambda r: r.figures.households if r.figures else None, True),
}
DEFAULT_SORT = "health"
LABELS = {
    "health": _("Governance health"),
    "households": _("Households / registered residents"),
    "open": _("Open requests"),
    "overdue": _("Overdue"),
    "escalated": _("Escalated"),
    "resolve": _("Median hours to resolve (30 / 90 days)"),
    "satisfaction": _("Satisfaction (average · rated 4–5)"),
    "suggestions": _("Suggestions past their answer deadline"),
    "participation": _("Last vote's participation (area / heads)"),
    "disclosures": _("Disclosures late"),
    "vacancies": _("Building roles vacant"),
}
# The sortable columns in the table's order, with the direction of their worst first.
COLUMNS = [(key, LABELS[key], "descending" if SORTS[key][1] else "ascending") for key in LABELS]


def dashboard_rows(compounds: QuerySet[Compound], sort: str) -> tuple[list[Row], str]:
    """The rows sorted by a whitelisted column (anything else: health, worst first), then
    by community and name; one query."""
    if sort not in SORTS:
        sort = DEFAULT_SORT
    rows = []
    for compound in compounds.select_related("community__street_office", "figures").order_by(
        "community__name", "name", "pk"
    ):
        figures = getattr(compound, "figures", None)
        rows.append(Row(compound, figures, health(figures) if figures else None))
    key, reverse = SORTS[sort]
    rows.sort(key=lambda r: _none_last(key(r), reverse))  # stable: community, name within
    return rows, sort


def _months(level: str, places) -> dict[int, list[TrendMonth]]:
    """The kept months of the places of a level, in one query."""
    found: dict[int, list[TrendMonth]] = {pk: [] for pk in places}
    for row in TrendMonth.objects.filter(
        level=level, place_id__in=list(places), month__gte=months_to(None)[0]
    ):
        found[row.place_id].append(row)
    return found


def compound_charts(compound: Compound) -> list[Chart]:
    """The six trends of one compound from its kept months (one query)."""
    return trend_charts(
        f"c{compound.pk}", _months(TrendMonth.Level.COMPOUND, [compound.pk])[compound.pk]
    )


@dataclass(frozen=True)
class Trends:
    place: object  # a StreetOffice or a Community
    charts: list[Chart]


def dashboard_trends(user, rows: list[Row]) -> list[Trends]:
    """The trends of each street office the user serves and of each community they serve
    as its staff (one set per place, offices first), named from the dashboard's rows (no
    query for the names) and read in one query per level that has places."""
    g = standing_of(user)
    offices = {
        r.compound.community.street_office_id: r.compound.community.street_office for r in rows
    }
    communities = {r.compound.community_id: r.compound.community for r in rows}
    served = [
        (
            TrendMonth.Level.STREET_OFFICE,
            "o",
            {pk: offices[pk] for pk in g.street_offices if pk in offices},
        ),
        (
            TrendMonth.Level.COMMUNITY,
            "m",
            {pk: communities[pk] for pk in g.communities if pk in communities},
        ),
    ]
    result = []
    for level, prefix, places in served:
        if not places:
            continue
        months = _months(level, places)
        for pk, place in sorted(places.items(), key=lambda item: item[1].name):
            result.append(Trends(place, trend_charts(f"{prefix}{pk}", months[pk])))
    return result

"""The dashboard's board — its table, the health formula and the trends — as HTML kept in
the cache from one refresh to the next (issue 15, item 2).

At a hundred compounds the board is some 2,500 cells and six charts: rendering it took
about 100 times the bench's floor, while its figures change only when beat refreshes them
(every 15 minutes). So the board is rendered once per refresh, scope, sort and language,
and each request asks one aggregate query whether it is still the same: the number of
compounds in the scope and the newest and oldest time they were counted. A refresh, a new
compound or another order gives another key. The board holds nothing of the person but
their scope (no name, no token): the page around it is rendered for them as usual."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import Count, Max, Min, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from compounds.models import Compound
from compounds.standing import standing_of
from portal.site.dashboard.health import RULES
from portal.site.dashboard.queries import (
    COLUMNS,
    DEFAULT_SORT,
    SORTS,
    dashboard_rows,
    dashboard_trends,
)

KEEP_SECONDS = 3600  # a refresh changes the key long before this


def _key(user, compounds: QuerySet[Compound], sort: str) -> tuple[str, object]:
    stamp = compounds.aggregate(
        n=Count("pk"), newest=Max("figures__computed_at"), oldest=Min("figures__computed_at")
    )
    g = standing_of(user)
    scope = f"{sorted(g.communities)}|{sorted(g.street_offices)}"
    raw = f"{scope}|{sort}|{get_language()}|{stamp['n']}|{stamp['newest']}|{stamp['oldest']}"
    return "dashboard-board:" + hashlib.sha256(raw.encode()).hexdigest(), stamp["oldest"]


def kept(key: str, template: str, context) -> str:
    """The template rendered with context() once, then read from the cache under `key`
    (which must change whenever what it shows may)."""
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, context())
        cache.set(key, html, KEEP_SECONDS)
    return html


def figures_key(compound, figures, staff: bool) -> str:
    """A compound's figures page body changes with a refresh, the language, and whether
    the reader is staff (who get the links to the lists)."""
    stamp = figures.computed_at.isoformat() if figures else "-"
    return f"compound-figures:{compound.pk}:{int(staff)}:{get_language()}:{stamp}"


def board(user, compounds: QuerySet[Compound], sort: str) -> tuple[str, object]:
    """(the board's HTML, the time of its oldest figures) for the user's compounds."""
    if sort not in SORTS:
        sort = DEFAULT_SORT
    key, computed_at = _key(user, compounds, sort)

    def context() -> dict:
        rows, _sort = dashboard_rows(compounds, sort)
        return {
            "rows": rows,
            "sort": sort,
            "columns": COLUMNS,
            "rules": RULES,
            "trends": dashboard_trends(user, rows),
            "queue": reverse("requests:queue"),  # the drill-downs' base, once
        }

    return kept(key, "portal/_dashboard_board.html", context), computed_at

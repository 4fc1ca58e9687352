"""From a repair to the fund (issue 14, item 4): a proposal to use the maintenance fund,
pre-filled from the request on a common part that needs it — its place, what is broken,
the handler's estimate — and citing it. The proposal's dossier shows the request and its
photos; the request's page shows the proposal's stage and the spending (finance)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from deliberation.models import MatterItem, Proposal
from portal.forms import id_from
from requests.models import Request
from requests.permissions import access_request


def source_request(user, compound, data) -> Request | None:
    """The request named `request` in the query string, as the user may see it: a repair
    of a common part of this compound (404 otherwise); None when none is named."""
    pk = id_from(data, "request")
    if pk is None:
        return None
    item = access_request(user, pk)
    if item.compound_id != compound.pk or item.unit_id is not None:
        raise Http404
    return item


def prefill(item: Request) -> dict:
    where = " ".join(filter(None, [item.building.name if item.building else "", item.place]))
    lines = [
        _("Raised from request #%(n)s: %(what)s") % {"n": item.pk, "what": item.description},
        _("Where: %(where)s") % {"where": where or item.compound.name},
    ]
    if item.estimated_cost is not None:
        lines.append(
            _("The handler estimates ¥%(cost)s.") % {"cost": f"{item.estimated_cost:,.2f}"}
        )
    title = _("Use the maintenance fund: %(category)s, %(where)s") % {
        "category": item.category.display_name,
        "where": where or item.compound.name,
    }
    return {
        "title": title[:120],
        "background": "\n".join(lines)[:5000],
        "budget_estimate": item.estimated_cost,
        "funding_source": Proposal.Funding.MAINTENANCE_FUND,
        "matter_item": MatterItem.USE_FUND,
    }

"""From a repair to the fund and back (issue 14, item 4): on the page of a request about a
common part, once its handler estimates a cost above the compound's threshold, the leads
are offered "发起维修资金使用决议" (a proposal pre-filled from the request that cites it);
then the page shows the proposal's stage and what has been spent under it. Registered
with requests.extras in FinanceConfig.ready (requests imports neither app)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse

from compounds.permissions import can
from deliberation.models import Proposal
from finance import books
from finance.models import Entry, FinancePolicy


def repair_funding(user, item) -> list[str]:
    if item.kind != item.Kind.REPAIR or item.unit_id is not None:
        return []  # a home's own repair is its owner's
    cited = list(
        Proposal.objects.filter(request=item)
        .exclude(stage=Proposal.Stage.WITHDRAWN)
        .only("pk", "title", "stage", "decision", "budget_estimate")
        .order_by("pk")
    )
    offer = (
        not cited
        and item.estimated_cost is not None
        and item.estimated_cost > FinancePolicy.of(item.compound_id).mandate_threshold
        and can(user, "proposal.lead", item.compound)
    )
    if not cited and not offer:
        return []
    rows = [
        {
            "proposal": p,
            "spent": books.spent_on(p.pk, states=(Entry.State.POSTED,)),
        }
        for p in cited
    ]
    new = reverse("deliberation:proposal_new", args=[item.compound_id]) + f"?request={item.pk}"
    context = {"item": item, "rows": rows, "offer": offer, "new": new}
    return [render_to_string("finance/_request_funding.html", context)]

"""Live counts of the home's role panels (issue 12, item 2). Each count is taken from the
queryset of the list it links to — the workbench with its filters, the help-order board,
the committee desk — so the number on home is the number of rows behind the link.

Counts depend on the user, not on the role that shows them: they are computed once per
kind of panel (and once per building or compound), whatever the number of roles."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, IntegerField, Min, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Counter:
    key: str
    label: str
    count: object
    url: str
    counted_at: object = None  # a kept figure: when it was counted (requests/counters.py)


class _Count(Subquery):
    """A queryset's row count as a column: several counts become one query."""

    template = "(SELECT count(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def _counts(compound, **querysets) -> dict[str, int]:
    """Count each queryset, all in one query (one row of the compound with a column each)."""
    from compounds.models import Compound

    columns = {f"n_{name}": _Count(qs.order_by().values("pk")) for name, qs in querysets.items()}
    row = Compound.objects.filter(pk=compound.pk).values(**columns).get()
    return {name: row[f"n_{name}"] for name in querysets}


def _queue(**params) -> str:
    return f"{reverse('requests:queue')}?{urlencode({k: v for k, v in params.items()})}"


class PanelCounts:
    """Per request: the counts of each panel, computed at most once."""

    def __init__(self, user) -> None:
        self.user = user
        self._memo: dict = {}

    def _once(self, key, compute):
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def worker(self) -> list[Counter]:
        """派给我的: open requests dispatched to me, those due today, those overdue."""
        return self._once("worker", self._worker)

    def _worker(self) -> list[Counter]:
        from requests.queries import queue

        u = self.user
        return [
            Counter("mine", _("assigned to me"), queue(u, mine=True).count(), _queue(mine=1)),
            Counter(
                "due_today",
                _("due today"),
                queue(u, mine=True, due_today=True).count(),
                _queue(mine=1, due_today=1),
            ),
            Counter(
                "overdue",
                _("overdue"),
                queue(u, mine=True, overdue=True).count(),
                _queue(mine=1, overdue=1),
            ),
        ]

    def volunteer(self, community_id: int | None) -> list[Counter]:
        """待认领: help orders I may claim; the hours I served this month."""
        return self._once(("volunteer", community_id), lambda: self._volunteer(community_id))

    def _volunteer(self, community_id: int | None) -> list[Counter]:
        from requests.hours import hours_of
        from requests.queries import help_board

        today = timezone.localdate()
        # Help orders and service activities alike, as the ranking it links to counts them.
        hours = hours_of([self.user.pk], today.year, today.month).get(self.user.pk)
        ranking = ""
        if community_id:
            ranking = reverse("requests:hours_ranking", args=[community_id])
            ranking += f"?{urlencode({'year': today.year, 'month': today.month})}"
        return [
            Counter(
                "help",
                _("help orders to claim"),
                help_board(self.user).count(),
                reverse("requests:help_orders"),
            ),
            Counter("hours", _("hours served this month"), hours or 0, ranking),
        ]

    def dashboard(self) -> list[Counter]:
        """Street and community staff: 未办结 and 已超时 in their area, 上报到我."""
        return self._once("dashboard", self._dashboard)

    def _dashboard(self) -> list[Counter]:
        from requests.counters import counters

        # The workbench's own counters (requests/counters.py): the area's open and overdue,
        # the team's escalated; kept a minute where the area is large, with their time.
        area, team = counters(self.user, "area"), counters(self.user, "team")
        return [
            Counter(
                "open",
                _("open requests"),
                area["open"],
                _queue(scope="area"),
                area["counted_at"],
            ),
            Counter(
                "overdue",
                _("overdue"),
                area["overdue"],
                _queue(scope="area", overdue=1),
                area["counted_at"],
            ),
            Counter(
                "escalated",
                _("escalated to us"),
                team["escalated"],
                _queue(escalated=1),
                team["counted_at"],
            ),
        ]

    def kept(self, compounds) -> list[Counter]:
        """The dashboard's kept figures over the compounds a staff role serves (a queryset;
        one aggregate query, whatever their number): compounds in poor governance health,
        suggestions past their answer deadline and building roles vacant, each opening the
        dashboard sorted by it."""
        key = ("kept", str(compounds.query))
        return self._once(key, lambda: self._kept(compounds))

    def _kept(self, compounds) -> list[Counter]:
        from portal.site.dashboard.health import POOR
        from portal.site.dashboard.models import CompoundFigures

        kept = CompoundFigures.objects.filter(compound__in=compounds).aggregate(
            at=Min("computed_at"),
            poor=Count("pk", filter=Q(health_score__lt=POOR)),
            suggestions=Sum("suggestions_overdue"),
            vacancies=Sum("vacancies"),
        )
        at, poor = kept["at"], kept["poor"]
        board = reverse("site:dashboard")
        return [
            Counter("poor", _("compounds in poor health"), poor, board, at),
            Counter(
                "suggestions",
                _("suggestions past their deadline"),
                kept["suggestions"] or 0,
                f"{board}?sort=suggestions",
                at,
            ),
            Counter(
                "vacancies",
                _("building roles vacant"),
                kept["vacancies"] or 0,
                f"{board}?sort=vacancies",
                at,
            ),
        ]

    def building(self, building) -> list[Counter]:
        """A building head's buildings: new, overdue and escalated requests there."""
        return self._once(("building", building.pk), lambda: self._building(building))

    def _building(self, building) -> list[Counter]:
        from requests.models import Request
        from requests.queries import queue

        u, b = self.user, building
        new = Request.State.SUBMITTED
        return [
            Counter(
                "new",
                _("new"),
                queue(u, scope="area", building=b, state=new).count(),
                _queue(scope="area", building=b.pk, state=new),
            ),
            Counter(
                "overdue",
                _("overdue"),
                queue(u, scope="area", building=b, overdue=True).count(),
                _queue(scope="area", building=b.pk, overdue=1),
            ),
            Counter(
                "escalated",
                _("escalated"),
                queue(u, scope="area", building=b, escalated=True).count(),
                _queue(scope="area", building=b.pk, escalated=1),
            ),
        ]

    def committee(self, compound) -> list[Counter]:
        """The committee desk's 进行中的投票, 待审议 and open supervisory holds of the compound."""
        if compound is None:
            return []
        return self._once(("committee", compound.pk), lambda: self._committee(compound))

    def _committee(self, compound) -> list[Counter]:
        from deliberation.models import Hold, OwnersVote, Proposal
        from deliberation.queries import votes_of

        now = timezone.now()
        desk = reverse("deliberation:desk", kwargs={"compound_id": compound.pk})
        votes = votes_of(compound, with_drafts=False).filter(
            state=OwnersVote.State.NOTICED, opens_at__lte=now, closes_at__gt=now
        )
        review = Proposal.objects.filter(compound=compound, stage=Proposal.Stage.REVIEW)
        holds = Hold.objects.filter(proposal__compound=compound, answered_at__isnull=True)
        n = _counts(compound, votes=votes, review=review, holds=holds)
        return [
            Counter("votes", _("votes under way"), n["votes"], f"{desk}#votes"),
            Counter("review", _("proposals under review"), n["review"], f"{desk}#review"),
            Counter("holds", _("supervisory holds"), n["holds"], f"{desk}#holds"),
        ]

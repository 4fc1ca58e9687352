"""The pages of the bench (issue 13's table), resolved from the data at run time, each
with the persona who opens it; their sessions; and the SQL queries each page makes,
counted through the test client (the full middleware, as the server runs it). Needs
Django set up with bench.settings."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import Team, Zone
from compounds.models import Compound, Residency, StreetOffice
from deliberation.models import OwnersVote, Proposal
from finance.models import Account, Disclosure
from requests.models import Request

PHONES = {
    "owner": "+8613800000001",
    "chair": "+8613800000003",
    "worker": "+8613800000006",
    "street": "+8613800000007",
}


# Issue 13's budgets, as multiples of the floor: a resident's pages, staff and committee
# pages, any page.
RESIDENT, STAFF, ANY = 6, 10, 15


@dataclass
class Page:
    name: str
    persona: str
    path: str
    budget: int = ANY
    queries: int = 0
    status: int = 0
    size: int = 0


def resolve() -> list[Page]:
    """The pages of the table for the scale data's personas and compound 0 (the largest,
    where the personas live); its latest open and closed vote and its petition."""
    users = {name: get_user_model().objects.get(phone=phone) for name, phone in PHONES.items()}
    compound = Compound.objects.order_by("pk").first()
    last = Compound.objects.order_by("pk").last()
    office = StreetOffice.objects.order_by("pk").first()
    mine = Request.objects.filter(reporter=users["owner"]).order_by("-created_at").first()
    votes = OwnersVote.objects.filter(compound=compound)
    now = timezone.now()
    open_vote = votes.filter(state="noticed", opens_at__lte=now, closes_at__gt=now).first()
    closed_vote = votes.filter(state="closed").order_by("-closed_at").first()
    petition = Proposal.objects.filter(compound=compound, origin="petition").first()
    home = Residency.objects.filter(user=users["owner"]).values_list("unit__building_id", flat=True)
    books = Account.objects.filter(compound=compound, kind="common_income").first()
    statement = (
        Disclosure.objects.filter(account=books, state="published")
        .order_by("-period_start")
        .first()
    )
    team = Team.objects.filter(compound=compound).order_by("pk").first()
    zone = Zone.objects.filter(compound=compound, keeper_team__isnull=False).order_by("pk").first()
    return [
        Page("resident home", "owner", "/", RESIDENT),
        Page("my requests", "owner", "/requests/", RESIDENT),
        Page("request detail", "owner", f"/requests/{mine.pk}/", RESIDENT),
        Page("property worker's queue", "worker", "/requests/queue/", STAFF),
        Page("street staff queue", "street", "/requests/queue/", STAFF),
        # Issue 15: the dashboard's drill-down from a compound's overdue count.
        Page(
            "street staff queue, one compound overdue",
            "street",
            f"/requests/queue/?scope=area&compound={compound.pk}&overdue=1",
            STAFF,
        ),
        Page("petition proposal", "owner", f"/deliberation/proposals/{petition.pk}/", STAFF),
        Page("open vote", "chair", f"/deliberation/votes/{open_vote.pk}/", STAFF),
        Page("closed vote result", "owner", f"/deliberation/votes/{closed_vote.pk}/", RESIDENT),
        Page("unreached owners", "chair", f"/deliberation/votes/{open_vote.pk}/unreached/", STAFF),
        # The last compound's: streamed at every scale (about a thousand homes; compound 0's
        # 10,000 at full scale are prepared by a worker, with a progress page).
        Page("registry export (xlsx)", "street", f"/compounds/{last.pk}/registry/export.xlsx"),
        Page("已解决 board", "owner", f"/requests/resolved/{compound.pk}/", RESIDENT),
        Page(
            "street departments page", "street", f"/requests/street/{office.pk}/departments/", STAFF
        ),
        Page("两长四员 board", "owner", f"/compounds/buildings/{home.first()}/board/", RESIDENT),
        Page("notifications", "owner", "/notifications/", RESIDENT),
        Page("committee desk", "chair", f"/deliberation/compound/{compound.pk}/desk/", STAFF),
        Page("street staff home", "street", "/", STAFF),
        # The dashboards (issue 15): the street office's table and trends, and a compound's
        # figures page as its owner reads it.
        Page("dashboard", "street", "/dashboard/", STAFF),
        Page("compound figures", "owner", f"/compounds/{compound.pk}/figures/", RESIDENT),
        # Finance (issue 14): an account's ledger, its latest published statement and the
        # compound's disclosure calendar, as an owner reads them.
        Page("ledger", "owner", f"/finance/accounts/{books.pk}/", RESIDENT),
        Page("disclosure", "owner", f"/finance/disclosures/{statement.pk}/", RESIDENT),
        Page(
            "disclosure calendar", "owner", f"/finance/compound/{compound.pk}/calendar/", RESIDENT
        ),
        # Community life (issue 17): the community page, the teams and zones of compound 0
        # and a team's and a zone's page, as an owner reads them.
        Page("community page", "owner", f"/community/compounds/{compound.pk}/", RESIDENT),
        Page("team list", "owner", f"/community/compounds/{compound.pk}/teams/", RESIDENT),
        Page("team page", "owner", f"/community/teams/{team.pk}/", RESIDENT),
        Page("zone list", "owner", f"/community/compounds/{compound.pk}/zones/", RESIDENT),
        Page("zone page", "owner", f"/community/zones/{zone.pk}/", RESIDENT),
        # Community life (issue 17, item 6): the facilities register of the largest compound,
        # whole and filtered to the blocked ones, as an owner reads it.
        Page("facility list", "owner", f"/community/compounds/{compound.pk}/facilities/", RESIDENT),
        Page(
            "facility list, blocked",
            "owner",
            f"/community/compounds/{compound.pk}/facilities/?condition=blocked",
            RESIDENT,
        ),
        # Community life (issue 17): a compound's activities as a resident reads them.
        Page("activity list", "owner", f"/community/compounds/{compound.pk}/activities/", RESIDENT),
        # The duty roster (issue 17): the week as an owner reads it, and the requests filed
        # during the shift the chair is on now.
        Page("duty roster", "owner", f"/community/compounds/{compound.pk}/roster/", RESIDENT),
        Page("duty page", "chair", "/community/roster/duty/", STAFF),
    ]


def sessions() -> dict[str, tuple[Client, str]]:
    """A signed-in client and its session cookie per persona (sessions live in the
    database, so the server accepts the cookie)."""
    out = {}
    for name, phone in PHONES.items():
        client = Client()
        client.force_login(get_user_model().objects.get(phone=phone))
        out[name] = (client, client.cookies["sessionid"].value)
    return out


def count_queries(pages: list[Page], clients: dict[str, tuple[Client, str]]) -> None:
    """Open each page once to warm up, then count its queries on a second opening."""
    for page in pages:
        client = clients[page.persona][0]
        client.get(page.path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path)
            body = b"".join(response) if response.streaming else response.content
        page.queries, page.status, page.size = len(captured), response.status_code, len(body)

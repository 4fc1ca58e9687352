"""The role-aware home page: one panel for each hat the user wears, most specific first.

A panel is a template under templates/portal/panels/ plus a little context. Apps fill their
panels in as they land (requests, deliberation, finance); until then each says plainly what
will appear there.
"""

from dataclasses import dataclass, field

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.queries.care import answerable_for
from compounds.models import Body, Compound, Membership, RoleAssignment
from compounds.standing import Standing, standing_of
from portal.site.counters import PanelCounts

# Services the tiles and panels link to; each later issue replaces its entry with a real URL.
FEATURES = {
    "report": {"title": _("Report"), "text": _("Report something broken, with a photo.")},
    "help": {"title": _("Ask for help"), "text": _("Ask neighbours and volunteers for help.")},
    "notices": {"title": _("Notices"), "text": _("Notices from the committees and the community.")},
    "proposals": {"title": _("Proposals"), "text": _("Proposals under discussion and votes.")},
    "finances": {"title": _("Finances"), "text": _("Income, expenses and published statements.")},
    "mine": {"title": _("My homes"), "text": _("My homes and who lives there.")},
    "my_requests": {
        "title": _("My requests"),
        "text": _("Everything I reported, open and finished."),
    },
    "workbench": {"title": _("Workbench"), "text": _("Requests waiting for you to act.")},
    "committee": {"title": _("Committee desk"), "text": _("Proposals by stage and open votes.")},
    "ledger": {"title": _("Ledger"), "text": _("Record income and expenses with receipts.")},
    "help_orders": {"title": _("Help orders"), "text": _("Help orders you can claim.")},
    "dashboard": {"title": _("Dashboard"), "text": _("Every compound at a glance.")},
    "join": {"title": _("Join my home"), "text": _("Tell us which home you live in.")},
}

RESIDENT_TILES = ["report", "help", "notices", "proposals", "finances", "my_requests", "mine"]
Kind = Body.Kind
Role = RoleAssignment.Role
Position = Membership.Position
FINANCE_POSITIONS = {Position.SECRETARY, Position.TREASURER}


@dataclass
class Panel:
    template: str
    title: str
    context: dict = field(default_factory=dict)


LIVE_FEATURES = {
    "mine": "compounds:my_homes",
    "join": "compounds:join_home",
    "notices": "announcements:list",
    "report": "requests:new",
    "help": "requests:new",
    "my_requests": "requests:mine",
    "workbench": "requests:queue",
    "help_orders": "requests:help_orders",
    "proposals": "deliberation:index",
    "committee": "deliberation:index",
    "finances": "finance:index",
    "dashboard": "site:dashboard",
}


QUERIES = {"help": "?kind=help"}  # the 求助 tile opens the filing form on "help"


def feature_url(slug: str) -> str:
    if slug in LIVE_FEATURES:
        return reverse(LIVE_FEATURES[slug]) + QUERIES.get(slug, "")
    return reverse("site:coming_soon", args=[slug])


def _panel(name: str, *parts, **context) -> Panel:
    title = " · ".join(str(p) for p in parts if p)
    return Panel(f"portal/panels/{name}.html", title, context)


def _staff_scope(role):
    """The compounds a street-office or community staff role looks after (a queryset)."""
    if role.role == Role.STREET_STAFF:
        return Compound.objects.filter(community__street_office=role.street_office)
    return Compound.objects.filter(community=role.community)


# A street office looks after about a hundred compounds: its home lists the few in the
# worst governance health (the dashboard has them all), so the page does not grow.
WORST_SHOWN = 5


def _compounds_served(role, standing: Standing) -> list:
    if role.role in (Role.STREET_STAFF, Role.COMMUNITY_STAFF):
        return list(
            _staff_scope(role)
            .order_by(F("figures__health_score").asc(nulls_last=True), "name")
            .only("pk", "name")[:WORST_SHOWN]
        )
    if role.role == Role.PROPERTY_STAFF:  # under a contract that covers today
        return [
            c
            for c in standing.contract_compounds
            if c.property_company_id == role.property_company_id
        ]
    return [role.compound] if role.compound_id else []


def _role_panels(standing: Standing, counts: PanelCounts) -> list[Panel]:
    panels = []
    for role in standing.roles:
        served = _compounds_served(role, standing)
        title = (role.get_role_display(), role.place)
        if role.role in (Role.STREET_STAFF, Role.COMMUNITY_STAFF):
            panels.append(
                _panel(
                    "dashboard",
                    *title,
                    compounds=served,
                    counts=counts.dashboard(),
                    kept=counts.kept(_staff_scope(role)),
                    board=feature_url("dashboard"),
                )
            )
        elif role.role == Role.PROPERTY_STAFF:
            panels.append(_panel("worker", *title, compounds=served, counts=counts.worker()))
        elif role.role in (Role.VOLUNTEER, Role.DEPLOYED_MEMBER):
            community = role.community_id or (role.compound.community_id if role.compound else None)
            panels.append(
                _panel("volunteer", *title, compounds=served, counts=counts.volunteer(community))
            )
    for membership in standing.memberships:
        body = membership.body
        place = body.compound or body.community
        panels.append(
            _panel(
                "committee",
                body.get_kind_display(),
                membership.get_position_display(),
                place,
                compound=body.compound,
                counts=counts.committee(body.compound),
            )
        )
        if body.kind == Kind.PARTY_BRANCH and membership.position in FINANCE_POSITIONS | {
            Position.CHAIR
        }:
            panels.append(_panel("ledger", _("Ledger"), place, compound=body.compound))
    for role in standing.building_roles:
        panels.append(
            _panel(
                "building",
                role.kind,
                role.building,
                building=role.building,
                counts=counts.building(role.building),
            )
        )
    return panels


def _my_requests(user) -> list:
    """My open requests and those resolved, waiting for me to confirm and rate (first)."""
    from requests.models import Request

    resolved = Request.State.RESOLVED
    rows = list(
        Request.objects.filter(reporter=user, state__in=[*Request.OPEN_STATES, resolved])
        .select_related("category")
        .order_by("-created_at")[:20]
    )
    rows.sort(key=lambda r: r.state != resolved)  # stable: newest first within each
    return rows[:4]


def _votes_waiting(user) -> list:
    """Open owners' votes where the user may still cast or change a ballot for some home,
    by deliberation's own rules (deliberation.queries.votes_waiting); `mine` marks a vote
    where a ballot of such a home is already counted (it may be changed until closing)."""
    from deliberation.queries import votes_waiting

    return votes_waiting(user)


def _campaigns_waiting(user) -> list:
    """Campaigns covering a home the user owns whose answer is still wanted (one query,
    none for someone who owns nothing): the owner finds "请表态" on home."""
    from finance.queries import campaigns_waiting

    return campaigns_waiting(user)


def _on_duty(user) -> dict | None:
    """The service station's shift the user is on now, with the requests filed since it
    began (community/queries/roster.py): the person on duty sees them first."""
    from community.queries.roster import on_duty

    return on_duty(user)


def home_panels(request) -> list[Panel]:
    standing = standing_of(request.user)
    panels = _role_panels(standing, PanelCounts(request.user))
    if standing.verified_residencies:
        tiles = [(slug, FEATURES[slug], feature_url(slug)) for slug in RESIDENT_TILES]
        panels.insert(
            0,
            _panel(
                "resident",
                _("My home"),
                tiles=tiles,
                is_owner=standing.is_owner(),
                my_requests=_my_requests(request.user),
                votes=_votes_waiting(request.user),
                campaigns=_campaigns_waiting(request.user),
                answerable=answerable_for(request.user),
            ),
        )
    duty = _on_duty(request.user)
    if duty is not None:  # the shift on now comes before everything else
        panels.insert(0, _panel("duty", _("On duty now"), **duty))
    pending = standing.pending_residencies
    if pending:
        panels.append(_panel("pending", _("Waiting for verification"), residencies=pending))
    if not panels:
        panels.append(_panel("newcomer", _("Welcome")))
    return panels

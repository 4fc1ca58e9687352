"""The role-aware home page: one panel for each hat the user wears, most specific first.

A panel is a template under templates/portal/panels/ plus a little context. Apps fill their
panels in as they land (requests, deliberation, finance); until then each says plainly what
will appear there.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from compounds.models import Body, Membership, RoleAssignment
from compounds.queries import Standing, standing_of

# Services the tiles and panels link to; each later issue replaces its entry with a real URL.
FEATURES = {
    "report": {"title": _("Report"), "text": _("Report something broken, with a photo.")},
    "help": {"title": _("Ask for help"), "text": _("Ask neighbours and volunteers for help.")},
    "notices": {"title": _("Notices"), "text": _("Notices from the committees and the community.")},
    "proposals": {"title": _("Proposals"), "text": _("Proposals under discussion and votes.")},
    "finances": {"title": _("Finances"), "text": _("Income, expenses and published statements.")},
    "mine": {"title": _("Mine"), "text": _("My requests and my homes.")},
    "workbench": {"title": _("Workbench"), "text": _("Requests waiting for you to act.")},
    "committee": {"title": _("Committee desk"), "text": _("Proposals by stage and open votes.")},
    "ledger": {"title": _("Ledger"), "text": _("Record income and expenses with receipts.")},
    "help_orders": {"title": _("Help orders"), "text": _("Help orders you can claim.")},
    "dashboard": {"title": _("Dashboard"), "text": _("Every compound at a glance.")},
    "join": {"title": _("Join my home"), "text": _("Tell us which home you live in.")},
}

RESIDENT_TILES = ["report", "help", "notices", "proposals", "finances", "mine"]
Kind = Body.Kind
Role = RoleAssignment.Role
Position = Membership.Position
FINANCE_POSITIONS = {Position.SECRETARY, Position.TREASURER}


@dataclass
class Panel:
    template: str
    title: str
    context: dict = field(default_factory=dict)


def _panel(name: str, *parts) -> Panel:
    return Panel(f"portal/panels/{name}.html", " · ".join(str(p) for p in parts if p))


def _role_panels(standing: Standing) -> list[Panel]:
    panels = []
    for role in standing.roles:
        if role.role in (Role.STREET_STAFF, Role.COMMUNITY_STAFF):
            panels.append(_panel("dashboard", role.get_role_display(), role.place))
        elif role.role == Role.PROPERTY_STAFF:
            panels.append(_panel("worker", role.get_role_display(), role.place))
        elif role.role in (Role.VOLUNTEER, Role.DEPLOYED_MEMBER):
            panels.append(_panel("volunteer", role.get_role_display(), role.place))
    for membership in standing.memberships:
        body = membership.body
        place = body.compound or body.community
        panels.append(
            _panel("committee", body.get_kind_display(), membership.get_position_display(), place)
        )
        if body.kind == Kind.PARTY_BRANCH and membership.position in FINANCE_POSITIONS | {
            Position.CHAIR
        }:
            panels.append(_panel("ledger", _("Ledger"), place))
    for role in standing.building_roles:
        panels.append(_panel("building", role.kind, role.building))
    return panels


def home_panels(request) -> list[Panel]:
    standing = getattr(request, "_standing", None) or standing_of(request.user)
    request._standing = standing
    panels = _role_panels(standing)
    if standing.verified_residencies:
        resident = _panel("resident", _("My home"))
        resident.context = {
            "tiles": [(slug, FEATURES[slug]) for slug in RESIDENT_TILES],
            "is_owner": standing.is_owner(),
        }
        panels.insert(0, resident)
    pending = [r for r in standing.residencies if r not in standing.verified_residencies]
    if pending:
        waiting = _panel("pending", _("Waiting for verification"))
        waiting.context = {"residencies": pending}
        panels.append(waiting)
    if not panels:
        panels.append(_panel("newcomer", _("Welcome")))
    return panels

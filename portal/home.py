"""The role-aware home page: one panel for each hat the user wears, most specific first.

A panel is a template under templates/portal/panels/ plus a little context. Apps fill their
panels in as they land (requests, deliberation, finance); until then each says plainly what
will appear there.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from compounds.models import RoleAssignment
from compounds.queries import Standing, standing_of

Role = RoleAssignment.Role

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
BUILDING_ROLES = {
    Role.BUILDING_HEAD,
    Role.PARTY_GROUP_LEADER,
    Role.SANITATION_OFFICER,
    Role.CULTURE_OFFICER,
    Role.SECURITY_OFFICER,
    Role.HOUSING_OFFICER,
}
COMMITTEE_ROLES = {
    Role.OWNERS_COMMITTEE_CHAIR,
    Role.OWNERS_COMMITTEE_MEMBER,
    Role.PARTY_SECRETARY,
    Role.SUPERVISORY_MEMBER,
}


@dataclass
class Panel:
    template: str
    title: str
    context: dict = field(default_factory=dict)


def _role_panels(standing: Standing) -> list[Panel]:
    panels = []
    for role in standing.roles:
        place = role.street_office or role.community or role.compound or role.building
        title = f"{role.get_role_display()} · {place}"
        if role.role == Role.STREET_STAFF or role.role == Role.COMMUNITY_STAFF:
            panels.append(Panel("portal/panels/dashboard.html", title, {"role": role}))
        elif role.role in COMMITTEE_ROLES:
            panels.append(Panel("portal/panels/committee.html", title, {"role": role}))
            if role.role == Role.PARTY_SECRETARY:
                panels.append(Panel("portal/panels/ledger.html", title, {"role": role}))
        elif role.role in BUILDING_ROLES:
            panels.append(Panel("portal/panels/building.html", title, {"role": role}))
        elif role.role == Role.PROPERTY_STAFF:
            panels.append(Panel("portal/panels/worker.html", title, {"role": role}))
        elif role.role == Role.VOLUNTEER:
            panels.append(Panel("portal/panels/volunteer.html", title, {"role": role}))
    return panels


def home_panels(request) -> list[Panel]:
    standing = getattr(request, "_standing", None) or standing_of(request.user)
    request._standing = standing
    panels = _role_panels(standing)
    if standing.residencies:
        panels.append(
            Panel(
                "portal/panels/resident.html",
                str(_("My home")),
                {
                    "tiles": [(slug, FEATURES[slug]) for slug in RESIDENT_TILES],
                    "is_owner": standing.is_owner(),
                },
            )
        )
    if not panels:
        panels.append(Panel("portal/panels/newcomer.html", str(_("Welcome"))))
    return panels

"""The committee desk: who reads a compound's desk (what waits for whom in its affairs)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from compounds.models import Compound
from compounds.permissions import access_compound
from compounds.standing import standing_of


def check_desk(user, compound: Compound) -> None:
    """The compound's bodies (owners' committee, party branch, supervisory committee …)
    work at the desk; the community and street-office staff over it may read it, as they
    read the compound's proposals."""
    g = standing_of(user)
    if (
        g.bodies.get(compound.pk)
        or compound.community_id in g.communities
        or compound.community.street_office_id in g.street_offices
    ):
        return
    raise PermissionDenied(
        _("Only the compound's committees and the staff over it use the committee desk.")
    )


def access_desk(user, compound_id: int) -> Compound:
    """The compound, fetched as the user: 404 outside their compounds, then 403 unless the
    desk is theirs."""
    compound = access_compound(user, compound_id)
    check_desk(user, compound)
    return compound

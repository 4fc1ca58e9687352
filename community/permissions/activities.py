"""Activities: who sees one, who may publish, sign up, and run one (mark attendance, show
the door's QR code, add photos and the report, cancel it).

- A compound's activity is seen by whoever sees the compound (compound.view); a
  community-wide one by the people of the community (community.see).
- Publishing: the compound's committee members and branch secretaries, community and street
  staff (the rule for notices, announcement.publish), and the leaders of its volunteer teams.
- Signing up: residents with a verified home there (owners only when it is for owners),
  and the compound's registered volunteers.
- Running it: who published it, the leader of the organising team, a member of the
  organising body, and community staff of its community."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from community.models import Activity, SignUp, Team
from compounds.models import Body, Compound
from compounds.permissions import can
from compounds.standing import standing_of

CHAIN = ("compound__community__street_office", "community__street_office", "body", "team")


def may_see(user, activity: Activity) -> bool:
    if activity.compound_id:
        return can(user, "compound.view", activity.compound)
    return can(user, "community.see", activity.community)


def access_activity(user, activity_id: int) -> Activity:
    """The activity as the user sees it: 404 when absent or out of their scope."""
    activity = Activity.objects.select_related(*CHAIN).filter(pk=activity_id).first()
    if activity is None or not may_see(user, activity):
        raise Http404
    return activity


def led_teams(user, compound: Compound):
    return Team.objects.filter(compound=compound, leader=user, disbanded_at__isnull=True)


def may_publish(user, compound: Compound) -> bool:
    return can(user, "announcement.publish", compound) or led_teams(user, compound).exists()


def require_publish(user, compound: Compound) -> None:
    if not may_publish(user, compound):
        raise PermissionDenied(
            _("Only committees, volunteer team leaders and community staff publish activities.")
        )


def is_staff_of(user, activity_or_compound) -> bool:
    """Community staff (and street staff) whose scope holds it."""
    community = getattr(activity_or_compound, "community", None)
    if isinstance(activity_or_compound, Activity) and activity_or_compound.compound_id:
        community = activity_or_compound.compound.community
    return can(user, "community.announce", community)


def organiser_bodies(user, compound: Compound) -> list[Body]:
    """The compound's bodies the user sits on now (to organise in their name)."""
    return [m.body for m in standing_of(user).memberships if m.body.compound_id == compound.pk]


def may_manage(user, activity: Activity) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk == activity.created_by_id:
        return True
    if activity.team_id and activity.team.leader_id == user.pk:
        return True
    if activity.body_id and any(
        m.body_id == activity.body_id for m in standing_of(user).memberships
    ):
        return True
    return is_staff_of(user, activity)


def require_manage(user, activity: Activity) -> None:
    if not may_manage(user, activity):
        raise PermissionDenied(_("Only the organisers of this activity may do this."))


def resident_here(user, activity: Activity) -> bool:
    g = standing_of(user)
    if activity.compound_id:
        if activity.audience == Activity.Audience.OWNERS:
            return activity.compound_id in g.owner_compounds
        return (
            activity.compound_id in g.resident_compounds
            or activity.compound_id in g.volunteer_compounds
        )
    homes = [r for r in g.verified_residencies if r.unit.building.compound.community_id]
    if activity.audience == Activity.Audience.OWNERS:
        homes = [r for r in homes if r.is_owner]
    return any(r.unit.building.compound.community_id == activity.community_id for r in homes)


def may_sign_up(user, activity: Activity) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and activity.needs_signup
        and resident_here(user, activity)
    )


def require_sign_up(user, activity: Activity) -> None:
    if not may_sign_up(user, activity):
        if activity.audience == Activity.Audience.OWNERS:
            raise PermissionDenied(_("This activity is for the owners of the compound."))
        raise PermissionDenied(_("Residents of the compound sign up for its activities."))


@dataclass(frozen=True)
class ActivityCapabilities:
    may_sign_up: bool
    may_manage: bool
    signup: SignUp | None  # the reader's own sign-up, if any (cancelled ones too)


def activity_capabilities(user, activity: Activity) -> ActivityCapabilities:
    signup = None
    if getattr(user, "is_authenticated", False):
        signup = SignUp.objects.filter(activity=activity, user=user).first()
    return ActivityCapabilities(
        may_sign_up=may_sign_up(user, activity),
        may_manage=may_manage(user, activity),
        signup=signup,
    )


def organiser_options(user, compound: Compound) -> dict[str, tuple[str, object]]:
    """Whom the user may publish in the name of, as form choices: the compound's bodies
    they sit on (when they publish as a committee), the teams they lead, community staff."""
    options: dict[str, tuple[str, object]] = {}
    if can(user, "announcement.publish", compound):
        for body in organiser_bodies(user, compound):
            options[f"body:{body.pk}"] = (str(body), body)
    for team in led_teams(user, compound):
        options[f"team:{team.pk}"] = (team.name, team)
    if is_staff_of(user, compound):
        options["staff"] = (_("Community staff"), None)
    return options

"""Who may do what with the facilities register (公共设施台账).

- See the register, a facility, its history and a survey's result: whoever may view the
  compound (its residents, role holders, committees, property staff, volunteers, staff in
  scope) — a lamp post's condition is no secret from the neighbours.
- Keep the register (add facilities, record a condition outside a survey, start and finish
  surveys, print stickers): the compound's leads (owners' or self-management committee,
  the party branch's secretaries), its property company's staff, community staff.
- Upload the compound's plan: the leads and community staff (the plan is the compound's,
  not the property company's).
- Record in a survey: the keepers; members of any of the compound's bodies and its party
  members (the retired secretary of the 42-manhole survey); its registered volunteers; and
  the current members of the team the survey was given to.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from community.models import Facility, FacilityCheck, Survey, TeamMember
from compounds.models import Compound
from compounds.permissions import access_compound, can
from compounds.standing import standing_of

CHAIN = "compound__community__street_office"

KEEPERS_ONLY = _(
    "Only the owners' committee, the party branch's secretaries, the property company and "
    "community staff keep the facilities register here."
)
PLANNERS_ONLY = _(
    "Only the owners' committee, the party branch's secretaries and community staff "
    "upload the plan here."
)
SURVEYORS_ONLY = _(
    "Only committee and party members, volunteers and the survey's team record in a survey here."
)


def may_see(user, compound: Compound) -> bool:
    return can(user, "compound.view", compound)


def may_keep(user, compound: Compound) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    g = standing_of(user)
    return (
        compound.pk in g.dispatch_compounds
        or compound.pk in g.property_compounds
        or compound.community_id in g.communities
    )


def may_plan(user, compound: Compound) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    g = standing_of(user)
    return compound.pk in g.dispatch_compounds or compound.community_id in g.communities


def may_survey(user, survey: Survey) -> bool:
    """May record conditions in this survey (open or not: the workflow says when)."""
    compound = survey.compound
    if may_keep(user, compound):
        return True
    g = standing_of(user)
    if compound.pk in g.bodies or compound.pk in g.party_compounds:
        return True
    if compound.pk in g.volunteer_compounds:
        return True
    return survey.team_id is not None and (
        TeamMember.objects.filter(
            team_id=survey.team_id,
            user_id=user.pk,
            state=TeamMember.State.MEMBER,
            team__disbanded_at__isnull=True,  # a disbanded team's members no longer are
        ).exists()
    )


def _require(allowed: bool, refusal) -> None:
    if not allowed:
        raise PermissionDenied(refusal)


def require_keeper(user, compound: Compound) -> None:
    _require(may_keep(user, compound), KEEPERS_ONLY)


def require_planner(user, compound: Compound) -> None:
    _require(may_plan(user, compound), PLANNERS_ONLY)


def require_surveyor(user, survey: Survey) -> None:
    _require(may_survey(user, survey), SURVEYORS_ONLY)


def access_facilities_of(user, compound_id: int) -> Compound:
    """The compound whose register is asked for: 404 outside the user's scope."""
    return access_compound(user, compound_id)


def access_facility(user, facility_id: int) -> Facility:
    facility = (
        Facility.objects.select_related(CHAIN, "building", "zone").filter(pk=facility_id).first()
    )
    if facility is None or not may_see(user, facility.compound):
        raise Http404
    return facility


def access_survey(user, survey_id: int) -> Survey:
    survey = Survey.objects.select_related(CHAIN, "team").filter(pk=survey_id).first()
    if survey is None or not may_see(user, survey.compound):
        raise Http404
    return survey


def access_survey_facility(survey: Survey, facility_id: int) -> Facility:
    """A facility named in a survey's URL: one of the survey's compound, else 404 (as an id
    of nothing). One of another kind is the service's to refuse, with its message."""
    facility = Facility.objects.filter(pk=facility_id, compound_id=survey.compound_id).first()
    if facility is None:
        raise Http404
    return facility


def access_check_photo(user, check_id: int) -> FacilityCheck:
    check = (
        FacilityCheck.objects.select_related(f"facility__{CHAIN}")
        .exclude(photo="")
        .filter(pk=check_id)
        .first()
    )
    if check is None or not may_see(user, check.facility.compound):
        raise Http404
    return check

"""The form probes of community life (issue 17): teams, zones, care, activities, the duty
roster and the facilities register (tests/authorization/idor_forms.py says how a probe
reads). The roster's person fields are built in the form's __init__ (over the station's
eligible people), so the coverage test does not find them; they are probed all the same."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.authorization.idor_forms import FormProbe


def _moment(days: int, hours: int = 0) -> str:
    moment = timezone.localtime() + timedelta(days=days, hours=hours)
    return moment.strftime("%Y-%m-%dT%H:%M")


def _facility_token(x) -> str:
    return f"facility:{x.facilities['facility'].pk}"


COMMUNITY_PROBES = [
    FormProbe(
        ("DecideForm.member",),
        "volunteer",
        lambda a, _x: reverse("community:team_decide", args=[a.teams["team"].pk]),
        lambda a, x: {"member": x.teams["applicant"].pk, "decision": "accept"},
    ),
    # The new leader: a member of A's team; B's team's member is not one to choose.
    FormProbe(
        ("HandOverForm.member",),
        "volunteer",
        lambda a, _x: reverse("community:team_leader", args=[a.teams["handover"].pk]),
        lambda a, x: {"member": x.teams["handover_member"].pk},
    ),
    FormProbe(
        ("ZoneForm.buildings",),
        "committee_chair",
        lambda a, _x: reverse("community:zone_new", args=[a.compound.pk]),
        lambda a, x: {"name": "南门广场", "kind": "square", "buildings": x.building.pk},
    ),
    FormProbe(
        ("ClaimForm.team",),
        "volunteer",
        lambda a, _x: reverse("community:zone_claim", args=[a.teams["free"].pk]),
        lambda a, x: {"team": x.teams["team"].pk},
    ),
    FormProbe(
        ("AssignForm.building",),
        "committee_chair",
        lambda a, _x: reverse("community:care_assign", args=[a.compound.pk]),
        lambda a, x: {
            "building": x.building.pk,
            "person": a.building_head.pk,
            "matter": "mediation",
        },
    ),
    FormProbe(
        ("AssignForm.person",),
        "committee_chair",
        lambda a, _x: reverse("community:care_assign", args=[a.compound.pk]),
        lambda a, x: {
            "building": a.building.pk,
            "person": x.building_head.pk,
            "matter": "mediation",
        },
    ),
    FormProbe(
        ("AttendanceForm.signup",),
        "committee_chair",
        lambda a, _x: reverse("community:activity_roll", args=[a.activity.pk]),
        lambda a, x: {"signup": x.signup.pk, "present": "on"},
    ),
    FormProbe(
        ("FacilityForm.building",),
        "party_secretary",
        lambda a, _x: reverse("community:facility_new", args=[a.compound.pk]),
        lambda a, x: {"kind": "lamp", "code": "LD-09", "building": x.building.pk},
    ),
    FormProbe(
        ("FacilityForm.zone",),
        "party_secretary",
        lambda a, _x: reverse("community:facility_new", args=[a.compound.pk]),
        lambda a, x: {"kind": "lamp", "code": "LD-08", "place": "东门", "zone": x.teams["kept"].pk},
    ),
    FormProbe(  # the note changes too: A's own building is taken and written
        ("FacilityEditForm.building",),
        "party_secretary",
        lambda a, _x: reverse("community:facility_edit", args=[a.facilities["facility"].pk]),
        lambda a, x: {"kind": "manhole", "code": "J-01", "building": x.building.pk, "note": "探"},
    ),
    FormProbe(
        ("FacilityEditForm.zone",),
        "party_secretary",
        lambda a, _x: reverse("community:facility_edit", args=[a.facilities["facility"].pk]),
        lambda a, x: {
            "kind": "manhole",
            "code": "J-01",
            "building": a.building.pk,
            "zone": x.teams["kept"].pk,
        },
    ),
    FormProbe(
        ("SurveyForm.team",),
        "party_secretary",
        lambda a, _x: reverse("community:surveys", args=[a.compound.pk]),
        lambda a, x: {"kind": "lamp", "title": "路灯普查", "team": x.teams["team"].pk},
    ),
    FormProbe(
        ("ShiftForm.person",),
        "party_secretary",
        lambda a, _x: reverse("community:roster_new_shift", args=[a.roster.station_id]),
        lambda a, x: {"person": x.volunteer.pk, "start": _moment(3), "end": _moment(3, 4)},
    ),
    FormProbe(
        ("OfferForm.to",),
        "volunteer",
        lambda a, _x: reverse("community:roster_offer", args=[a.roster.pk]),
        lambda a, x: {"to": x.party_secretary.pk, "note": "临时有事"},
    ),
    FormProbe(
        ("ReassignForm.to",),
        "party_secretary",
        lambda a, _x: reverse("community:roster_reassign", args=[a.roster.pk]),
        lambda a, x: {"to": x.party_secretary.pk},
    ),
    FormProbe(  # a facility's sticker fills in the filing form: only one the reader sees
        ("filing ?about=facility:",),
        "resident",
        lambda a, x: reverse("requests:new") + f"?about={_facility_token(x)}",
        lambda a, x: {},
        method="GET",
        shown=lambda x: f'name="about" value="{_facility_token(x)}"',
    ),
    FormProbe(  # the person on duty's page of one of their shifts: only their own
        ("roster_duty ?shift=",),
        "volunteer",
        lambda a, x: reverse("community:roster_duty") + f"?shift={x.roster.pk}",
        lambda a, x: {},
        method="GET",
        shown=lambda _x: 'data-testid="during"',
    ),
]

# Ids the community's views read by hand (`id_from`): see idor_forms.QUERY_IDS.
COMMUNITY_QUERY_IDS = {
    "community/views/roster.py:shift": "roster_duty ?shift= (idor_forms_community)",
    "community/views/roster.py:compound": (
        "where a new shift of a community-wide station sends its arranger back: the roster "
        "page it names checks its reader (another compound's: 404), and nothing is read"
    ),
    "community/views/roster.py:page": "a page number of the duty page, no object",
    "community/views/stations.py:compound": (
        "where a community-wide station's edit and close pages send their arranger back: "
        "the roster page it names checks its reader (another compound's: 404), and nothing "
        "is read"
    ),
    "community/views/facility_surveys.py:page": "a page number of the survey walk, no object",
}

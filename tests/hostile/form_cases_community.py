"""Community life's forms (issue 17), as their views build them from the matrix's world
(tests/authorization/rows_community_*.py): the volunteer leads the team, keeps its zone and
is on duty; the party secretary keeps the facilities and arranges the roster; the
committee's chair sets up teams, draws zones and makes people answerable; street staff
publish activities as community staff (the form's every field). A url touches the lazily
built worlds (teams, the activity) first, outside the examples that are undone."""

from tests.authorization.rows_community_activities import _activity
from tests.authorization.rows_community_teams import _world as _teams
from tests.hostile.case import Case, Feed, _url


def _compound(w) -> int:
    _teams(w)
    return w.compound.pk


def _of_compound(w, who):
    return {"compound": w.compound}


def _team(w) -> int:
    return _teams(w)["team"].pk


def _spare(key: str):
    """The teams' world's team to hand over or to disband (its id)."""
    return lambda w: _teams(w)[key].pk


def _activity_id(w) -> int:
    return _activity(w).pk


def _shift(w) -> int:
    return w.roster.pk


def _team_form(w, who):
    from community.permissions.teams import may_create_community_team

    chair = who("committee_chair")
    return {"may_community": may_create_community_team(chair, w.compound.community)}


def _claim(w, who):
    from community.permissions.zones import claimable_teams

    return {"teams": claimable_teams(who("volunteer"), _teams(w)["free"])}


def _activity_form(w, who):
    from community.permissions.activities import is_staff_of, organiser_options

    staff = who("street_staff")
    options = organiser_options(staff, w.compound)
    return {
        "organisers": [(key, label) for key, (label, _obj) in options.items()],
        "staff": is_staff_of(staff, w.compound),
    }


def _station_form(w, who):
    from community.permissions.roster import require_arrange_in

    return {"community_staff": require_arrange_in(who("party_secretary"), w.compound)}


def _of_shift(w, who):
    return {"shift": w.roster}


def _facility(w) -> int:
    return w.facilities["facility"].pk


COMMUNITY_CASES: dict[str, Case] = {
    # teams
    "TeamForm": Case(
        _team_form, Feed("committee_chair", _url("community:team_new", compound_id=_compound))
    ),
    "ApplyForm": Case(feed=Feed("resident", _url("community:team_apply", team_id=_team))),
    "DecideForm": Case(feed=Feed("volunteer", _url("community:team_decide", team_id=_team))),
    "HandOverForm": Case(
        lambda w, who: {"team": _teams(w)["handover"]},
        Feed("volunteer", _url("community:team_leader", team_id=_spare("handover"))),
    ),
    "DisbandForm": Case(
        feed=Feed("volunteer", _url("community:team_disband", team_id=_spare("disband")))
    ),
    # zones and clean-ups
    "ZoneForm": Case(
        _of_compound, Feed("committee_chair", _url("community:zone_new", compound_id=_compound))
    ),
    "ClaimForm": Case(
        _claim,
        Feed("volunteer", _url("community:zone_claim", zone_id=lambda w: _teams(w)["free"].pk)),
    ),
    "ScheduleForm": Case(
        feed=Feed(
            "volunteer",
            _url("community:cleanup_schedule", zone_id=lambda w: _teams(w)["kept"].pk),
        )
    ),  # fmt: skip
    "RecordForm": Case(
        feed=Feed(
            "volunteer",
            _url("community:cleanup_record", cleanup_id=lambda w: _teams(w)["cleanup"].pk),
        )
    ),  # fmt: skip
    # care (四包 / 党员联系户)
    "AssignForm": Case(
        _of_compound,
        Feed("committee_chair", _url("community:care_assign", compound_id=_compound)),
    ),
    # activities
    "ActivityForm": Case(
        _activity_form,
        Feed("street_staff", _url("community:activity_new", compound_id=_compound)),
    ),
    "AttendanceForm": Case(
        feed=Feed("committee_chair", _url("community:activity_roll", activity_id=_activity_id))
    ),
    "ReportForm": Case(
        feed=Feed("committee_chair", _url("community:activity_report", activity_id=_activity_id))
    ),
    "PhotosForm": Case(
        feed=Feed("committee_chair", _url("community:activity_photos", activity_id=_activity_id))
    ),
    # the duty roster
    "StationForm": Case(
        _station_form,
        Feed("party_secretary", _url("community:roster_new_station", compound_id=_compound)),
    ),
    "ShiftForm": Case(
        lambda w, who: {"station": w.roster.station},
        Feed(
            "party_secretary",
            _url("community:roster_new_shift", station_id=lambda w: w.roster.station_id),
        ),
    ),
    "OfferForm": Case(
        _of_shift, Feed("volunteer", _url("community:roster_offer", shift_id=_shift))
    ),
    "ReassignForm": Case(
        _of_shift, Feed("party_secretary", _url("community:roster_reassign", shift_id=_shift))
    ),
    # only the person a shift is offered to answers: the world's is offered to nobody
    "community.AnswerForm": Case(
        feed=Feed("volunteer", _url("community:roster_answer", shift_id=_shift))
    ),
    "CancelForm": Case(
        feed=Feed("party_secretary", _url("community:roster_cancel", shift_id=_shift))
    ),
    "PhoneForm": Case(feed=Feed("volunteer", _url("community:roster_phone", shift_id=_shift))),
    "OpenOfferForm": Case(
        feed=Feed("volunteer", _url("community:roster_offer_open", shift_id=_shift)),
        prefix="open",
    ),
    "CloseStationForm": Case(
        feed=Feed(
            "party_secretary",
            _url("community:roster_station_close", station_id=lambda w: w.roster.station_id),
        )
    ),  # fmt: skip
    "WeekForm": Case(
        feed=Feed("resident", _url("community:roster", compound_id=_compound), method="get")
    ),
    # the facilities register
    "FacilityForm": Case(
        _of_compound,
        Feed("party_secretary", _url("community:facility_new", compound_id=_compound)),
    ),
    "ConditionForm": Case(
        lambda w, who: {"kind": w.facilities["facility"].kind},
        Feed("party_secretary", _url("community:facility_record", facility_id=_facility)),
    ),
    "FacilityEditForm": Case(
        _of_compound,
        Feed("party_secretary", _url("community:facility_edit", facility_id=_facility)),
    ),
    "RetireForm": Case(
        feed=Feed("party_secretary", _url("community:facility_retire", facility_id=_facility))
    ),
    "SurveyForm": Case(
        _of_compound, Feed("party_secretary", _url("community:surveys", compound_id=_compound))
    ),
    "PlanForm": Case(feed=Feed("committee_chair", _url("community:plan", compound_id=_compound))),
    "FacilityImportForm": Case(
        feed=Feed("party_secretary", _url("community:facility_import", compound_id=_compound))
    ),
    "FacilityImportConfirmForm": Case(
        feed=Feed(
            "party_secretary", _url("community:facility_import_confirm", compound_id=_compound)
        )
    ),
}

"""The IDOR probe's rows of community life (issue 17): teams, zones, care, activities, the
duty roster and the facilities register (tests/authorization/idor_urls.py says how a row
reads). Each side's objects are the matrix's (tests/authorization/rows_community_*.py),
built for both compounds by tests/authorization/sides.py."""


def _compound(s):
    return {"compound_id": s.compound.pk}


def _team(s):
    return {"team_id": s.teams["team"].pk}


def _handover(s):
    return {"team_id": s.teams["handover"].pk}


def _disband(s):
    return {"team_id": s.teams["disband"].pk}


def _kept(s):
    return {"zone_id": s.teams["kept"].pk}


def _free(s):
    return {"zone_id": s.teams["free"].pk}


def _activity(s):
    return {"activity_id": s.activity.pk}


def _facility(s):
    return {"facility_id": s.facilities["facility"].pk}


def _survey(s):
    return {"survey_id": s.facilities["survey"].pk}


def _shift(s):
    return {"shift_id": s.roster.pk}


def _check_in(s):
    from community.services.activities import checkin_token

    return _activity(s) | {"token": checkin_token(s.activity)}


COMMUNITY_COMPOUND_PAGES = [
    "community:hub",
    "community:teams",
    "community:team_new",
    "community:zones",
    "community:zone_new",
    "community:care",
    "community:care_assign",
    "community:facilities",
    "community:facility_new",
    "community:facility_stickers",
    "community:plan",
    "community:plan_image",
    "community:surveys",
    "community:facility_import",
    "community:facility_import_confirm",
    "community:facility_import_template",
    "community:activity_list",
    "community:activity_new",
    "community:roster",
    "community:roster_new_station",
]

COMMUNITY_PROBES = dict.fromkeys(COMMUNITY_COMPOUND_PAGES, [_compound])
COMMUNITY_PROBES |= {
    **dict.fromkeys(
        ["community:team", "community:team_apply", "community:team_decide", "community:team_leave"],
        [_team],
    ),
    "community:team_leader": [_handover],
    "community:team_disband": [_disband],
    "community:zone": [_kept, _free],
    "community:zone_claim": [_free],
    "community:zone_release": [_kept],
    "community:cleanup_schedule": [_kept],
    "community:cleanup_record": [lambda s: {"cleanup_id": s.teams["cleanup"].pk}],
    "community:cleanup_photo": [lambda s: {"photo_id": s.teams["photo"].pk}],
    "community:care_end": [lambda s: {"responsibility_id": s.teams["care"].pk}],
    **dict.fromkeys(
        [
            "community:activity",
            "community:activity_sign_up",
            "community:activity_withdraw",
            "community:activity_cancel",
            "community:activity_roll",
            "community:activity_door",
            "community:activity_photos",
            "community:activity_report",
        ],
        [_activity],
    ),
    # The token is the activity's: B's token with A's activity is no token of it.
    "community:activity_check_in": [_check_in],
    "community:activity_photo": [lambda s: {"photo_id": s.activity_photo.pk}],
    "community:facility": [_facility],
    "community:facility_record": [_facility],
    "community:facility_edit": [_facility],
    "community:facility_retire": [_facility],
    "community:facility_restore": [_facility],
    "community:check_photo": [lambda s: {"check_id": s.facilities["check"].pk}],
    "community:survey": [_survey],
    "community:survey_mark": [lambda s: _survey(s) | _facility(s)],
    "community:survey_finish": [_survey],
    "community:survey_result": [_survey],
    **dict.fromkeys(
        [
            "community:roster_new_shift",
            "community:roster_station_edit",
            "community:roster_station_close",
        ],
        [lambda s: {"station_id": s.roster.station_id}],
    ),
    **dict.fromkeys(
        [
            "community:roster_shift",
            "community:roster_offer",
            "community:roster_withdraw",
            "community:roster_answer",
            "community:roster_reassign",
            "community:roster_cancel",
            "community:roster_phone",
            "community:roster_offer_open",
            "community:roster_take",
        ],
        [_shift],
    ),
}

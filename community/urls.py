"""Community life (issue 17): volunteer teams, zones, responsibilities, activities, the duty
roster and the facilities register. One list; each area's routes under its own prefix."""

from django.urls import path

from community.views import (
    activities,
    activity_run,
    care,
    facilities,
    facility_changes,
    facility_import,
    facility_plan,
    facility_surveys,
    hub,
    roster,
    stations,
    teams,
    zones,
)

app_name = "community"

urlpatterns: list = [
    path("compounds/<id:compound_id>/", hub.hub, name="hub"),
    # teams
    path("compounds/<id:compound_id>/teams/", teams.team_list, name="teams"),
    path("compounds/<id:compound_id>/teams/new/", teams.team_new, name="team_new"),
    path("teams/<id:team_id>/", teams.team_detail, name="team"),
    path("teams/<id:team_id>/apply/", teams.team_apply, name="team_apply"),
    path("teams/<id:team_id>/decide/", teams.team_decide, name="team_decide"),
    path("teams/<id:team_id>/leave/", teams.team_leave, name="team_leave"),
    path("teams/<id:team_id>/leader/", teams.team_leader, name="team_leader"),
    path("teams/<id:team_id>/disband/", teams.team_disband, name="team_disband"),
    # zones
    path("compounds/<id:compound_id>/zones/", zones.zone_list, name="zones"),
    path("compounds/<id:compound_id>/zones/new/", zones.zone_new, name="zone_new"),
    path("zones/<id:zone_id>/", zones.zone_detail, name="zone"),
    path("zones/<id:zone_id>/claim/", zones.zone_claim, name="zone_claim"),
    path("zones/<id:zone_id>/release/", zones.zone_release, name="zone_release"),
    path("zones/<id:zone_id>/cleanups/", zones.cleanup_schedule, name="cleanup_schedule"),
    path("zones/cleanups/<id:cleanup_id>/done/", zones.cleanup_record, name="cleanup_record"),
    path("zones/photos/<id:photo_id>/", zones.cleanup_photo, name="cleanup_photo"),
    # care (四包 / 党员联系户)
    path("compounds/<id:compound_id>/care/", care.care_list, name="care"),
    path("compounds/<id:compound_id>/care/assign/", care.care_assign, name="care_assign"),
    path("care/<id:responsibility_id>/end/", care.care_end, name="care_end"),
    path("care/mine/", care.my_care, name="my_care"),
    # facilities register: lists under the compound, objects by their id
    path("compounds/<id:compound_id>/facilities/", facilities.facility_list, name="facilities"),
    path(
        "compounds/<id:compound_id>/facilities/new/",
        facilities.facility_new,
        name="facility_new",
    ),
    path(
        "compounds/<id:compound_id>/facilities/stickers/",
        facilities.facility_stickers,
        name="facility_stickers",
    ),
    path("compounds/<id:compound_id>/plan/", facility_plan.plan, name="plan"),
    path("compounds/<id:compound_id>/plan/image/", facility_plan.plan_image, name="plan_image"),
    path(
        "compounds/<id:compound_id>/facilities/surveys/",
        facility_surveys.surveys,
        name="surveys",
    ),
    path("facilities/<id:facility_id>/", facilities.facility, name="facility"),
    path(
        "facilities/<id:facility_id>/record/",
        facilities.facility_record,
        name="facility_record",
    ),
    path("facilities/<id:facility_id>/edit/", facility_changes.facility_edit, name="facility_edit"),
    path(
        "facilities/<id:facility_id>/retire/",
        facility_changes.facility_retire,
        name="facility_retire",
    ),
    path(
        "facilities/<id:facility_id>/restore/",
        facility_changes.facility_restore,
        name="facility_restore",
    ),
    path("facilities/checks/<id:check_id>/photo/", facilities.check_photo, name="check_photo"),
    path("facilities/surveys/<id:survey_id>/", facility_surveys.survey, name="survey"),
    path(
        "facilities/surveys/<id:survey_id>/facilities/<id:facility_id>/",
        facility_surveys.survey_mark,
        name="survey_mark",
    ),
    path(
        "facilities/surveys/<id:survey_id>/finish/",
        facility_surveys.survey_finish,
        name="survey_finish",
    ),
    path(
        "facilities/surveys/<id:survey_id>/result/",
        facility_surveys.survey_result,
        name="survey_result",
    ),
    # the register imported from a spreadsheet (its keepers)
    path(
        "compounds/<id:compound_id>/facilities/import/",
        facility_import.facility_import,
        name="facility_import",
    ),
    path(
        "compounds/<id:compound_id>/facilities/import/confirm/",
        facility_import.facility_import_confirm,
        name="facility_import_confirm",
    ),
    path(
        "compounds/<id:compound_id>/facilities/import/template.csv",
        facility_import.import_template,
        name="facility_import_template",
    ),
    # activities (活动)
    path(
        "compounds/<id:compound_id>/activities/",
        activities.activity_list,
        name="activity_list",
    ),
    path(
        "compounds/<id:compound_id>/activities/new/",
        activities.activity_new,
        name="activity_new",
    ),
    path("activities/<id:activity_id>/", activities.activity_detail, name="activity"),
    path(
        "activities/<id:activity_id>/sign-up/",
        activities.activity_sign_up,
        name="activity_sign_up",
    ),
    path(
        "activities/<id:activity_id>/withdraw/",
        activities.activity_withdraw,
        name="activity_withdraw",
    ),
    path("activities/<id:activity_id>/cancel/", activities.activity_cancel, name="activity_cancel"),
    path("activities/<id:activity_id>/roll/", activity_run.activity_roll, name="activity_roll"),
    path("activities/<id:activity_id>/door/", activity_run.activity_door, name="activity_door"),
    path(
        "activities/<id:activity_id>/check-in/<str:token>/",
        activity_run.activity_check_in,
        name="activity_check_in",
    ),
    path(
        "activities/<id:activity_id>/photos/",
        activity_run.activity_photos,
        name="activity_photos",
    ),
    path(
        "activities/<id:activity_id>/report/",
        activity_run.activity_report,
        name="activity_report",
    ),
    path(
        "activities/photos/<id:photo_id>/",
        activity_run.activity_photo,
        name="activity_photo",
    ),
    # the duty roster (值班) of the service stations
    path("compounds/<id:compound_id>/roster/", roster.roster, name="roster"),
    path(
        "compounds/<id:compound_id>/roster/stations/new/",
        stations.new_station,
        name="roster_new_station",
    ),
    path(
        "roster/stations/<id:station_id>/edit/", stations.station_edit, name="roster_station_edit"
    ),
    path(
        "roster/stations/<id:station_id>/close/",
        stations.station_close,
        name="roster_station_close",
    ),
    path("roster/stations/<id:station_id>/shifts/new/", roster.new_shift, name="roster_new_shift"),
    path("roster/shifts/<id:shift_id>/", roster.shift, name="roster_shift"),
    path("roster/shifts/<id:shift_id>/offer/", roster.shift_offer, name="roster_offer"),
    path(
        "roster/shifts/<id:shift_id>/offer/open/", roster.shift_offer_open, name="roster_offer_open"
    ),
    path("roster/shifts/<id:shift_id>/take/", roster.shift_take, name="roster_take"),
    path("roster/shifts/<id:shift_id>/withdraw/", roster.shift_withdraw, name="roster_withdraw"),
    path("roster/shifts/<id:shift_id>/answer/", roster.shift_answer, name="roster_answer"),
    path("roster/shifts/<id:shift_id>/reassign/", roster.shift_reassign, name="roster_reassign"),
    path("roster/shifts/<id:shift_id>/cancel/", roster.shift_cancel, name="roster_cancel"),
    path("roster/shifts/<id:shift_id>/phone/", roster.shift_phone, name="roster_phone"),
    path("roster/duty/", roster.duty, name="roster_duty"),
]

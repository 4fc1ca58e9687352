"""Community life (issue 17): volunteer teams, zones, responsibilities, activities, the duty
roster and the facilities register. One list; each area's routes under its own prefix."""

from django.urls import path  # noqa: F401

app_name = "community"

urlpatterns: list = []

# Facilities register (issue 17, item 6): lists under the compound, objects by their id.
from community.views import facilities, facility_plan, facility_surveys  # noqa: E402

urlpatterns += [
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
]

"""Community life (issue 17): volunteer teams, zones, responsibilities, activities, the duty
roster and the facilities register. One list; each area's routes under its own prefix."""

from django.urls import path

from community.views import activities, activity_run

app_name = "community"

urlpatterns: list = []

# Activities (活动) ---------------------------------------------------------------------------
urlpatterns += [
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
]

"""Community life (issue 17): volunteer teams, zones, responsibilities, activities, the duty
roster and the facilities register. One list; each area's routes under its own prefix."""

from django.urls import path

from community.views import roster

app_name = "community"

urlpatterns: list = []

# The duty roster (值班) of the service stations.
urlpatterns += [
    path("compounds/<id:compound_id>/roster/", roster.roster, name="roster"),
    path(
        "compounds/<id:compound_id>/roster/stations/new/",
        roster.new_station,
        name="roster_new_station",
    ),
    path("roster/stations/<id:station_id>/shifts/new/", roster.new_shift, name="roster_new_shift"),
    path("roster/shifts/<id:shift_id>/", roster.shift, name="roster_shift"),
    path("roster/shifts/<id:shift_id>/offer/", roster.shift_offer, name="roster_offer"),
    path("roster/shifts/<id:shift_id>/withdraw/", roster.shift_withdraw, name="roster_withdraw"),
    path("roster/shifts/<id:shift_id>/answer/", roster.shift_answer, name="roster_answer"),
    path("roster/shifts/<id:shift_id>/reassign/", roster.shift_reassign, name="roster_reassign"),
    path("roster/shifts/<id:shift_id>/cancel/", roster.shift_cancel, name="roster_cancel"),
    path("roster/shifts/<id:shift_id>/phone/", roster.shift_phone, name="roster_phone"),
    path("roster/duty/", roster.duty, name="roster_duty"),
]

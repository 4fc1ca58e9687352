from django.urls import path

from requests import views

app_name = "requests"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.file_request, name="new"),
    path("new/for-neighbour/", views.file_for_neighbour, name="file_for"),
    path("street/<int:office_id>/departments/", views.departments, name="departments"),
    path("rules/<int:compound_id>/", views.rules, name="rules"),
    path("queue/", views.work_queue, name="queue"),
    path("queue/dispatch/", views.bulk_dispatch, name="bulk_dispatch"),
    path("help/", views.help_orders, name="help_orders"),
    path("volunteers/<int:community_id>/hours/", views.hours_ranking, name="hours_ranking"),
    path("<int:request_id>/hours/", views.record_hours, name="record_hours"),
    path("resolved/<int:compound_id>/", views.resolved, name="resolved"),
    path("<int:request_id>/claim/", views.claim, name="claim"),
    path("<int:request_id>/follow/", views.follow, name="follow"),
    path("photos/<int:photo_id>/<slug:size>/", views.photo, name="photo"),
    path("<int:request_id>/", views.detail, name="detail"),
    path("<int:request_id>/act/", views.act, name="act"),
]

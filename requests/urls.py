from django.urls import path

from requests import views

app_name = "requests"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.file_request, name="new"),
    path("new/for-neighbour/", views.file_for_neighbour, name="file_for"),
    path("street/<id:office_id>/departments/", views.departments, name="departments"),
    path("rules/<id:compound_id>/", views.rules, name="rules"),
    path("queue/", views.work_queue, name="queue"),
    path("queue/dispatch/", views.bulk_dispatch, name="bulk_dispatch"),
    path("help/", views.help_orders, name="help_orders"),
    path("volunteers/<id:community_id>/hours/", views.hours_ranking, name="hours_ranking"),
    path("<id:request_id>/hours/", views.record_hours, name="record_hours"),
    path("resolved/<id:compound_id>/", views.resolved, name="resolved"),
    path("<id:request_id>/claim/", views.claim, name="claim"),
    path("<id:request_id>/follow/", views.follow, name="follow"),
    path("photos/<id:photo_id>/<slug:size>/", views.photo, name="photo"),
    path("<id:request_id>/", views.detail, name="detail"),
    path("<id:request_id>/act/", views.act, name="act"),
]

from django.urls import path

from requests import views

app_name = "requests"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.file_request, name="new"),
    path("queue/", views.work_queue, name="queue"),
    path("<int:request_id>/", views.detail, name="detail"),
    path("<int:request_id>/act/", views.act, name="act"),
]

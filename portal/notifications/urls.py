from django.urls import path

from portal.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("badge/", views.badge, name="badge"),
    path("all-read/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("<id:notification_id>/", views.open_notification, name="open"),
    path("<id:notification_id>/read/", views.mark_read, name="mark_read"),
]

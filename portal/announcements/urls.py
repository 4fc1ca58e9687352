from django.urls import path

from portal.announcements import views

app_name = "announcements"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("new/", views.notice_new, name="new"),
    path("<int:announcement_id>/", views.notice_detail, name="detail"),
    path("<int:announcement_id>/receipts/", views.notice_receipts, name="receipts"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]

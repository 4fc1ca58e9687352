from django.urls import path

from compounds.announcements import views

app_name = "announcements"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("new/", views.notice_new, name="new"),
    path("<id:announcement_id>/", views.notice_detail, name="detail"),
    path("<id:announcement_id>/receipts/", views.notice_receipts, name="receipts"),
    path("attachments/<id:attachment_id>/", views.attachment_download, name="attachment"),
]

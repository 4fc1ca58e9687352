from django.urls import path

from portal.site import views
from portal.site.mydata import views as mydata

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.csv", views.dashboard_export, {"fmt": "csv"}, name="dashboard_csv"),
    path("dashboard/export.xlsx", views.dashboard_export, {"fmt": "xlsx"}, name="dashboard_xlsx"),
    path("dashboard/print/", views.dashboard_print, name="dashboard_print"),
    # My account (issue 16, item 12): my data, and deleting the account.
    path("me/", mydata.account, name="account"),
    path("me/data/", mydata.my_data, name="my_data"),
    path("me/delete/", mydata.account_delete, name="account_delete"),
    path("soon/<slug:feature>/", views.coming_soon, name="coming_soon"),
    # The party-member board reads compounds (members, commitments) and requests (hours).
    path("compounds/<id:compound_id>/party/", views.party_board, name="party_board"),
    # A compound's figures and trends (issue 15): its staff and its own residents.
    path("compounds/<id:compound_id>/figures/", views.compound_figures, name="compound_figures"),
    # The audit log (issue 16, item 9): the supervisory committee and staff in scope.
    path("compounds/<id:compound_id>/audit/", views.audit_log, name="audit_log"),
    path("compounds/<id:compound_id>/audit.csv", views.audit_log_csv, name="audit_log_csv"),
]

from django.urls import path

from finance import views

app_name = "finance"

urlpatterns = [
    path("", views.index, name="index"),
    path("compound/<id:compound_id>/", views.compound_finances, name="compound"),
    path("compound/<id:compound_id>/accounts/new/", views.open_account, name="open_account"),
    path("compound/<id:compound_id>/review/", views.review, name="review"),
    path("compound/<id:compound_id>/policy/", views.policy, name="policy"),
    path("compound/<id:compound_id>/disclosures/", views.disclosures, name="disclosures"),
    path("compound/<id:compound_id>/calendar/", views.calendar, name="calendar"),
    path("compound/<id:compound_id>/campaigns/", views.campaigns, name="campaigns"),
    path("compound/<id:compound_id>/campaigns/new/", views.new_campaign, name="new_campaign"),
    path("campaigns/<id:campaign_id>/", views.campaign, name="campaign"),
    path(
        "campaigns/<id:campaign_id>/homes/<id:unit_id>/answer/",
        views.campaign_answer,
        name="campaign_answer",
    ),
    path("campaigns/<id:campaign_id>/pay/", views.campaign_pay, name="campaign_pay"),
    path("disclosures/<id:disclosure_id>/", views.disclosure, name="disclosure"),
    path(
        "disclosures/<id:disclosure_id>/export.<slug:fmt>",
        views.disclosure_export,
        name="disclosure_export",
    ),
    path("disclosures/<id:disclosure_id>/print/", views.disclosure_print, name="print"),
    path("disclosures/<id:disclosure_id>/questions/", views.ask, name="ask"),
    path("questions/<id:question_id>/answer/", views.answer, name="answer"),
    path(
        "disclosures/<id:disclosure_id>/<slug:action>/",
        views.disclosure_action,
        name="disclosure_action",
    ),
    path("accounts/<id:account_id>/", views.account, name="account"),
    path("accounts/<id:account_id>/new/", views.new_entry, name="new_entry"),
    path("accounts/<id:account_id>/export.<slug:fmt>", views.ledger_export, name="ledger_export"),
    path("accounts/<id:account_id>/fees/", views.fees, name="fees"),
    path("accounts/<id:account_id>/fees/schedule/", views.fee_schedule, name="fee_schedule"),
    path("accounts/<id:account_id>/fees/raise/", views.fee_raise, name="fee_raise"),
    path("accounts/<id:account_id>/fees/pay/", views.fee_payment, name="fee_payment"),
    path("accounts/<id:account_id>/fees/import/", views.fee_import, name="fee_import"),
    path(
        "accounts/<id:account_id>/fees/import/confirm/",
        views.fee_import_confirm,
        name="fee_import_confirm",
    ),
    path("accounts/<id:account_id>/fees/units/<id:unit_id>/", views.fee_unit, name="fee_unit"),
    path("fees/mine/", views.my_fees, name="my_fees"),
    path("fees/lines/<id:line_id>/", views.fee_line, name="fee_line"),
    path("entries/<id:entry_id>/", views.entry, name="entry"),
    path("entries/<id:entry_id>/edit/", views.edit_entry, name="edit_entry"),
    path("entries/<id:entry_id>/reverse/", views.reverse_entry, name="reverse"),
    path("entries/<id:entry_id>/ratify/", views.ratify, name="ratify"),
    path(
        "entries/<id:entry_id>/emergency/<slug:action>/",
        views.emergency_sign,
        name="emergency",
    ),
    path("entries/<id:entry_id>/<slug:action>/", views.entry_action, name="entry_action"),
    path("receipts/<id:receipt_id>/", views.receipt, name="receipt"),
    path(
        "receipts/<id:receipt_id>/original/",
        views.receipt,
        {"original": True},
        name="receipt_original",
    ),
    path(
        "receipts/<id:receipt_id>/pages/",
        views.receipt,
        {"original": "pages"},
        name="receipt_pages",
    ),
    path("receipts/<id:receipt_id>/cover/", views.cover_receipt, name="cover_receipt"),
]

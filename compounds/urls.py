from django.urls import path

from compounds import views

app_name = "compounds"

urlpatterns = [
    path("switch/", views.switch_compound, name="switch"),
    path("<id:compound_id>/", views.compound_detail, name="detail"),
    path("<id:compound_id>/bodies/", views.compound_bodies, name="bodies"),
    path("<id:compound_id>/party/commitments/", views.commitment_add, name="commitment_add"),
    path("commitments/<id:commitment_id>/deed/", views.commitment_deed, name="commitment_deed"),
    path("commitments/<id:commitment_id>/mark/", views.commitment_mark, name="commitment_mark"),
    path("buildings/<id:building_id>/board/", views.building_board, name="building_board"),
    path("buildings/<id:building_id>/poster/", views.building_poster, name="building_poster"),
    path("homes/", views.my_homes, name="my_homes"),
    path("homes/join/", views.join_home, name="join_home"),
    path("homes/<id:residency_id>/voter/", views.residency_name_voter, name="residency_name_voter"),
    path(
        "communities/<id:community_id>/deployed/", views.deployed_members, name="deployed_members"
    ),
    path(
        "communities/<id:community_id>/deployed/<id:role_id>/confirm/",
        views.deployed_member_confirm,
        name="deployed_member_confirm",
    ),
    path("homes/<id:residency_id>/proof/", views.residency_evidence, name="residency_evidence"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("reviews/<id:residency_id>/verify/", views.residency_verify, name="residency_verify"),
    path("reviews/<id:residency_id>/reject/", views.residency_reject, name="residency_reject"),
    path("<id:compound_id>/registry/import/", views.registry_upload, name="registry_upload"),
    path("registry/imports/<id:import_id>/", views.registry_import, name="registry_import"),
    path(
        "registry/imports/<id:import_id>/run/",
        views.registry_import_run,
        name="registry_import_run",
    ),
    path("<id:compound_id>/registry/export.xlsx", views.registry_export, name="registry_export"),
]

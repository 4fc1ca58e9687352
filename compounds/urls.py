from django.urls import path

from compounds import views

app_name = "compounds"

urlpatterns = [
    path("switch/", views.switch_compound, name="switch"),
    path("<int:compound_id>/", views.compound_detail, name="detail"),
    path("<int:compound_id>/bodies/", views.compound_bodies, name="bodies"),
    path("<int:compound_id>/party/", views.party_board, name="party_board"),
    path("<int:compound_id>/party/commitments/", views.commitment_add, name="commitment_add"),
    path("commitments/<int:commitment_id>/deed/", views.commitment_deed, name="commitment_deed"),
    path("commitments/<int:commitment_id>/mark/", views.commitment_mark, name="commitment_mark"),
    path("buildings/<int:building_id>/board/", views.building_board, name="building_board"),
    path("buildings/<int:building_id>/poster/", views.building_poster, name="building_poster"),
    path("homes/", views.my_homes, name="my_homes"),
    path("homes/join/", views.join_home, name="join_home"),
    path(
        "homes/<int:residency_id>/voter/", views.residency_name_voter, name="residency_name_voter"
    ),
    path(
        "communities/<int:community_id>/deployed/", views.deployed_members, name="deployed_members"
    ),
    path(
        "communities/<int:community_id>/deployed/<int:role_id>/confirm/",
        views.deployed_member_confirm,
        name="deployed_member_confirm",
    ),
    path("homes/<int:residency_id>/proof/", views.residency_evidence, name="residency_evidence"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("reviews/<int:residency_id>/verify/", views.residency_verify, name="residency_verify"),
    path("reviews/<int:residency_id>/reject/", views.residency_reject, name="residency_reject"),
    path("<int:compound_id>/registry/import/", views.registry_upload, name="registry_upload"),
    path("registry/imports/<int:import_id>/", views.registry_import, name="registry_import"),
    path(
        "registry/imports/<int:import_id>/run/",
        views.registry_import_run,
        name="registry_import_run",
    ),
    path("<int:compound_id>/registry/export.xlsx", views.registry_export, name="registry_export"),
]

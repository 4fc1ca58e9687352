from django.urls import path

from compounds.views import boards, commitments, deployed, homes, registry, reviews

app_name = "compounds"

urlpatterns = [
    path("switch/", homes.switch_compound, name="switch"),
    path("<id:compound_id>/", homes.compound_detail, name="detail"),
    path("<id:compound_id>/bodies/", boards.compound_bodies, name="bodies"),
    path("<id:compound_id>/party/commitments/", commitments.commitment_add, name="commitment_add"),
    path(
        "commitments/<id:commitment_id>/deed/", commitments.commitment_deed, name="commitment_deed"
    ),
    path(
        "commitments/<id:commitment_id>/mark/", commitments.commitment_mark, name="commitment_mark"
    ),
    path("buildings/<id:building_id>/board/", boards.building_board, name="building_board"),
    path("buildings/<id:building_id>/poster/", boards.building_poster, name="building_poster"),
    path("homes/", homes.my_homes, name="my_homes"),
    path("homes/join/", homes.join_home, name="join_home"),
    path("homes/<id:residency_id>/voter/", homes.residency_name_voter, name="residency_name_voter"),
    path("homes/voters/", homes.voter_namings, name="voter_namings"),
    path(
        "homes/<id:residency_id>/voter/verify/",
        homes.voter_naming_verify,
        name="voter_naming_verify",
    ),
    path(
        "communities/<id:community_id>/deployed/",
        deployed.deployed_members,
        name="deployed_members",
    ),
    path(
        "communities/<id:community_id>/deployed/<id:role_id>/confirm/",
        deployed.deployed_member_confirm,
        name="deployed_member_confirm",
    ),
    path("homes/<id:residency_id>/proof/", homes.residency_evidence, name="residency_evidence"),
    path("reviews/", reviews.review_queue, name="review_queue"),
    path("reviews/<id:residency_id>/verify/", reviews.residency_verify, name="residency_verify"),
    path("reviews/<id:residency_id>/reject/", reviews.residency_reject, name="residency_reject"),
    path("<id:compound_id>/registry/import/", registry.registry_upload, name="registry_upload"),
    path("registry/imports/<id:import_id>/", registry.registry_import, name="registry_import"),
    path(
        "registry/imports/<id:import_id>/run/",
        registry.registry_import_run,
        name="registry_import_run",
    ),
    path("<id:compound_id>/registry/export.xlsx", registry.registry_export, name="registry_export"),
    path(
        "<id:compound_id>/registry/exports/",
        registry.registry_export_start,
        name="registry_export_start",
    ),
    path(
        "registry/exports/<id:export_id>/", registry.registry_export_job, name="registry_export_job"
    ),
    path(
        "registry/exports/<id:export_id>/file.xlsx",
        registry.registry_export_file,
        name="registry_export_file",
    ),
]

from django.urls import path

from deliberation import views

app_name = "deliberation"

urlpatterns = [
    path("", views.index, name="index"),
    path("files/<slug:kind>/<int:pk>/", views.stored_file, name="file"),
    path("compound/<int:compound_id>/", views.compound_index, name="compound"),
    path("compound/<int:compound_id>/votes/new/", views.vote_new, name="vote_new"),
    path("compound/<int:compound_id>/proposals/new/", views.proposal_new, name="proposal_new"),
    path("compound/<int:compound_id>/suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/<int:suggestion_id>/", views.suggestion_detail, name="suggestion"),
    path("suggestions/<int:suggestion_id>/act/", views.suggestion_act, name="suggestion_act"),
    path("proposals/<int:proposal_id>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:proposal_id>/act/", views.proposal_act, name="proposal_act"),
    path("compound/<int:compound_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/act/", views.meeting_act, name="meeting_act"),
    path("compound/<int:compound_id>/elections/", views.elections, name="elections"),
    path("elections/<int:election_id>/", views.election_detail, name="election"),
    path("elections/<int:election_id>/act/", views.election_act, name="election_act"),
    path("votes/<int:vote_id>/", views.vote_detail, name="vote"),
    path("votes/<int:vote_id>/notice/", views.vote_publish, name="vote_publish"),
    path("votes/<int:vote_id>/ballot/", views.ballot, name="ballot"),
    path("votes/<int:vote_id>/proxy/", views.proxy, name="proxy"),
    path("votes/<int:vote_id>/paper/", views.paper, name="paper"),
    path("votes/<int:vote_id>/paper/<int:ballot_id>/verify/", views.verify, name="verify"),
    path("votes/<int:vote_id>/unreached/", views.unreached, name="unreached"),
    path("votes/<int:vote_id>/bundle/<int:topic_id>/", views.bundle, name="bundle"),
]

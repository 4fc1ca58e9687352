from django.urls import path

from deliberation import views

app_name = "deliberation"

urlpatterns = [
    path("", views.index, name="index"),
    path("files/<slug:kind>/<id:pk>/", views.stored_file, name="file"),
    path("compound/<id:compound_id>/", views.compound_index, name="compound"),
    path("compound/<id:compound_id>/desk/", views.desk, name="desk"),
    path("compound/<id:compound_id>/votes/new/", views.vote_new, name="vote_new"),
    path("compound/<id:compound_id>/proposals/new/", views.proposal_new, name="proposal_new"),
    path("compound/<id:compound_id>/suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/<id:suggestion_id>/", views.suggestion_detail, name="suggestion"),
    path("suggestions/<id:suggestion_id>/act/", views.suggestion_act, name="suggestion_act"),
    path("proposals/<id:proposal_id>/", views.proposal_detail, name="proposal"),
    path("proposals/<id:proposal_id>/act/", views.proposal_act, name="proposal_act"),
    path("compound/<id:compound_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<id:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<id:meeting_id>/act/", views.meeting_act, name="meeting_act"),
    path("compound/<id:compound_id>/elections/", views.elections, name="elections"),
    path("elections/<id:election_id>/", views.election_detail, name="election"),
    path("elections/<id:election_id>/act/", views.election_act, name="election_act"),
    path("votes/<id:vote_id>/", views.vote_detail, name="vote"),
    path("votes/<id:vote_id>/notice/", views.vote_publish, name="vote_publish"),
    path("votes/<id:vote_id>/ballot/", views.ballot, name="ballot"),
    path("votes/<id:vote_id>/proxy/", views.proxy, name="proxy"),
    path("votes/<id:vote_id>/paper/", views.paper, name="paper"),
    path("votes/<id:vote_id>/paper/<id:ballot_id>/verify/", views.verify, name="verify"),
    path("votes/<id:vote_id>/unreached/", views.unreached, name="unreached"),
    path("votes/<id:vote_id>/bundle/<id:topic_id>/", views.bundle, name="bundle"),
]

"""The expected status of every URL for every persona: GET on every URL, POST on the views
that change data (a refused POST must be 403 or 404 and change nothing)."""

from tests.authorization.expect import (
    COLLECTOR_NAMES,
    COLLECTORS,
    FILERS_FOR,
    FOLLOWERS,
    MEETING_CALLERS,
    NOTICE_POST,
    NOTICE_READERS,
    OFFICE,
    ORGANISERS,
    PUBLISHERS,
    RAISERS,
    REGISTRY_CSV,
    REQUEST_READERS,
    REVIEWERS,
    RULE_MAKERS,
    STAFF_ONLY,
    VOTERS,
    expect,
    scoped,
    signed_in,
)
from tests.authorization.rows_account import ACCOUNT_POSTS
from tests.authorization.rows_audit import AUDIT_GETS, AUDIT_POSTS
from tests.authorization.rows_campaigns import CAMPAIGN_GETS, CAMPAIGN_POSTS
from tests.authorization.rows_community_activities import ACTIVITY_GETS, ACTIVITY_POSTS
from tests.authorization.rows_community_facilities import FACILITIES_GETS, FACILITIES_POSTS
from tests.authorization.rows_community_roster import ROSTER_GETS, ROSTER_POSTS
from tests.authorization.rows_community_teams import TEAMS_GETS, TEAMS_POSTS
from tests.authorization.rows_dashboard import DASHBOARD_GETS
from tests.authorization.rows_fees import FEES_GETS, FEES_POSTS
from tests.authorization.rows_finance import FINANCE_GETS, FINANCE_POSTS
from tests.authorization.rows_mydata import MYDATA_GETS, MYDATA_POSTS

# name -> (URL kwargs from the world, expected GET status per persona)
GETS = {
    "site:home": (None, expect(200)),
    "site:coming_soon": (lambda w: {"feature": "report"}, expect(200)),
    "portal:large_text": (None, expect(405)),
    "portal:demo_login": (None, expect(405)),
    "portal:password_reset_phone": (None, expect(200)),
    "portal:password_reset_phone_confirm": (None, expect(302)),  # nothing pending
    "healthz": (None, expect(200)),
    "set_language": (None, expect(302)),
    "compounds:switch": (None, expect(405)),
    "notifications:inbox": (None, signed_in(200)),
    "requests:mine": (None, signed_in(200)),
    "requests:help_orders": (None, signed_in(200)),
    "requests:bulk_dispatch": (None, expect(405)),
    # A community's volunteers and hours: its own people (another compound's owner: 404).
    "requests:hours_ranking": (lambda w: {"community_id": w.compound.community_id}, scoped(200)),
    "requests:record_hours": (lambda w: {"request_id": w.request.pk}, expect(405)),
    # The 已解决 board is public like the other boards: no personal data on it.
    "requests:resolved": (lambda w: {"compound_id": w.compound.pk}, expect(200)),
    "requests:claim": (lambda w: {"request_id": w.help_order.pk}, expect(405)),
    "requests:follow": (lambda w: {"request_id": w.request.pk}, expect(405)),
    # The workbench: people who handle or dispatch requests; residents have none.
    "requests:queue": (None, expect(200, anonymous=302, resident=403, tenant=403, other_owner=403)),
    # Filing needs a verified home; staff without one are sent to join a home.
    "requests:new": (None, expect(200, anonymous=302, worker=302, street_staff=302)),
    # A repair in 18栋's common area: the reporter, the property company (its handler),
    # and those who dispatch there see it; other residents do not.
    "requests:detail": (lambda w: {"request_id": w.request.pk}, REQUEST_READERS),
    "requests:act": (lambda w: {"request_id": w.request.pk}, expect(405)),
    # Photos are served only to those who may see the request.
    "requests:photo": (
        lambda w: {"photo_id": w.request.photos.get().pk, "size": "thumb"},
        REQUEST_READERS,
    ),
    # Filing for a neighbour without a phone: role holders, committees and staff.
    "requests:file_for": (None, FILERS_FOR),
    # The compound's categories and time limits: its owners' committee.
    "requests:rules": (lambda w: {"compound_id": w.compound.pk}, RULE_MAKERS),
    # The street office's departments (街道吹哨): its staff only.
    "requests:departments": (
        lambda w: {"office_id": w.compound.community.street_office_id},
        OFFICE,
    ),
    # Deliberation: the compound's people read votes; the committee organises; owners (the
    # roll's voters) name proxies; collectors enter paper ballots and keep the visit list.
    "deliberation:index": (None, signed_in(302)),
    # The scan of a signed paper ballot: collectors only.
    "deliberation:file": (lambda w: {"kind": "ballot", "pk": w.paper.pk}, COLLECTORS),
    "deliberation:elections": (lambda w: {"compound_id": w.compound.pk}, scoped(200)),
    "deliberation:election": (lambda w: {"election_id": w.election.pk}, scoped(200)),
    "deliberation:election_act": (lambda w: {"election_id": w.election.pk}, expect(405)),
    # The suggestion box: the compound's people read public suggestions and answers.
    "deliberation:suggestions": (lambda w: {"compound_id": w.compound.pk}, scoped(200)),
    "deliberation:suggestion": (lambda w: {"suggestion_id": w.suggestion.pk}, scoped(200)),
    "deliberation:suggestion_act": (lambda w: {"suggestion_id": w.suggestion.pk}, expect(405)),
    # Leads raise proposals; other owners start petitions; tenants and staff do neither.
    "deliberation:proposal_new": (lambda w: {"compound_id": w.compound.pk}, RAISERS),
    "deliberation:proposal": (lambda w: {"proposal_id": w.proposal.pk}, scoped(200)),
    "deliberation:proposal_act": (lambda w: {"proposal_id": w.proposal.pk}, expect(405)),
    "deliberation:meeting_new": (lambda w: {"compound_id": w.compound.pk}, MEETING_CALLERS),
    "deliberation:meeting": (lambda w: {"meeting_id": w.meeting.pk}, scoped(200)),
    "deliberation:meeting_act": (lambda w: {"meeting_id": w.meeting.pk}, expect(405)),
    "deliberation:compound": (lambda w: {"compound_id": w.compound.pk}, scoped(200)),
    # The committee desk: the compound's bodies, and the staff over it (read only).
    "deliberation:desk": (
        lambda w: {"compound_id": w.compound.pk},
        scoped(403, committee_chair=200, party_secretary=200, supervisor=200, street_staff=200),
    ),
    "deliberation:vote_new": (lambda w: {"compound_id": w.compound.pk}, ORGANISERS),
    "deliberation:vote": (lambda w: {"vote_id": w.vote.pk}, scoped(200)),
    "deliberation:vote_publish": (lambda w: {"vote_id": w.vote.pk}, expect(405)),
    "deliberation:ballot": (lambda w: {"vote_id": w.vote.pk}, expect(405)),
    "deliberation:proxy": (lambda w: {"vote_id": w.vote.pk}, VOTERS),
    "deliberation:paper": (lambda w: {"vote_id": w.vote.pk}, COLLECTORS),
    "deliberation:verify": (lambda w: {"vote_id": w.vote.pk, "ballot_id": 1}, expect(405)),
    "deliberation:unreached": (lambda w: {"vote_id": w.vote.pk}, COLLECTORS),
    # Open votes have no bundle yet (404 for those who may download it once closed).
    "deliberation:bundle": (
        lambda w: {"vote_id": w.vote.pk, "topic_id": w.vote.topics.get().pk},
        scoped(404, tenant=403, worker=403),
    ),
    "announcements:list": (None, signed_in(200)),
    # Committee members and staff publish; the others have no place to publish to.
    "announcements:new": (None, expect(403, anonymous=302, **dict.fromkeys(PUBLISHERS, 200))),
    # A notice to 18栋: its residents and those who manage the compound read it.
    "announcements:detail": (lambda w: {"announcement_id": w.notice.pk}, NOTICE_READERS),
    "announcements:attachment": (lambda w: {"attachment_id": w.attachment.pk}, NOTICE_READERS),
    "announcements:receipts": (
        lambda w: {"announcement_id": w.notice.pk},
        scoped(403, worker=404, **dict.fromkeys(PUBLISHERS, 200)),
    ),
    "notifications:badge": (None, expect(200)),
    "notifications:mark_all_read": (None, expect(405)),
    "notifications:preferences": (None, signed_in(200)),
    # Someone else's notification: it does not exist for you.
    "notifications:open": (lambda w: {"notification_id": w.notification.pk}, signed_in(404)),
    "notifications:mark_read": (lambda w: {"notification_id": w.notification.pk}, expect(405)),
    "compounds:detail": (lambda w: {"compound_id": w.compound.pk}, scoped(200)),
    # The boards are public by default: they go on the stairwell notice board.
    "compounds:bodies": (lambda w: {"compound_id": w.compound.pk}, expect(200)),
    "site:party_board": (lambda w: {"compound_id": w.compound.pk}, expect(200)),
    "compounds:commitment_add": (lambda w: {"compound_id": w.compound.pk}, expect(405)),
    "compounds:commitment_deed": (lambda w: {"commitment_id": w.commitment.pk}, expect(405)),
    "compounds:commitment_mark": (lambda w: {"commitment_id": w.commitment.pk}, expect(405)),
    "compounds:building_board": (lambda w: {"building_id": w.building.pk}, expect(200)),
    "compounds:building_poster": (lambda w: {"building_id": w.building.pk}, expect(200)),
    "compounds:my_homes": (None, signed_in(200)),
    "compounds:join_home": (None, signed_in(200)),
    "compounds:residency_evidence": (lambda w: {"residency_id": w.pending.pk}, REVIEWERS),
    "compounds:review_queue": (None, signed_in(200)),
    "compounds:residency_name_voter": (lambda w: {"residency_id": w.pending.pk}, expect(405)),
    "compounds:deployed_members": (
        lambda w: {"community_id": w.compound.community_id},
        signed_in(200),
    ),
    "compounds:deployed_member_confirm": (
        lambda w: {"community_id": w.compound.community_id, "role_id": w.deployed.pk},
        expect(405),
    ),
    "compounds:residency_verify": (lambda w: {"residency_id": w.pending.pk}, expect(405)),
    # Co-owners' namings of a voter waiting for a reviewer (法释〔2009〕7号 第九条).
    "compounds:voter_namings": (None, signed_in(200)),
    "compounds:voter_naming_verify": (lambda w: {"residency_id": w.pending.pk}, expect(405)),
    "compounds:residency_reject": (lambda w: {"residency_id": w.pending.pk}, expect(405)),
    "compounds:registry_upload": (lambda w: {"compound_id": w.compound.pk}, STAFF_ONLY),
    "compounds:registry_import": (lambda w: {"import_id": w.job.pk}, STAFF_ONLY),
    "compounds:registry_import_run": (lambda w: {"import_id": w.job.pk}, expect(405)),
    "compounds:registry_export": (lambda w: {"compound_id": w.compound.pk}, STAFF_ONLY),
    "compounds:registry_export_start": (lambda w: {"compound_id": w.compound.pk}, expect(405)),
    # A background export: only the person who asked for it sees it and fetches its file.
    "compounds:registry_export_job": (
        lambda w: {"export_id": w.export.pk},
        expect(404, anonymous=302, street_staff=200),
    ),
    "compounds:registry_export_file": (
        lambda w: {"export_id": w.export.pk},
        expect(404, anonymous=302, street_staff=200),
    ),
    # allauth: entrance pages send signed-in people home; account pages need a sign-in.
    "account_login": (None, expect(302, anonymous=200)),
    "account_signup": (None, expect(302, anonymous=200)),
    "account_request_login_code": (None, expect(302, anonymous=200)),
    "account_logout": (None, signed_in(200)),
    "account_inactive": (None, expect(200)),
    "account_reauthenticate": (None, signed_in(200)),
    "account_email": (None, signed_in(200)),
    "account_email_verification_sent": (None, expect(200)),
    "account_change_password": (None, signed_in(200)),
    "account_set_password": (None, signed_in(302)),  # they have a password: go change it
    "account_change_phone": (None, signed_in(200)),
    "account_reset_password": (None, expect(200)),
    "account_reset_password_done": (None, expect(200)),
    "account_reset_password_from_key_done": (None, expect(200)),
    "account_confirm_login_code": (None, expect(302)),  # no code pending
    "account_verify_phone": (None, expect(302)),  # no verification pending
    "account_confirm_email": (lambda w: {"key": "not-a-key"}, expect(200)),
    "account_reset_password_from_key": (lambda w: {"uidb36": "1", "key": "bad"}, expect(200)),
}
GETS |= FINANCE_GETS
GETS |= CAMPAIGN_GETS
GETS |= FEES_GETS
GETS |= DASHBOARD_GETS
GETS |= AUDIT_GETS
GETS |= TEAMS_GETS
GETS |= ACTIVITY_GETS
GETS |= ROSTER_GETS
GETS |= MYDATA_GETS
GETS |= FACILITIES_GETS
# The admin has no sign-in page of its own (issue 16): signed out, the portal's sign-in;
# signed in without being site staff, refused.
ADMIN_LOGIN_PAGE = signed_in(403)
ADMIN_ELSEWHERE = expect(302)  # nobody among the personas is site staff


# Changes, tried with POST: (name, kwargs, data, expected) - forbidden ones must be 403/404.
POSTS = {
    # Seen but not theirs to decide: 403; the other compound does not see it: 404.
    "compounds:residency_verify": (
        lambda w: {"residency_id": w.pending.pk},
        {},
        scoped(403, committee_chair=302),
    ),
    # Putting a naming in force: those who verify homes (nothing waits on this home: the
    # chair is told so and nothing changes); anyone else who sees the home is refused.
    "compounds:voter_naming_verify": (
        lambda w: {"residency_id": w.pending.pk},
        {},
        scoped(403, committee_chair=302),
    ),
    "compounds:residency_reject": (
        lambda w: {"residency_id": w.pending.pk},
        {"reason": "x"},
        scoped(403, committee_chair=302),
    ),
    # Party members: the branch secretary, the chair and the volunteer (flagged members).
    "compounds:commitment_add": (
        lambda w: {"compound_id": w.compound.pk},
        {"text": "承诺"},
        scoped(403, party_secretary=302, volunteer=302, committee_chair=302),
    ),
    # Only the member who made the commitment records its deeds.
    "compounds:commitment_deed": (
        lambda w: {"commitment_id": w.commitment.pk},
        {"deed": "做了"},
        expect(403, anonymous=302, party_secretary=302),
    ),
    "compounds:commitment_mark": (
        lambda w: {"commitment_id": w.commitment.pk},
        {"fulfilled": "1"},
        # Residents mark; the secretary made this commitment and does not mark her own.
        expect(302, party_secretary=403, worker=403, street_staff=403, other_owner=403),
    ),
    "compounds:registry_import_run": (
        lambda w: {"import_id": w.job.pk},
        {},
        STAFF_ONLY | {"street_staff": 302},
    ),
    "compounds:switch": (None, {"compound": "0"}, expect(404, anonymous=302)),
    "notifications:mark_read": (
        lambda w: {"notification_id": w.notification.pk},
        {},
        signed_in(404),
    ),
    # Naming the voter of someone else's home: nobody here lives there.
    "compounds:residency_name_voter": (
        lambda w: {"residency_id": w.pending.pk},
        {},
        expect(404, anonymous=302),
    ),
    "compounds:deployed_member_confirm": (
        lambda w: {"community_id": w.compound.community_id, "role_id": w.deployed.pk},
        {},
        expect(403, anonymous=302, street_staff=302, other_owner=404),
    ),
    # Anyone signed in may report in as a deployed member: it waits for confirmation.
    "compounds:deployed_members": (
        lambda w: {"community_id": w.compound.community_id},
        {"employer": "市住建局"},
        signed_in(302),
    ),
    # No building chosen: the form comes back; nothing is written.
    "compounds:join_home": (None, {"relation": "owner"}, signed_in(200)),
    "compounds:registry_export_start": (
        lambda w: {"compound_id": w.compound.pk},
        {},
        STAFF_ONLY | {"street_staff": 302},
    ),
    "compounds:registry_upload": (
        lambda w: {"compound_id": w.compound.pk},
        {"file": REGISTRY_CSV},
        STAFF_ONLY | {"street_staff": 302},
    ),
    "announcements:new": (
        None,
        NOTICE_POST,
        expect(403, anonymous=302, **dict.fromkeys(PUBLISHERS, 302)),
    ),
    "notifications:mark_all_read": (None, {}, signed_in(302)),
    # Incomplete forms come back (200) to those who may; nothing is written.
    "deliberation:vote_new": (lambda w: {"compound_id": w.compound.pk}, {"title": ""}, ORGANISERS),
    "deliberation:vote_publish": (
        lambda w: {"vote_id": w.vote.pk},
        {},
        scoped(403, committee_chair=302),
    ),
    # An empty ballot: voters are told to answer every topic (302); people who do not vote
    # here are refused (403), and outsiders do not see the vote (404).
    "deliberation:ballot": (
        lambda w: {"vote_id": w.vote.pk},
        {},
        scoped(302, tenant=403, worker=403, street_staff=403),
    ),
    # Opening an election: the committee; closing nominations: the committee.
    "deliberation:elections": (
        lambda w: {"compound_id": w.compound.pk},
        {"seats": "4"},
        scoped(403, committee_chair=200),
    ),
    "deliberation:election_act": (
        lambda w: {"election_id": w.election.pk},
        {"op": "start_vote", "method": "网上投票"},
        scoped(403, committee_chair=302),
    ),
    # Residents write suggestions (staff and property people get the form back: no box).
    "deliberation:suggestions": (
        lambda w: {"compound_id": w.compound.pk},
        {"text": ""},
        scoped(200),
    ),
    # Answering: the leads; anyone else who reads it is refused.
    "deliberation:suggestion_act": (
        lambda w: {"suggestion_id": w.suggestion.pk},
        {"op": "answer", "answer": "已收到"},
        scoped(403, committee_chair=302, party_secretary=302),
    ),
    "deliberation:proposal_new": (lambda w: {"compound_id": w.compound.pk}, {"title": ""}, RAISERS),
    # Opening the consultation: the leads only.
    "deliberation:proposal_act": (
        lambda w: {"proposal_id": w.proposal.pk},
        {"op": "consult"},
        scoped(403, committee_chair=302, party_secretary=302),
    ),
    "deliberation:meeting_new": (
        lambda w: {"compound_id": w.compound.pk},
        {"title": ""},
        MEETING_CALLERS,
    ),
    # Anyone of the compound signs in on the day.
    "deliberation:meeting_act": (
        lambda w: {"meeting_id": w.meeting.pk},
        {"op": "sign_in"},
        scoped(302),
    ),
    "deliberation:proxy": (lambda w: {"vote_id": w.vote.pk}, {}, VOTERS),
    "deliberation:paper": (lambda w: {"vote_id": w.vote.pk}, {}, COLLECTORS),
    "deliberation:verify": (
        lambda w: {"vote_id": w.vote.pk, "ballot_id": 999999},
        {},
        scoped(403, **dict.fromkeys(COLLECTOR_NAMES, 404)),
    ),
    "deliberation:unreached": (
        lambda w: {"vote_id": w.vote.pk},
        {},
        scoped(403, **dict.fromkeys(COLLECTOR_NAMES, 302)),
    ),
    "portal:large_text": (None, {"enabled": "1"}, expect(302)),
    # Incomplete: the form comes back to residents; staff without a home are sent to join.
    "requests:new": (
        None,
        {"description": "灯坏了"},
        expect(200, anonymous=302, worker=302, street_staff=302),
    ),
    # Accepting a request: its handler's team and its dispatchers (not the supervisory
    # committee, which supervises); the reporter and neighbours may not.
    "requests:act": (
        lambda w: {"request_id": w.request.pk},
        {"action": "accept"},
        scoped(302, resident=403, tenant=403, volunteer=403, supervisor=403),
    ),
    # Incomplete: the form comes back to those who may file for a neighbour.
    "requests:file_for": (None, {"resident_name": "王奶奶"}, FILERS_FOR),
    "requests:rules": (
        lambda w: {"compound_id": w.compound.pk},
        {"customise": "1"},
        scoped(403, committee_chair=302),
    ),
    "requests:departments": (
        lambda w: {"office_id": w.compound.community.street_office_id},
        {"register": "1", "name": "城管执法队", "kind": "government"},
        expect(404, anonymous=302, street_staff=302),
    ),
    # A help order: the volunteer takes it; the others who see it may not (403).
    "requests:claim": (
        lambda w: {"request_id": w.help_order.pk},
        {},
        scoped(403, volunteer=302),
    ),
    "requests:follow": (lambda w: {"request_id": w.request.pk}, {}, FOLLOWERS),
    # Bulk dispatch of the 18栋 repair to the property worker: its dispatchers and its team;
    # a volunteer or the supervisory committee has a workbench but nothing of this to
    # dispatch (403), residents have no workbench (403), the other compound nothing (403).
    "requests:bulk_dispatch": (
        None,
        {"request": lambda w: w.request.pk, "assignee": lambda w: w.worker.pk},
        expect(
            302,
            resident=403,
            tenant=403,
            supervisor=403,
            volunteer=403,
            other_owner=403,
        ),
    ),
    # A repair has no service hours: refused to those who see it; others get 404.
    "requests:record_hours": (lambda w: {"request_id": w.request.pk}, {"hours": "2"}, scoped(403)),
}
POSTS |= FINANCE_POSTS
POSTS |= CAMPAIGN_POSTS
POSTS |= FEES_POSTS
POSTS |= AUDIT_POSTS
POSTS |= TEAMS_POSTS
POSTS |= ACTIVITY_POSTS
POSTS |= ROSTER_POSTS
POSTS |= MYDATA_POSTS
POSTS |= FACILITIES_POSTS
POSTS |= ACCOUNT_POSTS

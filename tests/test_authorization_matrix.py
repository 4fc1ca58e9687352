"""Every URL of the project, with every demo persona: the expected outcome.

Adding a URL without a row here fails `test_every_url_has_a_row`, so each later issue
extends this table. GET is tried on every URL (POST-only views answer 405); the views
that change data are also tried with POST in `POSTS`.
"""

import re
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from compounds.models import RegistryImport
from tests import factories as f
from tests.compounds.test_services import photo

PERSONAS = [
    "anonymous",
    "resident",
    "tenant",
    "building_head",
    "committee_chair",
    "party_secretary",
    "supervisor",
    "worker",
    "street_staff",
    "volunteer",
    "other_owner",
]
SIGNED_IN = PERSONAS[1:]
IN_COMPOUND = [p for p in SIGNED_IN if p != "other_owner"]


def expect(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PERSONAS, default)
    for persona, status in overrides.items():
        table[persona] = status
    return table


def signed_in(status: int) -> dict[str, int]:
    """Anonymous visitors are sent to sign in; everyone signed in gets `status`."""
    return expect(status, anonymous=302)


def scoped(inside: int, outside: int = 404, **overrides: int) -> dict[str, int]:
    """Sign-in required; people of the compound get `inside`, the other compound `outside`."""
    return expect(inside, anonymous=302, other_owner=outside, **overrides)


STAFF_ONLY = scoped(403, street_staff=200)
PUBLISHERS = ["committee_chair", "party_secretary", "supervisor", "street_staff"]


class _Upload:
    """A fresh upload for each POST (a file object is consumed when sent)."""

    def __init__(self, name: str, content: bytes):
        self.name, self.content = name, content


REGISTRY_CSV = _Upload("r.csv", "楼栋,门牌号,面积,面积来源\n18栋,909,88.00,实测\n".encode())
NOTICE_POST = {"title": "停水通知", "body": "明天停水", "place": "compound:{compound}"}
NOTICE_READERS = scoped(200, worker=404)
# A repair in 18栋's common area: people with a part in it, and the compound's residents
# (who may follow it: 我也遇到了); the other compound does not see it.
REQUEST_READERS = scoped(200)
FOLLOWERS = scoped(302, resident=404, worker=404, street_staff=404)
REVIEWERS = expect(404, anonymous=302, committee_chair=200)
FILERS_FOR = expect(
    403,
    anonymous=302,
    **dict.fromkeys(
        ["building_head", "committee_chair", "party_secretary", "supervisor", "worker"], 200
    ),
    street_staff=200,
)
OFFICE = expect(403, anonymous=302, street_staff=200)
RULE_MAKERS = scoped(403, committee_chair=200)
ORGANISERS = scoped(403, committee_chair=200)
RAISERS = scoped(200, tenant=403, worker=403, street_staff=403)
MEETING_CALLERS = scoped(
    403, committee_chair=200, party_secretary=200, building_head=200, street_staff=200
)
OWNER_NAMES = ["resident", "building_head", "committee_chair", "party_secretary", "supervisor"]
VOTERS = scoped(403, **dict.fromkeys([*OWNER_NAMES, "volunteer"], 200))
COLLECTOR_NAMES = ["building_head", "committee_chair", "party_secretary", "supervisor", "volunteer"]
COLLECTORS = scoped(403, **dict.fromkeys(COLLECTOR_NAMES, 200))


@dataclass
class World:
    compound: object
    building: object
    pending: object
    commitment: object
    job: object
    notification: object
    notice: object
    attachment: object
    request: object
    deployed: object
    vote: object
    proposal: object
    meeting: object
    suggestion: object
    election: object
    paper: object


def deliberation_cast(vote, collector, owner):
    """A paper ballot for the owner's home, entered by a collector (awaiting verification)."""
    from deliberation import services

    return services.ballot_cast(
        vote_id=vote.pk,
        unit_id=owner.residencies.get().unit_id,
        by=collector,
        choices={vote.topics.get().pk: "for"},
        channel="paper",
        scan=SimpleUploadedFile("票.pdf", b"%PDF-1.4 ballot", content_type="application/pdf"),
    )


def _open_vote(place, organiser):
    """An owners' vote of the compound, noticed and open now (the notice period is moved
    into the past directly: the legal dates are tested in tests/deliberation)."""
    from datetime import timedelta

    from django.utils import timezone

    from deliberation import services
    from deliberation.models import OwnersVote

    vote = services.vote_create(
        by=organiser,
        compound=place.compound,
        title="更换电梯",
        method="网上投票",
        topics=[{"title": "同意更换电梯", "matter_item": 5}],
    )
    opens = timezone.now() + timedelta(days=16)
    services.vote_publish_notice(
        vote_id=vote.pk, by=organiser, opens_at=opens, closes_at=opens + timedelta(days=7)
    )
    OwnersVote.objects.filter(pk=vote.pk).update(opens_at=timezone.now() - timedelta(days=1))
    return OwnersVote.objects.get(pk=vote.pk)


@pytest.fixture
def world(
    place,
    resident,
    tenant,
    building_head,
    committee_chair,
    party_secretary,
    supervisor,
    worker,
    street_staff,
    volunteer,
    other_owner,
) -> World:
    from compounds import services

    pending = services.residency_request(
        user=f.UserFactory(),
        unit=f.UnitFactory(building=place.building),
        relation="owner",
        evidence=photo(),
    )
    commitment = f.CommitmentFactory(compound=place.compound, member=party_secretary)
    job = RegistryImport(compound=place.compound, original_name="r.csv", uploaded_by=street_staff)
    job.file.save("r.csv", ContentFile("楼栋,门牌号,面积,面积来源\n".encode()), save=False)
    job.save()
    from portal.notifications.services import notify

    (notification,) = notify(
        recipients=[pending.user], event="announcement.published", params={"title": "停水通知"}
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    from compounds.announcements.services import announcement_publish

    notice = announcement_publish(
        publisher=party_secretary,
        title="停水通知",
        body="明天停水",
        compound=place.compound,
        buildings=[place.building],
        files=[SimpleUploadedFile("通知.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")],
    )
    from requests.models import Category
    from requests.services import request_file

    repair = request_file(
        reporter=resident,
        compound=place.compound,
        building=place.building,
        category=Category.objects.get(compound=None, code="lighting"),
        description="楼梯口灯坏了，能派人来修吗？",
        photos=[photo()],
    )
    from compounds.services import deployed_member_register

    vote = _open_vote(place, committee_chair)
    (paper, *_rest) = deliberation_cast(vote, building_head, resident)
    from deliberation import services as deliberation

    proposal = deliberation.proposal_raise(
        by=committee_chair, compound=place.compound, title="下水道盖板整修", background="松动"
    )
    from django.utils import timezone

    meeting = deliberation.meeting_create(
        by=committee_chair,
        compound=place.compound,
        kind="joint",
        title="联席会议",
        held_at=timezone.now(),
        agenda="盖板",
    )
    suggestion = deliberation.suggestion_submit(
        by=resident, compound=place.compound, text="建议加装路灯"
    )
    from datetime import timedelta

    term_start = timezone.localdate() + timedelta(days=90)
    election = deliberation.election_open(
        by=committee_chair,
        compound=place.compound,
        seats=5,
        term_start=term_start,
        term_end=term_start + timedelta(days=1500),
    )
    return World(
        place.compound,
        place.building,
        pending,
        commitment,
        job,
        notification,
        notice,
        notice.attachments.get(),
        repair,
        deployed_member_register(
            user=f.UserFactory(), community=place.compound.community, employer="市住建局"
        ),
        vote,
        proposal,
        meeting,
        suggestion,
        election,
        paper,
    )


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
    "requests:hours_ranking": (lambda w: {"community_id": w.compound.community_id}, signed_in(200)),
    "requests:record_hours": (lambda w: {"request_id": w.request.pk}, expect(405)),
    # The 已解决 board is public like the other boards: no personal data on it.
    "requests:resolved": (lambda w: {"compound_id": w.compound.pk}, expect(200)),
    "requests:claim": (lambda w: {"request_id": w.request.pk}, expect(405)),
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
    "compounds:residency_reject": (lambda w: {"residency_id": w.pending.pk}, expect(405)),
    "compounds:registry_upload": (lambda w: {"compound_id": w.compound.pk}, STAFF_ONLY),
    "compounds:registry_import": (lambda w: {"import_id": w.job.pk}, STAFF_ONLY),
    "compounds:registry_import_run": (lambda w: {"import_id": w.job.pk}, expect(405)),
    "compounds:registry_export": (lambda w: {"compound_id": w.compound.pk}, STAFF_ONLY),
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
ADMIN_LOGIN_PAGE = expect(200)  # the admin's own sign-in page, which explains itself
ADMIN_ELSEWHERE = expect(302)  # nobody among the personas is site staff


# Changes, tried with POST: (name, kwargs, data, expected) - forbidden ones must be 403/404.
POSTS = {
    # Seen but not theirs to decide: 403; the other compound does not see it: 404.
    "compounds:residency_verify": (
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
        expect(302, worker=403, street_staff=403, other_owner=403),
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
        expect(403, anonymous=302, street_staff=302),
    ),
    # Anyone signed in may report in as a deployed member: it waits for confirmation.
    "compounds:deployed_members": (
        lambda w: {"community_id": w.compound.community_id},
        {"employer": "市住建局"},
        signed_in(302),
    ),
    # No building chosen: the form comes back; nothing is written.
    "compounds:join_home": (None, {"relation": "owner"}, signed_in(200)),
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
    "deliberation:ballot": (lambda w: {"vote_id": w.vote.pk}, {}, scoped(302)),
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
        expect(403, anonymous=302, street_staff=302),
    ),
    # A repair is not a help order: nobody can claim it; each is told so.
    "requests:claim": (lambda w: {"request_id": w.request.pk}, {}, signed_in(302)),
    "requests:follow": (lambda w: {"request_id": w.request.pk}, {}, FOLLOWERS),
    # Bulk dispatch goes through the workflow request by request; refusals are counted.
    "requests:bulk_dispatch": (None, {"request": "1", "assignee": "1"}, signed_in(302)),
    # A repair has no service hours: those who see it are told so; others get 404.
    "requests:record_hours": (lambda w: {"request_id": w.request.pk}, {"hours": "2"}, scoped(302)),
}


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern)


def all_urls():
    return list(walk(get_resolver().url_patterns))


def admin_path(route: str) -> str:
    """A concrete path for an admin route: placeholders become 1."""
    path = re.sub(r"<[^>]+>", "1", route).replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<url>\.\*\)", "nothing-here/", path)
    return "/" + re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)


def test_every_url_has_a_row():
    missing = [
        (name, route)
        for name, route in all_urls()
        if not route.startswith("admin/") and name not in GETS
    ]
    assert not missing, f"add rows to GETS for: {missing}"
    assert set(POSTS) <= set(GETS)


def _client_for(client, request, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_get_matrix(client, request, world, persona):
    from django.urls import reverse

    _client_for(client, request, persona)
    wrong = []
    for name, (kwargs, expected) in GETS.items():
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        status = client.get(url).status_code
        if status != expected[persona]:
            wrong.append(f"{name} {url}: got {status}, expected {expected[persona]}")
    for name, route in all_urls():
        if not route.startswith("admin/"):
            continue
        expected = ADMIN_LOGIN_PAGE if name == "admin:login" else ADMIN_ELSEWHERE
        status = client.get(admin_path(route)).status_code
        if status != expected[persona]:
            wrong.append(f"{name or route}: got {status}, expected {expected[persona]}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("persona", PERSONAS)
def test_post_matrix(client, request, world, persona):
    from django.urls import reverse

    _client_for(client, request, persona)
    wrong = []
    for name, (kwargs, data, expected) in POSTS.items():
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        status = client.post(url, _materialise(data, world)).status_code
        if status != expected[persona]:
            wrong.append(f"POST {name}: got {status}, expected {expected[persona]}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


def _materialise(data: dict, world) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    out = {}
    for key, value in data.items():
        if isinstance(value, _Upload):
            value = SimpleUploadedFile(value.name, value.content)
        elif isinstance(value, str):
            value = value.replace("{compound}", str(world.compound.pk))
        out[key] = value
    return out


def test_an_id_from_another_compound_reveals_nothing(client, world, other_owner):
    """Guessing ids: a resident of another compound gets 404, the same as for no object."""
    from django.urls import reverse

    client.force_login(other_owner)
    for url in [
        reverse("compounds:detail", args=[world.compound.pk]),
        reverse("compounds:detail", args=[999999]),
        reverse("compounds:registry_upload", args=[world.compound.pk]),
        reverse("compounds:residency_evidence", args=[world.pending.pk]),
    ]:
        assert client.get(url).status_code == 404, url

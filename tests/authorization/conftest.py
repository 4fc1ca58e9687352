"""One object of every kind the URLs take, in one compound, for the matrix to try."""

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils.timezone import now

from compounds.models import RegistryExport, RegistryImport
from compounds.standing import clear_standing_cache
from tests import factories as f
from tests.authorization.rows_campaigns import campaign_world
from tests.authorization.rows_community_facilities import facilities_world
from tests.authorization.rows_community_roster import roster_world
from tests.compounds.test_services import photo
from tests.helpers import PDF


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
    help_order: object
    deployed: object
    vote: object
    proposal: object
    meeting: object
    suggestion: object
    election: object
    paper: object
    worker: object
    export: object
    account: object
    posted: object
    waiting: object
    receipt: object
    covered: object
    published: object
    drafted: object
    question: object
    campaign: object = None
    facilities: dict | None = None
    roster: object = None


def deliberation_cast(vote, collector, owner):
    """A paper ballot for the owner's home, entered by a collector (awaiting verification)."""
    from deliberation import services

    return services.ballot_cast(
        vote_id=vote.pk,
        unit_id=owner.residencies.get().unit_id,
        by=collector,
        choices={vote.topics.get().pk: "for"},
        channel="paper",
        scan=SimpleUploadedFile("票.pdf", PDF, content_type="application/pdf"),
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
    people = SimpleNamespace(
        resident=resident,
        building_head=building_head,
        committee_chair=committee_chair,
        party_secretary=party_secretary,
        supervisor=supervisor,
        worker=worker,
        street_staff=street_staff,
        volunteer=volunteer,
    )
    return make_world(place, people)


def make_world(place, people) -> World:
    """One object of every kind in `place`'s compound, made by its `people` (the personas
    of tests/conftest.py, or those of another compound: tests/authorization/sides.py)."""
    resident, building_head = people.resident, people.building_head
    committee_chair, party_secretary = people.committee_chair, people.party_secretary
    supervisor, worker, street_staff = people.supervisor, people.worker, people.street_staff
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
    export = RegistryExport(
        compound=place.compound, requested_by=street_staff, status="done", finished_at=now()
    )
    export.file.save("e.xlsx", ContentFile(b"PK"), save=False)
    export.save()
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
        files=[SimpleUploadedFile("通知.pdf", PDF, content_type="application/pdf")],
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
    help_order = request_file(
        reporter=resident,
        compound=place.compound,
        building=place.building,
        kind="help",
        category=Category.objects.get(compound=None, code="other"),
        description="想请人帮忙去药店买降压药",
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
    account, posted, waiting = finance_world(place, committee_chair, party_secretary, supervisor)
    published, drafted = disclosure_world(account, party_secretary, supervisor)
    from finance.services import question_ask

    question = question_ask(disclosure=published, asker=resident, text="停车收入为何减少？")
    made = World(
        place.compound,
        place.building,
        pending,
        commitment,
        job,
        notification,
        notice,
        notice.attachments.get(),
        repair,
        help_order,
        deployed_member_register(
            user=f.UserFactory(), community=place.compound.community, employer="市住建局"
        ),
        vote,
        proposal,
        meeting,
        suggestion,
        election,
        paper,
        worker,
        export,
        account,
        posted,
        waiting,
        waiting.receipts.get(),
        posted.receipts.get(),
        published,
        drafted,
        question,
    )
    made.campaign = campaign_world(place, committee_chair, party_secretary)
    made.facilities = facilities_world(place, committee_chair, party_secretary)
    made.roster = roster_world(place, party_secretary, people.volunteer)
    return made


def disclosure_world(account, party_secretary, supervisor):
    """Last year's statements of the account: one published, one drafted."""
    from datetime import date

    from django.utils import timezone

    from finance import services as finance
    from finance.models import Disclosure

    year = timezone.localdate().year - 1
    published = Disclosure.objects.create(
        account=account, period_start=date(year, 1, 1), period_end=date(year, 3, 31)
    )
    finance.disclosure_approve(disclosure=published, actor=supervisor)
    published = finance.disclosure_publish(disclosure=published, actor=party_secretary)
    drafted = Disclosure.objects.create(
        account=account, period_start=date(year, 4, 1), period_end=date(year, 6, 30)
    )
    return published, drafted


def finance_world(place, committee_chair, party_secretary, supervisor):
    """An account kept by the party secretary, with a posted income whose receipt is
    covered and an expense waiting for the supervisory committee."""
    from decimal import Decimal

    from django.utils import timezone

    from finance import services as finance
    from finance import workflow as ledger

    account = finance.open_account(
        compound=place.compound,
        actor=committee_chair,
        kind="common_income",
        name="公共收益",
        opening_balance=Decimal("1000.00"),
    )
    finance.appoint_keeper(account=account, actor=committee_chair, holder=party_secretary)

    def entry(direction, category, amount):
        fields = {
            "direction": direction,
            "occurred_on": timezone.localdate(),
            "amount": Decimal(amount),
            "category": category,
            "counterparty": "停车场",
            "description": "",
            "mandate": None,
        }
        made = finance.record_entry(
            account=account, actor=party_secretary, fields=fields, receipts=[photo()]
        )
        ledger.perform(made.pk, "submit", actor=party_secretary)
        return made

    posted = entry("income", "parking", "300.00")
    finance.cover_receipt(receipt=posted.receipts.get(), actor=supervisor, boxes=[])
    ledger.perform(posted.pk, "approve", actor=supervisor)
    waiting = entry("expense", "cleaning", "120.00")
    return account, posted, waiting


@pytest.fixture(scope="module")
def sides(django_db_setup, django_db_blocker):
    """The two compounds of the IDOR probe (tests/authorization/sides.py) and the staff of
    A's neighbouring community: made once per module, rolled back at its end."""
    from compounds.services import ensure_default_kinds
    from requests.defaults import ensure_default_categories
    from tests.authorization.sides import build_side, neighbour

    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            clear_standing_cache()  # a user id of an earlier test comes back (SQLite)
            ensure_default_kinds()
            ensure_default_categories()
            a = build_side("翡翠谷小区", "138")
            b = build_side("黄荆岭小区", "137", "（乙）")
            c = neighbour(a)
            yield SimpleNamespace(a=a, b=b, c=c.compound, neighbour=c.staff)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            clear_standing_cache()

"""The notice of an owners' vote (issue 11, items 3, 4 and 8): fifteen whole calendar days
in Asia/Shanghai before voting opens (物业管理条例 第十四条; 民法典 第二百零一条: the day of
the notice is not counted), the notice and the result delivered to the community's staff
too (条例 第十四条第二款、第二十条), and every topic a matter of 第278条 (1)–(9)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from compounds.announcements.models import Receipt
from deliberation import services
from deliberation.models import MatterItem, OwnersVote, VoteTopic
from deliberation.services.votes import earliest_opening
from deliberation.vote_forms import VoteCreateForm
from portal.notifications.models import Notification
from tests import factories as f
from tests.deliberation.test_votes import cast, draft, open_vote

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize("hour", ["00:01", "15:00", "23:59"])
def test_a_notice_on_15_september_lets_voting_open_on_1_october_at_the_earliest(hour):
    # D = 09-15; the fifteen whole days 09-16 … 09-30 lie between; D+16 = 10-01 00:00.
    assert earliest_opening(at(f"2026-09-15 {hour}")) == at("2026-10-01 00:00")


@pytest.mark.parametrize("hour", ["00:00", "12:00", "23:59"])
def test_the_service_refuses_30_september_at_any_hour_and_accepts_1_october(
    place, committee_chair, hour
):
    vote = draft(place, committee_chair)
    with time_machine.travel(at("2026-09-15 15:00"), tick=False):
        with pytest.raises(ValidationError, match="2026-10-01"):
            services.vote_publish_notice(
                vote_id=vote.pk,
                by=committee_chair,
                opens_at=at(f"2026-09-30 {hour}"),
                closes_at=at("2026-10-10 00:00"),
            )
        assert OwnersVote.objects.get(pk=vote.pk).state == "draft"
        services.vote_publish_notice(
            vote_id=vote.pk,
            by=committee_chair,
            opens_at=at("2026-10-01 00:00"),
            closes_at=at("2026-10-10 00:00"),
        )
    assert OwnersVote.objects.get(pk=vote.pk).state == "noticed"


@pytest.mark.parametrize("hour", ["00:01", "23:59"])
def test_a_notice_on_30_september_cannot_open_voting_before_16_october(
    place, committee_chair, hour
):
    vote = draft(place, committee_chair)
    with time_machine.travel(at(f"2026-09-30 {hour}"), tick=False):
        with pytest.raises(ValidationError):
            services.vote_publish_notice(
                vote_id=vote.pk,
                by=committee_chair,
                opens_at=at("2026-10-15 23:59"),  # only fourteen whole days between
                closes_at=at("2026-10-25 00:00"),
            )
        assert earliest_opening(at(f"2026-09-30 {hour}")) == at("2026-10-16 00:00")


def test_the_notice_form_shows_and_offers_the_earliest_opening(client, place, committee_chair):
    vote = draft(place, committee_chair)
    client.force_login(committee_chair)
    with time_machine.travel(at("2026-09-15 15:00"), tick=False):
        page = client.get(reverse("deliberation:vote", args=[vote.pk])).content.decode()
    assert "2026-10-01" in page and 'value="2026-10-01T00:00"' in page
    assert "第十四条" in page and "第二十三条" not in page


def test_the_notice_and_the_result_reach_the_community_staff_with_receipts(
    place, committee_chair, resident, community_staff, clock
):
    vote = open_vote(place, committee_chair, clock)
    receipt = Receipt.objects.get(announcement=vote.notice, user=community_staff)
    assert receipt.delivered_at is not None and receipt.read_at is None
    cast(vote, resident, "for")
    clock.move_to(vote.closes_at)
    services.close_due()
    vote.refresh_from_db()
    assert Receipt.objects.filter(announcement=vote.result_notice, user=community_staff).exists()
    told = Notification.objects.filter(recipient=community_staff, event="announcement.published")
    assert told.count() == 2
    # The staff read the notices like every addressee (a receipt makes them readers).
    staff = Client()
    staff.force_login(community_staff)
    for notice in (vote.notice, vote.result_notice):
        assert staff.get(reverse("announcements:detail", args=[notice.pk])).status_code == 200


def test_staff_who_live_in_the_compound_get_one_receipt(place, committee_chair, clock):
    staff = committee_chair  # the chair also works for the community
    f.RoleAssignmentFactory(user=staff, role="community_staff", community=place.compound.community)
    vote = open_vote(place, committee_chair, clock)
    assert Receipt.objects.filter(announcement=vote.notice, user=staff).count() == 1


def test_an_ordinary_affair_put_to_the_owners_is_their_item_nine_with_its_quorum(
    place, committee_chair, resident, clock
):
    vote = open_vote(place, committee_chair, clock, item=MatterItem.ORDINARY)
    topic = vote.topics.get()
    assert topic.matter_item == MatterItem.OTHER_MAJOR
    cast(vote, resident, "for")
    clock.move_to(vote.closes_at)
    services.close_due()
    topic.refresh_from_db()
    # By hand: 1 of 2 owners (the chair and the resident), 89.50 of 179.00 m²: below two
    # thirds, so not approved — as item 0 it would have passed with no quorum.
    assert topic.result["item"] == 9 and topic.result["quorum_met"] is False
    assert topic.result["approved"] is False


def test_the_vote_form_offers_only_the_nine_matters_and_a_draft_with_item_0_is_refused(
    place, committee_chair
):
    form = VoteCreateForm(
        {"title": "门禁", "method": "网上", "topic_1": "更换门禁", "item_1": "0"},
        compound=place.compound,
    )
    assert not form.is_valid() and "item_1" in form.errors
    vote = draft(place, committee_chair)
    VoteTopic.objects.filter(vote=vote).update(matter_item=0)  # a draft from before
    opens = earliest_opening(datetime.now(SHANGHAI))
    with pytest.raises(ValidationError, match="278|二百七十八"):
        services.vote_publish_notice(
            vote_id=vote.pk, by=committee_chair, opens_at=opens, closes_at=opens + timedelta(7)
        )

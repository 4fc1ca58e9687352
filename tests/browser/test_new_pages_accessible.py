"""The pages added for requests and deliberation pass axe (no serious or critical issue)
at phone size, in Chinese."""

from datetime import timedelta

import pytest
from django.utils import timezone

from deliberation import services
from tests.browser.test_compounds_journeys import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_and_committee_pages_are_accessible(
    page, place, committee_chair, street_staff, building_head, assert_accessible
):
    proposal = services.proposal_raise(
        by=committee_chair, compound=place.compound, title="下水道盖板整修", background="松动"
    )
    meeting = services.meeting_create(
        by=committee_chair,
        compound=place.compound,
        kind="roundtable",
        title="18栋圆桌会",
        held_at=timezone.now(),
        agenda="楼道清理",
        proposals=[proposal],
    )
    start = timezone.localdate() + timedelta(days=60)
    election = services.election_open(
        by=committee_chair,
        compound=place.compound,
        seats=5,
        term_start=start,
        term_end=start + timedelta(days=1500),
    )
    _sign_in(page, committee_chair)
    for url in [
        f"/deliberation/compound/{place.compound.pk}/",
        f"/deliberation/proposals/{proposal.pk}/",
        f"/deliberation/meetings/{meeting.pk}/",
        f"/deliberation/elections/{election.pk}/",
        f"/deliberation/compound/{place.compound.pk}/suggestions/",
        f"/deliberation/compound/{place.compound.pk}/votes/new/",
        f"/requests/rules/{place.compound.pk}/",
        "/requests/new/for-neighbour/",
    ]:
        page.goto(url)
        assert_accessible(page)
    page.context.clear_cookies()
    _sign_in(page, street_staff)
    page.goto(f"/requests/street/{place.compound.community.street_office_id}/departments/")
    assert_accessible(page)

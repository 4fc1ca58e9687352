"""The vote pages: the committee drafts and gives notice, owners vote and change their
ballot, a proxy votes with a signed form, collectors enter and verify paper ballots and
log visits, owners download the bundle of a closed vote."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from deliberation import queries, services
from deliberation.models import Ballot, OwnersVote, Proxy
from tests import factories as f
from tests.compounds.test_services import photo
from tests.deliberation.test_votes import pdf

pytestmark = pytest.mark.django_db


def test_the_committee_drafts_a_vote_and_publishes_its_notice(client, place, committee_chair):
    client.force_login(committee_chair)
    response = client.post(
        reverse("deliberation:vote_new", args=[place.compound.pk]),
        {
            "title": "更换18栋电梯",
            "method": "网上投票",
            "topic_1": "同意使用维修资金更换电梯",
            "item_1": "5",
        },
    )
    vote = OwnersVote.objects.get()
    assert response.status_code == 302 and vote.state == "draft"
    opens = timezone.localtime() + timedelta(days=3)
    bad = client.post(
        reverse("deliberation:vote_publish", args=[vote.pk]),
        {
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (opens + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        },
        follow=True,
    )
    assert "第十四条" in bad.content.decode() and OwnersVote.objects.get().state == "draft"
    opens += timedelta(days=13)
    client.post(
        reverse("deliberation:vote_publish", args=[vote.pk]),
        {
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (opens + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert OwnersVote.objects.get().state == "noticed"


def _opened(place, organiser, clock):
    from tests.deliberation.test_votes import open_vote

    return open_vote(place, organiser, clock)


def test_an_owner_votes_on_the_page_and_changes_it(client, place, committee_chair, resident, clock):
    vote = _opened(place, committee_chair, clock)
    topic = vote.topics.get()
    home = resident.residencies.get().unit
    client.force_login(resident)
    page = client.get(reverse("deliberation:vote", args=[vote.pk])).content.decode()
    assert 'data-testid="ballot"' in page and "18栋 2单元 301" in page
    url = reverse("deliberation:ballot", args=[vote.pk])
    client.post(url, {"unit": home.pk, f"topic_{topic.pk}": "against"})
    client.post(url, {"unit": home.pk, f"topic_{topic.pk}": "for"})
    counted = Ballot.objects.get(counted=True)
    assert counted.choices.get().choice == "for" and Ballot.objects.count() == 2
    # A unit that is not the user's own is refused; nothing is written.
    other = committee_chair.residencies.get().unit
    client.post(url, {"unit": other.pk, f"topic_{topic.pk}": "against"})
    assert Ballot.objects.count() == 2
    page = client.get(reverse("deliberation:vote", args=[vote.pk])).content.decode()
    assert "您已投票" in page and "同意" in page
    assert "反对 " not in page.split('data-testid="participation"')[1]  # no choices shown


def test_a_tenant_votes_after_the_owner_names_them_proxy(
    client, place, committee_chair, resident, tenant, clock
):
    vote = _opened(place, committee_chair, clock)
    topic = vote.topics.get()
    home = resident.residencies.get().unit
    client.force_login(tenant)
    assert (
        'data-testid="ballot"'
        not in client.get(reverse("deliberation:vote", args=[vote.pk])).content.decode()
    )
    client.post(
        reverse("deliberation:ballot", args=[vote.pk]),
        {"unit": home.pk, f"topic_{topic.pk}": "for"},
    )
    assert not Ballot.objects.exists()
    client.force_login(resident)
    response = client.post(
        reverse("deliberation:proxy", args=[vote.pk]),
        {
            "unit": home.pk,
            "proxy_phone": "13800000009",
            "matters": "更换电梯的表决",
            "valid_until": (vote.closes_at + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"),
            "scan": photo("委托书.jpg"),
        },
    )
    assert response.status_code == 302 and Proxy.objects.get().proxy == tenant
    client.force_login(tenant)
    client.post(
        reverse("deliberation:ballot", args=[vote.pk]),
        {"unit": home.pk, f"topic_{topic.pk}": "for"},
    )
    assert Ballot.objects.get().channel == "proxy"


def test_the_proxy_form_does_not_tell_whether_a_number_uses_gongzhi(
    client, place, committee_chair, resident, tenant, clock
):
    """Issue 16: "Nobody with that number uses Gongzhi yet" let anyone with a home find out
    who is registered. A number nobody uses is kept, with the same answer, and the letter is
    theirs once they sign in with that number verified."""
    vote = _opened(place, committee_chair, clock)
    topic = vote.topics.get()
    home = resident.residencies.get().unit
    client.force_login(resident)

    def name(phone):
        return client.post(
            reverse("deliberation:proxy", args=[vote.pk]),
            {
                "unit": home.pk,
                "proxy_phone": phone,
                "matters": "更换电梯的表决",
                "valid_until": (vote.closes_at + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"),
                "scan": photo("委托书.jpg"),
            },
            follow=True,
        )

    known, unknown = name(tenant.phone), name("13500000077")
    assert known.status_code == unknown.status_code == 200
    said = [[str(m) for m in r.context["messages"]] for r in (known, unknown)]
    assert said[0] == said[1] and said[0]
    waiting = Proxy.objects.get(revoked_at__isnull=True)
    assert waiting.proxy is None and waiting.proxy_phone == "+8613500000077"
    newcomer = f.UserFactory(phone="+8613500000077", phone_verified=True)
    client.logout()
    from tests.factories import PASSWORD

    assert (
        client.post(
            reverse("account_login"), {"login": newcomer.phone, "password": PASSWORD}
        ).status_code
        == 302
    )
    waiting.refresh_from_db()
    assert waiting.proxy == newcomer
    client.post(
        reverse("deliberation:ballot", args=[vote.pk]),
        {"unit": home.pk, f"topic_{topic.pk}": "for"},
    )
    assert Ballot.objects.get().channel == "proxy"


def test_paper_ballots_are_entered_and_verified_by_two_people(
    client, place, committee_chair, resident, building_head, volunteer, clock
):
    vote = _opened(place, committee_chair, clock)
    topic = vote.topics.get()
    home = resident.residencies.get().unit
    client.force_login(building_head)
    url = reverse("deliberation:paper", args=[vote.pk])
    no_scan = client.post(url, {"unit": home.pk, "channel": "paper", f"topic_{topic.pk}": "for"})
    assert no_scan.status_code == 200 and not Ballot.objects.exists()
    client.post(
        url, {"unit": home.pk, "channel": "paper", f"topic_{topic.pk}": "for", "scan": pdf()}
    )
    paper = Ballot.objects.get()
    assert not paper.counted
    waiting = client.get(url).content.decode().split('data-testid="waiting"')[1]
    assert "2单元 301" in waiting and "核验通过" not in waiting  # not for the one who entered it
    client.post(reverse("deliberation:verify", args=[vote.pk, paper.pk]))
    assert not Ballot.objects.get().counted
    client.force_login(volunteer)
    assert "核验通过" in client.get(url).content.decode().split('data-testid="waiting"')[1]
    client.post(reverse("deliberation:verify", args=[vote.pk, paper.pk]))
    assert Ballot.objects.get().counted


def test_collectors_see_who_has_not_voted_and_log_visits(
    client, place, committee_chair, resident, building_head, clock
):
    vote = _opened(place, committee_chair, clock)
    services.ballot_cast(
        vote_id=vote.pk,
        unit_id=resident.residencies.get().unit_id,
        by=resident,
        choices={vote.topics.get().pk: "for"},
    )
    client.force_login(building_head)
    url = reverse("deliberation:unreached", args=[vote.pk])
    page = client.get(url).content.decode()
    listed = page.split('data-testid="unreached"')[1]
    assert "2单元 301" not in listed and "2单元 502" in listed
    unit = building_head.residencies.get().unit
    client.post(url, {"unit": unit.pk, "note": "上门两次，家中无人"})
    assert "家中无人" in client.get(url).content.decode()


def test_owners_download_the_bundle_of_a_closed_vote(
    client, place, committee_chair, resident, tenant, clock
):
    vote = _opened(place, committee_chair, clock)
    topic = vote.topics.get()
    services.ballot_cast(
        vote_id=vote.pk,
        unit_id=resident.residencies.get().unit_id,
        by=resident,
        choices={topic.pk: "for"},
    )
    clock.move_to(vote.closes_at)
    services.close_due()
    url = reverse("deliberation:bundle", args=[vote.pk, topic.pk])
    client.force_login(resident)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    page = client.get(reverse("deliberation:vote", args=[vote.pk])).content.decode()
    assert queries.token(vote, f"unit:{resident.residencies.get().unit_id}") in page
    client.force_login(tenant)
    assert client.get(url).status_code == 403


def test_home_shows_the_votes_waiting_for_me_until_i_vote(
    client, place, committee_chair, resident, clock
):
    from tests.requests.test_workflow import file

    vote = _opened(place, committee_chair, clock)
    item = file(place, resident)
    client.force_login(resident)
    home = client.get("/").content.decode()
    assert vote.title in home.split('data-testid="votes-waiting"')[1]
    assert f"#{item.pk} " in home.split('data-testid="my-open-requests"')[1]
    services.ballot_cast(
        vote_id=vote.pk,
        unit_id=resident.residencies.get().unit_id,
        by=resident,
        choices={vote.topics.get().pk: "for"},
    )
    # Still listed while it is open: the owner may change the ballot, and home says so.
    waiting = client.get("/").content.decode().split('data-testid="votes-waiting"')[1]
    assert vote.title in waiting and "已投票，可以修改" in waiting


def test_a_building_head_sees_their_buildings_unreached_first(
    client, place, committee_chair, resident, building_head, clock
):
    other = f.BuildingFactory(compound=place.compound, name="19栋")
    f.ResidencyFactory(unit=f.UnitFactory(building=other, entrance="1单元", door="909"))
    vote = _opened(place, committee_chair, clock)
    client.force_login(building_head)
    url = reverse("deliberation:unreached", args=[vote.pk])
    mine = client.get(url).content.decode().split('data-testid="unreached"')[1]
    assert "18栋" in mine and "19栋" not in mine
    everything = client.get(url + "?all=1").content.decode().split('data-testid="unreached"')[1]
    assert "19栋" in everything


def test_meetings_take_photo_or_pdf_attachments_and_refuse_programs(
    client, place, committee_chair, resident
):
    meeting = services.meeting_create(
        by=committee_chair,
        compound=place.compound,
        kind="roundtable",
        title="18栋圆桌会",
        held_at=timezone.now(),
        agenda="楼道清理",
    )
    url = reverse("deliberation:meeting_act", args=[meeting.pk])
    client.force_login(committee_chair)
    client.post(url, {"op": "attach", "file": pdf("签到表.pdf")})
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(url, {"op": "attach", "file": SimpleUploadedFile("a.exe", b"MZ\x90\x00rest")})
    assert [a.name for a in meeting.attachments.all()] == ["签到表.pdf"]
    client.force_login(resident)
    client.post(url, {"op": "attach", "file": pdf("x.pdf")})
    assert meeting.attachments.count() == 1

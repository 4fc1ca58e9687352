"""Download my data (issue 16, item 12) on the demo: the file holds what the person did —
their requests with every move's text and the photos they uploaded, comments, suggestions,
ballots, proxies — and nobody else's name, phone or requests. Its queries do not grow
with what the person did."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deliberation.models import Ballot, Comment, OwnersVote, Proxy, Suggestion
from portal.site.mydata.export import personal_data
from requests.models import Request, RequestEvent, RequestPhoto
from tests.compounds.test_services import photo

pytestmark = pytest.mark.django_db
URL = reverse("site:my_data")


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    return get_user_model().objects.get(phone="+8613800000001")


def _download(client, user) -> tuple[dict, zipfile.ZipFile, str]:
    client.force_login(user)
    response = client.post(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    text = archive.read("data.json").decode("utf-8")
    return json.loads(text), archive, text


def _photo_on(event: RequestEvent, name: str) -> RequestPhoto:
    item = RequestPhoto(request=event.request, event=event)
    item.image.save(name, ContentFile(photo(name).read()), save=False)
    item.save()
    return item


def test_the_file_holds_what_the_person_did_in_queries_that_do_not_grow(client, demo):
    user = demo
    mine = Request.objects.filter(reporter=user).order_by("pk")
    filing = RequestEvent.objects.filter(request=mine[0], action="file").get()
    own = _photo_on(filing, "mine.jpg")
    staff_event = RequestEvent.objects.exclude(actor=user).exclude(actor=None).first()
    theirs = _photo_on(staff_event, "theirs.jpg")

    data, archive, _ = _download(client, user)

    assert data["profile"]["phone"] == "13800000001"
    assert data["profile"]["name"] == "刘桂英"
    assert [r["home"] for r in data["residencies"]] == ["翡翠谷小区 18栋 2单元 301"]
    numbers = sorted(r["number"] for r in data["requests"])
    assert numbers == sorted(mine.values_list("pk", flat=True))
    by_number = {r["number"]: r for r in data["requests"]}
    for item in mine.prefetch_related("events"):
        events = list(item.events.all())
        timeline = by_number[item.pk]["timeline"]
        assert len(timeline) == len(events)
        assert by_number[item.pk]["description"] == item.description
        notes = [e.note for e in events if e.actor_id]
        assert [t["note"] for t, e in zip(timeline, events, strict=True) if e.actor_id] == notes
    # The photo they uploaded is in the ZIP, named in the timeline; the staff's photo is not.
    name = f"photos/request-{mine[0].pk}-photo-{own.pk}.jpg"
    assert name in by_number[mine[0].pk]["timeline"][0]["photos"]
    assert archive.read(name) == own.image.open("rb").read()
    assert not [n for n in archive.namelist() if f"photo-{theirs.pk}." in n]
    assert sorted(c["text"] for c in data["comments"]) == sorted(
        Comment.objects.filter(author=user).values_list("text", flat=True)
    )
    assert [s["text"] for s in data["suggestions"]] == list(
        Suggestion.objects.filter(author=user).order_by("pk").values_list("text", flat=True)
    )
    ballots = Ballot.objects.filter(cast_by=user).prefetch_related("choices")
    assert len(data["ballots"]) == ballots.count() > 0
    for row, ballot in zip(data["ballots"], ballots.order_by("created_at", "pk"), strict=True):
        assert row["vote"] == ballot.vote.title
        assert row["channel"] == ballot.get_channel_display()
        assert [c["choice"] for c in row["choices"]] == [
            c.get_choice_display() for c in ballot.choices.order_by("topic__pk")
        ]
    assert len(data["proxies_given"]) == Proxy.objects.filter(owner=user).count()
    assert len(data["proxies_held"]) == Proxy.objects.filter(proxy=user).count()
    assert "README.txt" in archive.namelist()
    _queries_do_not_grow_with_what_the_person_did(user)


def _proxy(vote, owner, holder) -> Proxy:
    unit = owner.residencies.select_related("unit").first().unit
    now = timezone.now()
    letter = Proxy(vote=vote, unit=unit, owner=owner, proxy=holder, matters="全部议题")
    letter.valid_from, letter.valid_until = now - timedelta(days=1), now + timedelta(days=9)
    letter.scan.save("letter.pdf", ContentFile(b"%PDF-1.4"), save=False)
    letter.save()
    return letter


def test_nobody_elses_name_phone_or_requests_appear(client, demo):
    user = demo
    vote = OwnersVote.objects.first()
    neighbour = get_user_model().objects.get(phone="+8613800000002")
    Proxy.objects.filter(vote=vote).delete()
    _proxy(vote, user, neighbour)
    _proxy(vote, get_user_model().objects.get(phone="+8613800000003"), user)

    data, _, text = _download(client, user)

    assert [p["vote"] for p in data["proxies_given"]] == [vote.title]
    assert [p["vote"] for p in data["proxies_held"]] == [vote.title]
    others = get_user_model().objects.exclude(pk=user.pk)
    for other in others:
        if other.display_name:
            assert other.display_name not in text, other.display_name
        assert other.phone not in text
        assert other.phone[3:] not in text, other.phone
    own = set(
        Request.objects.filter(reporter=user).values_list("description", flat=True)
    )  # the demo's year of history repeats common complaints in neighbours' words too
    for description in (
        Request.objects.exclude(reporter=user)
        .exclude(filed_by=user)
        .values_list("description", flat=True)
    ):
        assert any(description in mine for mine in own) or description not in text


def _queries_do_not_grow_with_what_the_person_did(user):
    with CaptureQueriesContext(connection) as before:
        personal_data(user)
    for item in Request.objects.filter(reporter=user):
        RequestEvent.objects.create(request=item, actor=user, action="file", to_state=item.state)
    Comment.objects.bulk_create(
        Comment(proposal=c.proposal, author=user, text="再说一句") for c in Comment.objects.all()
    )
    with CaptureQueriesContext(connection) as after:
        personal_data(user)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_page_shows_and_only_post_makes_the_file(client, place, resident):
    client.force_login(resident)
    page = client.get(URL)
    assert page.status_code == 200
    assert b"csrfmiddlewaretoken" in page.content
    assert client.put(URL).status_code == 405
    client.logout()
    assert client.post(URL).status_code == 302


def test_my_account_shows_my_number_and_holds_sign_out(client, place, resident):
    client.force_login(resident)
    page = client.get(reverse("site:account")).content.decode()
    assert "13800000001" in page
    assert reverse("site:my_data") in page and reverse("site:account_delete") in page
    assert f'action="{reverse("account_logout")}"' in page
    home = client.get("/").content.decode()
    assert f'href="{reverse("site:account")}"' in home

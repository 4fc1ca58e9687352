"""Deleting an account (注销账号, issue 16 item 12): after the password and a tick, the
person is anonymised — name, phone, email, password, sessions, notifications, follows and
the proof of home go; residencies end — while requests, ballots, tallies, ledgers and the
audit trail stay exactly as they were. Refused, with the roles named, while the person
holds a role to hand over."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from compounds.models import Residency
from deliberation.models import Ballot, OwnersVote
from deliberation.services.closing import count_topics
from finance.books import balances
from finance.models import Account, Entry
from portal.models import AuditEvent
from portal.notifications.models import Delivery, Notification, Preference
from portal.phones import is_erased_phone, normalize_phone
from portal.site.mydata.erase import ERASED_NAME, account_erase
from requests.models import Category, Follower, Request
from requests.services.filing import request_file
from tests import factories as f
from tests.compounds.test_services import photo

pytestmark = pytest.mark.django_db
URL = reverse("site:account_delete")
CONFIRMED = {"password": f.PASSWORD, "understood": "1"}


@pytest.fixture
def lived_in(settings, tmp_path, place, resident, tenant):
    """The resident with a proof of home, a filed request, a follow, a notification with
    an SMS waiting, an SMS choice and an email address."""
    settings.MEDIA_ROOT = tmp_path
    residency = resident.residencies.get()
    residency.evidence.save("proof.jpg", ContentFile(photo().read()))
    waiting = f.UnitFactory(building=place.building, entrance="3单元", door="101")
    f.ResidencyFactory(user=resident, unit=waiting, status=Residency.Status.PENDING)
    category = Category.objects.filter(compound=None).first()
    item = request_file(
        reporter=resident,
        compound=place.compound,
        category=category,
        description="楼道灯坏了",
        building=place.building,
    )
    other = request_file(
        reporter=tenant,
        compound=place.compound,
        category=category,
        description="井盖松动",
        building=place.building,
    )
    Follower.objects.create(request=other, user=resident)
    note = Notification.objects.create(recipient=resident, event="request.changed")
    Delivery.objects.create(notification=note, channel="sms")
    Preference.objects.create(user=resident, event="request.changed", sms=True)
    EmailAddress.objects.create(user=resident, email="liu@example.com", primary=True)
    resident.email = "liu@example.com"
    resident.save()
    return resident, item, residency


def test_deleting_anonymises_the_person_and_keeps_their_request(client, lived_in):
    user, item, residency = lived_in
    proof = residency.evidence.path
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)

    response = client.post(URL, CONFIRMED)

    assert response.status_code == 200
    assert "已注销" in response.content.decode() or "deleted" in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == ERASED_NAME
    assert is_erased_phone(user.phone) and user.email == ""
    assert not user.is_active and not user.has_usable_password()
    with pytest.raises(ValidationError):
        normalize_phone(user.phone)  # the placeholder can never be typed
    # Sessions ended on every device; the old number and password open nothing.
    assert other_device.get(reverse("site:account")).status_code == 302
    assert client.get(reverse("site:account")).status_code == 302
    assert not Client().login(phone="+8613800000001", password=f.PASSWORD)
    # Notifications, deliveries, choices, follows and email addresses are gone.
    assert not Notification.objects.filter(recipient=user).exists()
    assert not Delivery.objects.filter(notification__recipient=user).exists()
    assert not Preference.objects.filter(user=user).exists()
    assert not Follower.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    # The residency ended, not deleted; the picture of their documents is gone.
    residency.refresh_from_db()
    assert residency.end is not None and not residency.evidence
    assert not Residency.objects.current().filter(user=user).exists()  # off today's rolls
    assert not Residency.objects.filter(user=user, status=Residency.Status.PENDING).exists()
    assert Residency.objects.filter(user=user).count() == 2  # ended, none deleted
    assert not __import__("os").path.exists(proof)
    # The request stays, its reporter shown as 已注销用户 with no phone at all.
    item.refresh_from_db()
    with translation.override("zh-hans"):  # shown as 已注销用户, in the reader's language
        assert item.reporter_id == user.pk and str(item.reporter) == gettext("Deleted user")
    assert AuditEvent.objects.filter(code="portal.account.erased", target_id=user.pk).exists()


def test_the_placeholder_shows_as_no_number_to_staff(client, lived_in, worker):
    user, item, _ = lived_in
    account_erase(user=user)
    client.force_login(worker)
    page = client.get(reverse("requests:detail", args=[item.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    with translation.override("zh-hans"):
        assert gettext("Deleted user") in body
    assert user.phone not in body and "tel:+86140" not in body and "140****" not in body


@pytest.mark.parametrize(
    "data",
    [
        {"password": "wrong-password", "understood": "1"},
        {"password": f.PASSWORD},
        {},
    ],
    ids=["wrong password", "not ticked", "empty"],
)
def test_without_the_password_and_the_tick_nothing_changes(client, lived_in, data):
    user, _, residency = lived_in
    client.force_login(user)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert b"form-errors" in response.content or b"field-invalid" in response.content
    user.refresh_from_db()
    assert user.is_active and user.phone == "+8613800000001" and user.display_name == "刘桂英"
    assert Residency.objects.get(pk=residency.pk).end is None
    assert Notification.objects.filter(recipient=user).exists()


def test_a_committee_chair_must_hand_over_first(client, committee_chair):
    client.force_login(committee_chair)
    page = client.get(URL)
    assert page.status_code == 200 and b'data-testid="roles"' in page.content
    response = client.post(URL, CONFIRMED)
    assert response.status_code == 200
    assert b'data-testid="roles"' in response.content
    committee_chair.refresh_from_db()
    assert committee_chair.is_active and committee_chair.display_name == "周明华"
    with pytest.raises(ValidationError):
        account_erase(user=committee_chair)


def test_refused_for_a_worker_a_volunteer_and_a_building_head(worker, volunteer, building_head):
    for user in (worker, volunteer, building_head):
        with pytest.raises(ValidationError):
            account_erase(user=user)
        user.refresh_from_db()
        assert user.is_active


def test_signed_out_is_sent_to_sign_in_and_other_methods_refused(client, resident):
    assert client.get(URL).status_code == 302
    client.force_login(resident)
    assert client.put(URL).status_code == 405


def _figures():
    votes = OwnersVote.objects.prefetch_related("topics")
    return {
        "tallies": {v.pk: repr(count_topics(v, list(v.topics.all()))) for v in votes},
        "counted": Ballot.objects.filter(counted=True).count(),
        "ballots": Ballot.objects.count(),
        "balances": balances(Account.objects.all()),
        "entries": Entry.objects.count(),
        "requests": sorted(Request.objects.values_list("pk", "state")),
        "audit": AuditEvent.objects.count(),
    }


def test_tallies_ledgers_and_requests_are_unchanged_by_a_deletion(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    owner = get_user_model().objects.get(phone="+8613800000001")
    assert Ballot.objects.filter(cast_by=owner, counted=True).exists()
    before = _figures()

    account_erase(user=owner)

    after = _figures()
    assert after.pop("audit") == before.pop("audit") + 1  # the deletion, and nothing else
    assert after == before
    assert Ballot.objects.filter(cast_by=owner, counted=True).exists()

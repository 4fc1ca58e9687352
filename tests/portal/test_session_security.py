"""Sessions and redirects (issue 16, item 6): the admin only for superusers who typed their
password again, a changed password ends every session of the account, and `?next=` never
leaves the site."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


def _signed_in(user) -> Client:
    client = Client()
    assert (
        client.post(
            reverse("account_login"), {"login": user.phone, "password": PASSWORD}
        ).status_code
        == 302
    )
    return client


@pytest.fixture
def owner(db):
    return UserFactory(phone="+8613700000011")


def test_a_changed_password_ends_every_session_of_the_account(owner):
    here, elsewhere = _signed_in(owner), _signed_in(owner)
    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Xinmima-2027!", "password2": "Xinmima-2027!"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in here.session
    for client in (here, elsewhere):
        assert client.get(reverse("site:account")).status_code == 302  # sent to sign in


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\\\evil.example/", "http:/evil.example"],
)
def test_next_never_leaves_the_site(owner, target):
    client = Client()
    response = client.post(
        reverse("account_login") + "?next=" + target,
        {"login": owner.phone, "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert "evil.example" not in response.url
    response = client.post(reverse("portal:large_text"), {"enabled": "1", "next": target})
    assert "evil.example" not in response.url
    assert "evil.example" not in Client().get("/admin/login/?next=" + target).url


def test_the_admin_refuses_staff_who_are_not_superusers(client, db):
    clerk = UserFactory(phone="+8613700000012", is_staff=True, is_superuser=False)
    client.force_login(clerk)
    assert client.get("/admin/").url.startswith("/admin/login/")
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_the_admin_asks_a_superuser_for_the_password_again(db):
    boss = UserFactory(phone="+8613700000013", is_staff=True, is_superuser=True)
    client = _signed_in(boss)
    response = client.get("/admin/portal/user/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    response = client.post(response.url, {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/admin/portal/user/"
    assert client.get("/admin/portal/user/").status_code == 200

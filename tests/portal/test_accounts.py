import re

import pytest
from allauth.account.adapter import get_adapter
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.urls import reverse

from portal.sms import last_sms_to
from tests.factories import PASSWORD, UserFactory

User = get_user_model()
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _code(phone: str) -> str:
    message = last_sms_to(phone)
    assert message is not None, f"no SMS was sent to {phone}"
    return re.search(r"\b(\d{6})\b", message.text).group(1)


def test_adapter_implements_every_phone_hook():
    # allauth silently turns phone support off unless all five hooks are overridden.
    assert get_adapter()._has_phone_impl


def test_user_model_stores_phone_in_e164_and_str_masks_it(db):
    user = User.objects.create_user("138 0000 0001", password=PASSWORD)
    assert user.phone == "+8613800000001"
    assert str(user) == "138****0001"
    user.display_name = "刘桂英"
    assert str(user) == "刘桂英"


def test_database_refuses_a_phone_that_is_not_e164(db):
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(phone="13800000001")])


@pytest.mark.parametrize("typed", ["13800000001", "138 0000 0001", "+86 138-0000-0001"])
def test_sign_in_with_phone_and_password_in_any_spelling(client, resident, typed):
    response = client.post(reverse("account_login"), {"login": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user == resident


def test_sign_in_with_a_landline_explains_in_chinese(client, db):
    response = client.post(
        reverse("account_login"), {"login": "027-87654321", "password": "x"}, **ZH
    )
    assert response.status_code == 200
    assert "固定电话" in response.content.decode()


def test_wrong_password_is_refused_in_chinese(client, resident):
    response = client.post(
        reverse("account_login"), {"login": "13800000001", "password": "wrong"}, **ZH
    )
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "手机号" in response.content.decode() or "不正确" in response.content.decode()


def test_failed_sign_ins_are_rate_limited_with_a_chinese_message(client, resident):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "13800000001", "password": "wrong"}, **ZH)
    response = client.post(
        reverse("account_login"), {"login": "13800000001", "password": PASSWORD}, **ZH
    )
    assert not response.wsgi_request.user.is_authenticated
    assert "登录失败次数过多" in response.content.decode()


def test_sign_up_by_phone_with_sms_verification(client, db):
    response = client.post(
        reverse("account_signup"),
        {"phone": "139 1234 5678", "display_name": "王阿姨", "password1": "Lanhua-2026!"},
        **ZH,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(phone="+8613912345678")
    assert user.display_name == "王阿姨" and not user.phone_verified
    response = client.post(response.url, {"code": _code("13912345678")}, follow=True, **ZH)
    user.refresh_from_db()
    assert user.phone_verified
    assert response.wsgi_request.user == user


def test_sign_up_with_a_taken_phone_does_not_create_a_second_account(client, resident):
    client.post(
        reverse("account_signup"),
        {"phone": "13800000001", "display_name": "冒名", "password1": "Lanhua-2026!"},
        **ZH,
    )
    assert User.objects.filter(phone="+8613800000001").count() == 1
    assert User.objects.get(phone="+8613800000001").display_name == "刘桂英"


def test_sign_up_with_an_invalid_phone_shows_a_chinese_error(client, db):
    response = client.post(
        reverse("account_signup"),
        {"phone": "1234", "display_name": "", "password1": "Lanhua-2026!"},
        **ZH,
    )
    assert response.status_code == 200
    assert "11位" in response.content.decode()
    assert not User.objects.exists()


def test_sign_in_by_sms_code(client, resident):
    response = client.post(reverse("account_request_login_code"), {"phone": "13800000001"})
    assert response.status_code == 302
    response = client.post(response.url, {"code": _code("13800000001")})
    assert response.status_code == 302
    assert client.get(reverse("site:home")).wsgi_request.user == resident


def test_password_reset_by_sms_code(client, resident):
    url = reverse("portal:password_reset_phone")
    response = client.post(url, {"phone": "138-0000-0001"})
    assert response.status_code == 302
    confirm = reverse("portal:password_reset_phone_confirm")
    assert response.url == confirm
    response = client.post(confirm, {"code": _code("13800000001"), "password1": "Xinmima-2026!"})
    assert response.status_code == 302 and response.url == reverse("account_login")
    resident.refresh_from_db()
    assert resident.check_password("Xinmima-2026!")


def test_password_reset_code_allows_three_wrong_tries_then_expires(client, resident):
    client.post(reverse("portal:password_reset_phone"), {"phone": "13800000001"})
    code = _code("13800000001")
    wrong = "000000" if code != "000000" else "111111"
    confirm = reverse("portal:password_reset_phone_confirm")
    for _ in range(3):
        response = client.post(confirm, {"code": wrong, "password1": "Xinmima-2026!"}, **ZH)
    response = client.post(confirm, {"code": code, "password1": "Xinmima-2026!"}, **ZH)
    assert response.status_code == 302 and response.url == reverse("portal:password_reset_phone")
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)


def test_password_reset_for_unknown_number_reveals_nothing(client, db):
    response = client.post(reverse("portal:password_reset_phone"), {"phone": "13700000000"})
    assert response.status_code == 302  # same screen as for a known number
    assert "还没有注册账号" in last_sms_to("13700000000").text
    response = client.post(
        reverse("portal:password_reset_phone_confirm"), {"code": "123456", "password1": "Xx-2026!!"}
    )
    assert response.status_code == 200


def test_password_reset_rejects_a_weak_password_in_chinese(client, resident):
    client.post(reverse("portal:password_reset_phone"), {"phone": "13800000001"})
    response = client.post(
        reverse("portal:password_reset_phone_confirm"),
        {"code": _code("13800000001"), "password1": "123"},
        **ZH,
    )
    assert response.status_code == 200
    assert "密码" in response.content.decode()
    resident.refresh_from_db()
    assert resident.check_password(PASSWORD)


def test_password_reset_request_is_rate_limited(client, resident):
    url = reverse("portal:password_reset_phone")
    for _ in range(5):
        client.post(url, {"phone": "13800000001"})
    response = client.post(url, {"phone": "13800000001"}, **ZH)
    assert response.status_code == 200
    assert "次数过多" in response.content.decode()


def test_password_reset_views_refuse_other_methods(client, db):
    assert client.put(reverse("portal:password_reset_phone")).status_code == 405


def test_allauth_pages_use_the_portal_layout_in_chinese(client, db):
    for name in ["account_login", "account_signup", "account_request_login_code"]:
        html = client.get(reverse(name), **ZH).content.decode()
        assert 'class="site-header"' in html, name
        assert "长辈模式" in html, name
    assert "登录" in client.get(reverse("account_login"), **ZH).content.decode()


def test_user_factory_phone_is_unique(db):
    assert UserFactory().phone != UserFactory().phone


def test_a_fourth_sign_up_in_a_minute_from_one_address_is_a_message_and_no_account(client, db):
    """allauth's "verify_phone" limit (3 a minute per address) used to raise after the
    account row was inserted: a 500 and an account no one could verify."""
    statuses = []
    for i in range(4):
        response = client.post(
            reverse("account_signup"),
            {"phone": f"1391234560{i}", "display_name": "王", "password1": "Lanhua-2026!"},
            **ZH,
        )
        statuses.append(response.status_code)
        client.logout()
    assert statuses == [302, 302, 302, 200]
    assert "验证码" in response.content.decode()
    assert not User.objects.filter(phone="+8613912345603").exists()


def test_sign_in_by_code_with_no_phone_asks_for_it(client, db):
    response = client.post(reverse("account_request_login_code"), {"phone": ""}, **ZH)
    assert response.status_code == 200
    assert "手机号" in response.content.decode()


def test_outside_the_embedded_mode_logs_hold_no_phone_number_and_no_code(
    client, resident, settings, sms_log
):
    """个人信息保护法 (issue 16, item 12): sign up, sign in by code and reset a password
    with DEBUG off, then grep everything logged for the numbers and the codes texted."""
    settings.DEBUG = False
    client.post(
        reverse("account_signup"),
        {"phone": "13912345678", "display_name": "王", "password1": "Lanhua-2026!"},
    )
    client.logout()
    client.post(reverse("account_request_login_code"), {"phone": "13800000001"})
    client.post(reverse("portal:password_reset_phone"), {"phone": "13800000001"})
    codes = [_code("13912345678"), _code("13800000001")]
    logged = sms_log.getvalue()
    assert "SMS to 139****5678 kept in the outbox" in logged  # something was logged
    for secret in ["13912345678", "13800000001", "3800000001", *codes]:
        assert secret not in logged, secret


def test_the_admin_has_no_unthrottled_sign_in_of_its_own(client, db):
    """Issue 16's probe: 12 wrong passwords then the right one opened /admin/ through the
    admin's own form. Now every password posted there is ignored and staff go through the
    portal's sign-in, whose failures are limited."""
    boss = UserFactory(phone="+8613700000099", is_staff=True, is_superuser=True)
    for _ in range(12):
        response = client.post(
            reverse("admin:login"), {"username": boss.phone, "password": "wrong"}
        )
        assert response.status_code == 302
    response = client.post(reverse("admin:login"), {"username": boss.phone, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
    client.force_login(boss)
    assert client.get("/admin/login/?next=/admin/").url == "/admin/"

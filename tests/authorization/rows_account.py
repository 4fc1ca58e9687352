"""POST rows of the pages about one's own account and session (issue 16, item 5: every
URL that takes a POST has a row): allauth's sign-in, sign-up, password, phone and e-mail
pages, the SMS password reset, the language and the notification preferences. They take
no object's id; an empty post comes back with the form's errors (200), sends the signed-in
away from the entrance pages (302), or finds nothing pending (302, 404)."""

from tests.authorization.expect import expect, signed_in

ENTRANCE = expect(302, anonymous=200)  # signed in: sent home; signed out: the form again

ACCOUNT_POSTS = {
    "portal:demo_login": (None, {}, expect(404)),  # PORTAL_DEMO is off
    "portal:password_reset_phone": (None, {}, expect(200)),
    "portal:password_reset_phone_confirm": (None, {}, expect(302)),
    "set_language": (None, {"language": "zh-hans"}, expect(302)),
    "notifications:preferences": (None, {}, signed_in(302)),
    "account_login": (None, {}, ENTRANCE),
    "account_signup": (None, {}, ENTRANCE),
    "account_request_login_code": (None, {}, ENTRANCE),
    "account_reauthenticate": (None, {}, signed_in(200)),
    "account_email": (None, {}, expect(302)),
    "account_change_password": (None, {}, signed_in(200)),
    "account_set_password": (None, {}, expect(302)),
    "account_change_phone": (None, {}, signed_in(200)),
    "account_reset_password": (None, {}, expect(200)),
    "account_confirm_login_code": (None, {}, expect(302)),
    "account_verify_phone": (None, {}, expect(302)),
    "account_confirm_email": (lambda w: {"key": "not-a-key"}, {}, expect(404)),
    "account_reset_password_from_key": (
        lambda w: {"uidb36": "1", "key": "bad"},
        {},
        expect(200),
    ),
}
# Signing out ends the session the matrix walks with (tests/portal/test_signin_*.py).
NO_POST_ROW = {"account_logout"}

"""django-allauth account adapter: phones as identities, SMS through portal.sms.

allauth keeps phone support silently off unless all five phone hooks are implemented
(`send_verification_code_sms`, `set_phone`, `get_phone`, `set_phone_verified`,
`get_user_by_phone`); tests/portal/test_accounts.py checks that they are.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit  # what allauth's own adapter counts with
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.forms import MainlandPhoneField
from portal.phones import normalize_phone, try_normalize_phone
from portal.preferences import adopt_large_text
from portal.sms import send_sms


def _lockout_minutes() -> int:
    """How long a phone locked by failed sign-ins waits: the per-number window of the
    "login_failed" limit (5/5m/key: five minutes)."""
    rates = ratelimit.parse_rates(settings.ACCOUNT_RATE_LIMITS.get("login_failed"))
    windows = [rate.duration for rate in rates if rate.per == "key"] or [300]
    return max(1, round(max(windows) / 60))


class AccountAdapter(DefaultAccountAdapter):
    def validation_error(self, code, *args) -> ValidationError:
        if code == "too_many_login_attempts":  # say how long, and the other way in
            return ValidationError(
                _(
                    "Too many failed sign-ins for this number. Please try again in "
                    "%(minutes)s minutes, or sign in with an SMS code."
                )
                % {"minutes": _lockout_minutes()},
                code=code,
            )
        return super().validation_error(code, *args)

    # Failed sign-ins (issue 16, item 1): allauth keys them by email or username, so every
    # phone sign-in shared one key and five residents' typos locked out all of them; and it
    # spent an attempt before checking the password, so residents signing in at once from
    # one address were refused for each other. Here failures count per number and per
    # address (settings: "login_failed"), and only once the password was found wrong.
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        phone = credentials.get("phone")
        if phone:
            return f"phone:{try_normalize_phone(phone) or phone}"
        return super()._get_login_attempts_cache_key(request, **credentials)

    def _count_failure(self, request, dry_run: bool, **credentials):
        key = self._get_login_attempts_cache_key(request, **credentials)
        return ratelimit.consume(
            request, app="allauth.account", action="login_failed", key=key, dry_run=dry_run
        )

    def pre_authenticate(self, request, **credentials) -> None:
        self._login_failed_rl_usage = None  # nothing spent, nothing to roll back
        if not self._count_failure(request, dry_run=True, **credentials):
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request, **credentials) -> None:
        self._count_failure(request, dry_run=False, **credentials)

    def phone_form_field(self, **kwargs):
        kwargs.pop("validators", None)
        kwargs.pop("label", None)  # "Mobile number" reads better than allauth's "Phone"
        return MainlandPhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalize_phone(phone)

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        send_sms(phone, _("Your verification code is %(code)s. Do not share it.") % {"code": code})

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        send_sms(
            phone,
            _(
                "Someone tried to sign in with this number, but it has no account. "
                "If it was you, please sign up first."
            ),
        )

    def send_account_already_exists_sms(self, phone: str) -> None:
        send_sms(
            phone,
            _(
                "Someone tried to sign up with this number, which already has an account. "
                "If it was you, please sign in instead."
            ),
        )

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = normalize_phone(phone)
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user) -> tuple[str, bool] | None:
        if not user.phone:
            return None
        return user.phone, user.phone_verified

    def set_phone_verified(self, user, phone: str) -> None:
        if user.phone == normalize_phone(phone):
            user.phone_verified = True
            user.save(update_fields=["phone_verified"])

    def get_user_by_phone(self, phone: str):
        normalised = try_normalize_phone(phone)
        if normalised is None:
            return None
        return get_user_model().objects.filter(phone=normalised, is_active=True).first()

    def login(self, request, user) -> None:
        super().login(request, user)
        adopt_large_text(request, user)

    def populate_username(self, request, user) -> None:
        # There is no username; the phone is the identity.
        return None

    def save_user(self, request, user, form, commit=True):
        # allauth calls set_phone after saving; the phone must be on the row before the
        # first INSERT because it is the unique, non-empty identifier.
        phone = form.cleaned_data.get("phone")
        if phone:
            user.phone = normalize_phone(phone)
        user.display_name = form.cleaned_data.get("display_name", "") or ""
        return super().save_user(request, user, form, commit=commit)

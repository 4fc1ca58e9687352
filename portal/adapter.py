"""django-allauth account adapter: phones as identities, SMS through portal.sms.

allauth keeps phone support silently off unless all five phone hooks are implemented
(`send_verification_code_sms`, `set_phone`, `get_phone`, `set_phone_verified`,
`get_user_by_phone`); tests/portal/test_accounts.py checks that they are.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from portal.forms import MainlandPhoneField
from portal.phones import normalize_phone, try_normalize_phone
from portal.preferences import adopt_large_text
from portal.sms import send_sms


class AccountAdapter(DefaultAccountAdapter):
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

from datetime import date, datetime

from allauth.account import forms as allauth_forms
from allauth.core import context, ratelimit
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal import sms_limits
from portal.phones import normalize_phone


class MainlandPhoneField(forms.CharField):
    """A mobile-number input that accepts spaces, dashes and +86, and cleans to E.164."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "type": "tel",
                    "autocomplete": "tel",
                    "inputmode": "tel",
                    "placeholder": _("11-digit mobile number"),
                }
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalize_phone(value) if value else value


# Days and moments people enter: a year outside these is a typing slip (0001-01-01 even
# overflowed on its way to UTC: a 500 in the hostile probe of issue 16).
FIRST_YEAR, LAST_YEAR = 1900, 2199
_OUT_OF_RANGE = _("Enter a date between the years %(first)s and %(last)s.")


def _in_range(value):
    if isinstance(value, date | datetime) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _OUT_OF_RANGE % {"first": FIRST_YEAR, "last": LAST_YEAR}, code="out_of_range"
        )
    return value


class DayField(forms.DateField):
    """A day picked on the phone: the ISO form a date input reads and sends, in a year
    people mean."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        messages = {"required": _("Enter the date."), "invalid": _("Enter a date.")}
        kwargs["error_messages"] = messages | kwargs.get("error_messages", {})
        super().__init__(**kwargs)

    def to_python(self, value):
        return _in_range(super().to_python(value))


class MomentField(forms.DateTimeField):
    """A date and time (datetime-local input), in a year people mean."""

    def to_python(self, value):
        return _in_range(super().to_python(value))


MAX_ID = 10**18 - 1  # the largest id portal.converters.IdConverter accepts


class IdField(forms.IntegerField):
    """A database id from a form or a query string: a positive whole number that fits the
    database, else a clear message (never int("²"), which `isdigit()` lets through)."""

    default_error_messages = {"invalid": _("Choose one of the options.")}

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)


class IdListField(forms.Field):
    """Several ids from one name (checkboxes of a list); cleans to a list of ints, at most
    `max_count`, each checked like IdField."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, max_count: int = 100, **kwargs) -> None:
        self.max_count = max_count
        super().__init__(**kwargs)

    def to_python(self, value) -> list[int]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        field = IdField()
        ids = [field.clean(item) for item in values[: self.max_count]]
        return list(dict.fromkeys(ids))


class IdChoicesField(forms.ModelMultipleChoiceField):
    """Several objects of a (scoped) queryset, chosen by their ids. A value that is no id
    the database can hold is simply not one of the choices: Django checks `pk__in` without
    the range guard its single lookups have, and 23 digits overflowed SQLite (a 500 in the
    hostile fuzz of issue 16)."""

    def _check_values(self, value):
        for item in value if isinstance(value, list | tuple) else [value]:
            if id_from({"id": item}, "id") is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


def id_from(data, name: str) -> int | None:
    """The id named `name` in a query string or form data, or None when it is absent or is
    no valid id — for a filter or a pre-filled choice, where a bad value means "none"."""
    field = IdField(required=False)
    try:
        return field.clean(data.get(name))
    except forms.ValidationError:
        return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; cleans to a list (empty when none were chosen)."""

    def __init__(self, *, accept: str = "", capture: str = "", **kwargs) -> None:
        attrs = {k: v for k, v in {"accept": accept, "capture": capture}.items() if v}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class LoginForm(allauth_forms.LoginForm):
    """allauth's password login; a phone typed any accepted way is normalised first."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.label = _("Mobile number or email")
        # Phone first: a phone's number pad and its own number offered (inputmode and
        # autocomplete "tel"); ?by=email gives the letters keyboard for an email instead.
        by_email = getattr(self, "request", None) and self.request.GET.get("by") == "email"
        field.widget.attrs.update(
            {"inputmode": "email", "autocomplete": "email", "placeholder": "name@example.com"}
            if by_email
            else {
                "inputmode": "tel",
                "autocomplete": "tel",
                "placeholder": _("11-digit mobile number"),
            }
        )
        if "password" in self.fields:
            # allauth links "forgot password" to its email reset; the page links the SMS one.
            self.fields["password"].help_text = ""

    def clean_login(self) -> str:
        login = super().clean_login()
        return login if "@" in login else normalize_phone(login)


class SignupForm(allauth_forms.SignupForm):
    display_name = forms.CharField(
        label=_("What should neighbours call you?"),
        max_length=50,
        required=False,
        help_text=_("For example 王阿姨 or 18栋老李. You can change it later."),
    )
    field_order = ["phone", "display_name", "password1"]

    def clean(self):
        """allauth texts the new account a code after inserting it, and its "verify_phone"
        limit then raised — a 500 with the account half made (issue 16's probe). Ask the
        limit first, without spending it, and say so before anything is saved."""
        cleaned = super().clean()
        if cleaned.get("phone"):
            may_text_a_code(cleaned["phone"])
        return cleaned


def may_text_a_code(phone: str) -> None:
    """Before allauth texts a verification code to `phone`: the SMS caps, and allauth's
    own "verify_phone" limit asked without spending it — allauth raises it after the form
    is valid, which was a 500 (a sign-up, and a phone change: issue 16's hostile fuzz)."""
    sms_limits.check(context.request, phone)
    if not ratelimit.consume(context.request, action="verify_phone", key=phone, dry_run=True):
        raise ValidationError(
            _(
                "Too many verification codes were sent just now. Please wait a minute "
                "and try again."
            ),
            code="too_many_codes",
        )


class ChangePhoneForm(allauth_forms.ChangePhoneForm):
    """A new number is texted a code: the same caps and limit as a sign-up's."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("phone"):
            may_text_a_code(cleaned["phone"])
        return cleaned


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """Sign in by an SMS code: allauth's form took an empty phone as valid and then had no
    one to text (a 500)."""

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("phone") or cleaned.get("email")) and not self.errors:
            raise ValidationError(_("Enter your mobile number."), code="required")
        if cleaned.get("phone"):
            sms_limits.check(context.request, cleaned["phone"])
        return cleaned


class PhoneResetRequestForm(forms.Form):
    phone = MainlandPhoneField()


class PhoneResetConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password1(self) -> str:
        password = self.cleaned_data["password1"]
        password_validation.validate_password(password, self.user)
        return password

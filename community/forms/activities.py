"""Forms of activities: publish one, take attendance, the report and photos afterwards.
Every message for bad input is in Chinese (through the msgids)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from community.models import Activity
from community.services.activities import check_times
from portal.forms import IdField, MomentField, MultipleFileField
from portal.text import without_controls

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
STAFF = "staff"


def _text(value: str) -> str:
    return without_controls(value or "").strip()


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=60)
    organiser = forms.ChoiceField(label=_("Organised by"))
    starts_at = MomentField(
        label=_("Starts"), widget=DATETIME, error_messages={"required": _("Enter when it starts.")}
    )
    ends_at = MomentField(
        label=_("Ends"), widget=DATETIME, error_messages={"required": _("Enter when it ends.")}
    )
    place = forms.CharField(label=_("Where"), max_length=100)
    description = forms.CharField(
        label=_("What it is"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    audience = forms.ChoiceField(
        label=_("For whom"), choices=Activity.Audience.choices, initial="everyone"
    )
    needs_signup = forms.BooleanField(label=_("Residents sign up"), required=False, initial=True)
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        help_text=_("Leave empty for no limit."),
        error_messages={
            "min_value": _("Places must be at least 1, or left empty."),
            "max_value": _("At most 10000 places."),
            "invalid": _("Places must be a whole number."),
        },
        min_value=1,
        max_value=10000,
    )
    is_service = forms.BooleanField(
        label=_("Volunteer service (attendance counts as volunteer hours)"), required=False
    )
    community_wide = forms.BooleanField(label=_("Open to the whole community"), required=False)

    def __init__(self, *args, organisers: list[tuple[str, str]], staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].choices = organisers
        if not staff:
            del self.fields["community_wide"]

    def clean_title(self) -> str:
        return _text(self.cleaned_data["title"])

    def clean_place(self) -> str:
        return _text(self.cleaned_data["place"])

    def clean_description(self) -> str:
        return _text(self.cleaned_data["description"])

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends:
            try:
                check_times(starts, ends, is_service=data.get("is_service", False))
            except ValidationError as error:
                self.add_error("ends_at", error)
        return data


class AttendanceForm(forms.Form):
    signup = IdField()
    present = forms.BooleanField(required=False)


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("Activity report"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write a few lines about how it went.")},
    )

    def clean_report(self) -> str:
        text = _text(self.cleaned_data["report"])
        if not text:
            raise ValidationError(_("Write a few lines about how it went."), code="blank")
        return text


class PhotosForm(forms.Form):
    photos = MultipleFileField(label=_("Photos"), accept="image/*")

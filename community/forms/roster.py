"""Forms of the duty roster: validation and messages only; the services save."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from community.permissions.roster import eligible_people
from portal.forms import DayField, MomentField

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
STATION_PHONE = RegexValidator(
    r"^(\+?86[ -]?)?((0\d{2,3}[ -]?)?\d{7,8}|1[3-9]\d{9})$",
    _("Enter a phone number: digits, with an area code if it is a landline (0715-8888888)."),
)


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj} · {obj.masked_phone}"


def _person_field(station, label, exclude=None) -> PersonChoice:
    people = eligible_people(station)
    if exclude is not None:
        people = people.exclude(pk=exclude)
    return PersonChoice(
        queryset=people,
        label=label,
        empty_label=_("Choose…"),
        error_messages={
            "required": _("Choose who is on duty."),
            "invalid_choice": _("Choose someone from the list: only they may be on duty here."),
        },
    )


class StationForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the station"),
        max_length=40,
        error_messages={"required": _("Give the station a name.")},
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 人人坞党群服务站")}),
    )
    place = forms.CharField(
        label=_("Where it is"),
        max_length=100,
        error_messages={"required": _("Say where the station is.")},
    )
    phone = forms.CharField(
        label=_("Station phone"),
        max_length=20,
        required=False,
        validators=[STATION_PHONE],
        help_text=_("Residents see this number and call it; leave empty if there is none."),
    )
    community_wide = forms.BooleanField(
        label=_("It serves the whole community"),
        required=False,
    )

    def __init__(self, *args, community_staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not community_staff:
            del self.fields["community_wide"]


class ShiftForm(forms.Form):
    person = forms.Field()  # replaced in __init__ by the station's eligible people
    start = MomentField(
        label=_("Starts"),
        widget=DATETIME,
        error_messages={
            "required": _("Enter when the shift starts."),
            "invalid": _("Enter a date and time."),
        },
    )
    end = MomentField(
        label=_("Ends"),
        widget=DATETIME,
        error_messages={
            "required": _("Enter when the shift ends."),
            "invalid": _("Enter a date and time."),
        },
    )
    place = forms.CharField(
        label=_("Where"),
        max_length=100,
        required=False,
        help_text=_("Leave empty when the shift is at the station itself."),
    )

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"] = _person_field(station, _("Person on duty"))
        self.order_fields(["person", "start", "end", "place"])

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The shift must end after it starts."))
        return data


class OfferForm(forms.Form):
    to = forms.Field()
    note = forms.CharField(label=_("A word to them"), max_length=200, required=False)

    def __init__(self, *args, shift, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"] = _person_field(
            shift.station, _("Who should take it"), exclude=shift.person_id
        )
        self.order_fields(["to", "note"])


class OpenOfferForm(forms.Form):
    """The person on duty offers the shift to anyone who may be on duty at the station
    (prefixed: the offer to one person on the same page has a note too)."""

    prefix = "open"
    note = forms.CharField(label=_("A word to whoever takes it"), max_length=200, required=False)


class ReassignForm(forms.Form):
    to = forms.Field()

    def __init__(self, *args, shift, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"] = _person_field(
            shift.station, _("Give the shift to"), exclude=shift.person_id
        )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("accept", _("Take the shift")), ("decline", _("I can't take it"))],
        error_messages={
            "required": _("Take the shift or decline it."),
            "invalid_choice": _("Take the shift or decline it."),
        },
    )


class CancelForm(forms.Form):
    note = forms.CharField(label=_("Why"), max_length=200, required=False)


class CloseStationForm(forms.Form):
    """Closing a station: a reason, then a second press to confirm (`confirmed`, sent by
    the confirmation step's button)."""

    reason = forms.CharField(
        label=_("Why is the station closing?"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the station is closing.")},
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PhoneForm(forms.Form):
    shown = forms.BooleanField(required=False)


class WeekForm(forms.Form):
    """?week=2026-11-30: any day of the week to show; a bad value shows this week."""

    week = DayField(required=False)

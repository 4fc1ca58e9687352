"""Forms of service zones and their clean-ups."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.models import Zone
from portal.forms import DayField, IdChoicesField, MultipleFileField

POINT = {
    "min_value": _("Between 0 and 100."),
    "max_value": _("Between 0 and 100."),
    "invalid": _("A number between 0 and 100."),
}


class ZoneForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the zone"),
        max_length=40,
        error_messages={
            "required": _("Give the zone a name."),
            "max_length": _("Keep the name within 40 characters."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind of place"),
        choices=Zone.Kind.choices,
        error_messages={
            "required": _("Choose what kind of place it is."),
            "invalid_choice": _("Choose what kind of place it is."),
        },
    )
    description = forms.CharField(
        label=_("Where it is"),
        max_length=300,
        required=False,
        error_messages={"max_length": _("Keep it within 300 characters.")},
    )
    buildings = IdChoicesField(
        label=_("Buildings in or beside it"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose buildings of this compound."),
            "invalid_pk_value": _("Choose buildings of this compound."),
        },
    )
    plan_x = forms.DecimalField(
        label=_("Across the plan (%)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        max_digits=5,
        error_messages=POINT,
    )
    plan_y = forms.DecimalField(
        label=_("Down the plan (%)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        max_digits=5,
        error_messages=POINT,
    )

    def __init__(self, *args, compound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buildings"].queryset = compound.buildings.order_by("name")

    def clean(self):
        data = super().clean()
        if (data.get("plan_x") is None) != (data.get("plan_y") is None):
            raise forms.ValidationError(_("Give both coordinates on the plan, or neither."))
        return data


class ClaimForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label=_("Myself"),
        label=_("Who keeps it"),
        error_messages={"invalid_choice": _("Choose a team you lead.")},
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class ScheduleForm(forms.Form):
    day = DayField(label=_("Day of the clean-up"))


class RecordForm(forms.Form):
    report = forms.CharField(
        label=pgettext_lazy("clean-up", "What was done"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Say in a few words what was done."),
            "max_length": _("Keep it within 300 characters."),
        },
    )
    photos = MultipleFileField(label=_("Photos of the result (up to 4)"), accept="image/*")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].error_messages["required"] = _(
            "Add at least one photo of the result."
        )

"""The form that makes someone answerable (四包 / 党员联系户)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import Responsibility
from community.permissions.care import answerable_people

SEPARATORS = re.compile(r"[,，、;；\n]+")
MAX_HOUSEHOLDS = 60


class AssignForm(forms.Form):
    building = forms.ModelChoiceField(
        label=_("Building"),
        queryset=None,
        error_messages={
            "required": _("Choose the building."),
            "invalid_choice": _("Choose a building of this compound."),
        },
    )
    person = forms.ModelChoiceField(
        label=_("Who is answerable"),
        queryset=None,
        error_messages={
            "required": _("Choose who is answerable."),
            "invalid_choice": _(
                "Only a party member or a role holder of this compound can be made answerable."
            ),
        },
    )
    matter = forms.ChoiceField(
        label=_("Answerable for"),
        choices=Responsibility.Matter.choices,
        error_messages={
            "required": _("Choose what they are answerable for."),
            "invalid_choice": _("Choose what they are answerable for."),
        },
    )
    doors = forms.CharField(
        label=_("Households (door numbers)"),
        required=False,
        max_length=600,
        help_text=_(
            "For households in contact: door numbers separated by commas, e.g. 301, 2单元402."
        ),
        error_messages={"max_length": _("Too many door numbers at once.")},
    )

    def __init__(self, *args, compound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = compound.buildings.order_by("name")
        self.fields["person"].queryset = answerable_people(compound)

    def clean(self):
        data = super().clean()
        building, matter = data.get("building"), data.get("matter")
        data["units"] = []
        if building is None or matter != Responsibility.Matter.HOUSEHOLDS:
            return data
        tokens = [t.replace(" ", "") for t in SEPARATORS.split(data.get("doors") or "")]
        tokens = [t for t in dict.fromkeys(tokens) if t]
        if not tokens:
            raise forms.ValidationError(_("Choose the households they keep in touch with."))
        if len(tokens) > MAX_HOUSEHOLDS:
            raise forms.ValidationError(_("Too many door numbers at once."))
        units = list(building.units.all())
        for token in tokens:
            found = [u for u in units if token in (u.door, f"{u.entrance}{u.door}")]
            if not found:
                raise forms.ValidationError(
                    _("There is no home %(door)s in %(building)s.")
                    % {"door": token, "building": building.name}
                )
            if len(found) > 1:
                raise forms.ValidationError(
                    _("Say which entrance for %(door)s, e.g. %(example)s.")
                    % {"door": token, "example": f"{found[0].entrance}{token}"}
                )
            data["units"].append(found[0])
        return data

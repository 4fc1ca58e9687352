"""Forms of the facilities register: adding a facility, recording its condition, starting
a survey, uploading the plan; changing and retiring a facility. Choices are over querysets
of the compound (never a raw id), conditions those of the facility's kind; the services
check again and say what is wrong in the person's words."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.models import Facility, Team, Zone
from community.models.facilities import Condition, conditions_of
from compounds.models import Building, Compound

OFF_PLAN = _("That point is off the plan: both numbers go from 0 to 100.")
RECORDABLE = [(v, label) for v, label in Condition.choices if v != Condition.UNKNOWN]


def recordable(kind: str | None = None) -> list[tuple[str, str]]:
    """The conditions a check of a facility of `kind` may record, as choices (every
    recordable one when no kind is given)."""
    if kind is None:
        return RECORDABLE
    return [(c.value, c.label) for c in conditions_of(kind)]


def _percent(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        error_messages={
            "invalid": _("Give a number from 0 to 100."),
            "min_value": OFF_PLAN,
            "max_value": OFF_PLAN,
            "max_digits": OFF_PLAN,
            "max_decimal_places": _("At most two decimals."),
            "max_whole_digits": OFF_PLAN,
        },
    )


class FacilityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Facility.Kind.choices,
        error_messages={"required": _("Choose a kind of facility.")},
    )
    code = forms.CharField(
        label=_("Facility code"),
        max_length=20,
        help_text=_("As painted or on the sticker, for example J-07 or LD-12."),
        error_messages={"required": _("Give the facility a code.")},
    )
    building = forms.ModelChoiceField(
        label=_("Building"), queryset=Building.objects.none(), required=False
    )
    place = forms.CharField(
        label=_("Where exactly?"),
        max_length=100,
        required=False,
        help_text=_("For example by the east gate, or in front of 3栋."),
    )
    plan_x = _percent(_("Across the plan (%)"))
    plan_y = _percent(_("Down the plan (%)"))
    zone = forms.ModelChoiceField(
        label=_("Service zone"), queryset=Zone.objects.none(), required=False
    )

    def __init__(self, *args, compound: Compound, **kw):
        super().__init__(*args, **kw)
        self.fields["building"].queryset = compound.buildings.order_by("name")
        self.fields["zone"].queryset = Zone.objects.filter(compound=compound).order_by("name")

    def clean(self):
        data = super().clean()
        if (data.get("plan_x") is None) != (data.get("plan_y") is None):
            self.add_error("plan_y", _("Give both coordinates on the plan, or neither."))
        return data


class FacilityEditForm(FacilityForm):
    """Correcting a facility: what adding one asks, and a note."""

    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example the model, or who to call about it."),
    )

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.fields["code"].help_text = _(
            "Each code is used once in the compound, by retired facilities too: to give a "
            "retired one's code to a new one, change the retired one's code first."
        )


class RetireForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it taken out of use?"),
        max_length=200,
        help_text=_("For example: removed when the road was rebuilt; replaced by LD-12."),
        error_messages={"required": _("Say why it is taken out of use.")},
    )


class ConditionForm(forms.Form):
    condition = forms.ChoiceField(
        label=_("Condition"),
        choices=RECORDABLE,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the condition you saw."),
            "invalid_choice": _("Choose one of the conditions shown for this facility."),
        },
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    # No `capture`: the phone offers the camera and the photos already taken.
    photo = forms.FileField(label=_("Photo"), required=False)

    def __init__(self, *args, kind: str | None = None, **kw):
        """`kind`: the facility's (or the survey's), whose conditions alone are offered."""
        super().__init__(*args, **kw)
        self.fields["condition"].choices = recordable(kind)


class SurveyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Which facilities"),
        choices=Facility.Kind.choices,
        initial=Facility.Kind.MANHOLE,
        error_messages={"required": _("Choose a kind of facility.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=60,
        help_text=_("For example 2026年秋季下水井普查."),
        error_messages={"required": _("Give the survey a title.")},
    )
    team = forms.ModelChoiceField(
        label=_("Given to the team (optional)"), queryset=Team.objects.none(), required=False
    )

    def __init__(self, *args, compound: Compound, **kw):
        super().__init__(*args, **kw)
        self.fields["team"].queryset = Team.objects.filter(
            Q(compound=compound) | Q(community_id=compound.community_id, compound=None),
            disbanded_at=None,
        ).order_by("name")


class PlanForm(forms.Form):
    image = forms.FileField(
        label=_("Plan of the compound (a photo or a picture)"),
        error_messages={"required": _("Choose the picture of the plan.")},
    )

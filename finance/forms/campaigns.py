"""Forms of campaigns (众筹/分摊): starting one, a household's answer, a collector's
payment."""

import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compounds.models import Building
from finance.forms.entries import AmountField, members_of
from finance.models import Account, Campaign, CampaignPart, CampaignPayment
from portal.forms import DayField, IdChoicesField

# Campaigns (众筹/分摊) -------------------------------------------------------------------

THRESHOLDS = [
    ("1/2", _("half of the households or more")),
    ("2/3", _("two thirds of the households or more")),
    ("3/4", _("three quarters of the households or more")),
]
ENDING = re.compile(r"^\d{1,3}$")


class CampaignForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=80, error_messages={"required": _("Name the campaign.")}
    )
    purpose = forms.CharField(
        label=_("What the money is for"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what the money is for.")},
    )
    target = AmountField(
        label=_("Target (yuan)"),
        error_messages={"max_value": _("A campaign raises at most ¥%(limit_value)s.")},
    )
    basis = forms.ChoiceField(
        label=_("Apportioned"),
        choices=Campaign.Basis.choices,
        initial=Campaign.Basis.UNIT,
        widget=forms.RadioSelect,
    )
    building = forms.ModelChoiceField(
        label=_("Building"),
        queryset=Building.objects.none(),
        required=False,
        empty_label=_("Every building"),
        error_messages={"invalid_choice": _("Choose one of the compound's buildings.")},
    )
    entrance = forms.CharField(
        label=_("Entrance"),
        max_length=20,
        required=False,
        help_text=_("For example 2单元; empty for every entrance."),
    )
    endings = forms.CharField(
        label=_("Rooms ending with"),
        max_length=60,
        required=False,
        help_text=_(
            "For example 02, 04 for the 02 and 04 flats of every floor; empty for every room."
        ),
    )
    deadline = DayField(label=_("Answer by"), error_messages={"required": _("Enter the deadline.")})
    threshold = forms.ChoiceField(label=_("Agreement needed"), choices=THRESHOLDS)
    account = forms.ModelChoiceField(
        label=_("Project fund"),
        queryset=Account.objects.none(),
        required=False,
        empty_label=_("Open a new project fund for it"),
        error_messages={"invalid_choice": _("Choose one of the compound's project funds.")},
    )
    collectors = IdChoicesField(
        label=_("Collectors"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Members of the compound's committees or its party branch who receive payments."
        ),
        error_messages={
            "required": _("Name at least one collector."),
            "invalid_choice": _("Choose among the members listed."),
        },
    )

    def __init__(self, *args, compound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = compound.buildings.order_by("pk")
        self.fields["account"].queryset = compound.accounts.filter(
            kind=Account.Kind.PROJECT_FUND
        ).order_by("pk")
        self.fields["collectors"].queryset = members_of(compound)
        self.fields["threshold"].initial = settings.FINANCE_CAMPAIGN_THRESHOLD

    def clean_deadline(self):
        day = self.cleaned_data["deadline"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return day

    def clean_endings(self):
        endings = [e for e in re.split(r"[\s,，、;；]+", self.cleaned_data["endings"]) if e]
        if any(not ENDING.match(e) for e in endings):
            raise forms.ValidationError(_("Write the endings as digits, such as 02, 04."))
        return tuple(dict.fromkeys(endings))

    def campaign_fields(self) -> dict:
        data = self.cleaned_data
        numerator, denominator = (int(n) for n in data["threshold"].split("/"))
        return {
            "title": data["title"],
            "purpose": data["purpose"],
            "target": data["target"],
            "basis": data["basis"],
            "deadline": data["deadline"],
            "threshold_numerator": numerator,
            "threshold_denominator": denominator,
        }


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=CampaignPart.Answer.choices, error_messages={"required": _("Agree or decline.")}
    )


class PaymentForm(forms.Form):
    part = forms.ModelChoiceField(
        label=_("Household"),
        queryset=CampaignPart.objects.none(),
        error_messages={
            "required": _("Choose the household that paid."),
            "invalid_choice": _("Choose one of the campaign's households."),
        },
    )
    amount = AmountField(label=_("Amount (yuan)"))
    method = forms.ChoiceField(
        label=_("Paid in"), choices=CampaignPayment.Method.choices, widget=forms.RadioSelect
    )
    paid_on = DayField(label=_("Paid on"), initial=timezone.localdate)
    receipt = forms.FileField(
        label=_("Receipt (photo or PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
        error_messages={"required": _("Attach the receipt of this payment.")},
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].queryset = campaign.parts.select_related("unit__building").order_by(
            "position"
        )
        self.fields["part"].label_from_instance = lambda p: (
            _("%(unit)s · %(left)s left") % {"unit": p.unit, "left": f"¥{p.left:,.2f}"}
        )

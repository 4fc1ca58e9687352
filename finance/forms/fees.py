"""Forms of property fees (物业费): the schedule, a month to raise, a payment, a bank
statement to import."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compounds.models import Unit
from finance.banking import unit_code
from finance.forms.entries import AmountField
from finance.models import FeePayment, FeeSchedule
from portal.forms import DayField


class FeeScheduleForm(forms.Form):
    basis = forms.ChoiceField(
        label=_("How the monthly fee is reckoned"),
        choices=FeeSchedule.Basis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose per m² or a fixed sum.")},
    )
    rate = forms.DecimalField(
        label=_("Rate (yuan)"),
        max_digits=10,
        decimal_places=4,
        min_value=Decimal("0.01"),
        max_value=Decimal("100000"),
        help_text=_("Per m² of 专有部分面积 per month (such as 1.85), or per unit per month."),
        error_messages={
            "required": _("Enter the rate."),
            "invalid": _("Enter a rate in yuan, such as 1.85."),
            "min_value": _("The rate must be at least ¥0.01."),
            "max_value": _("This rate is too large."),
            "max_decimal_places": _("A rate has at most four decimal places."),
            "max_digits": _("This rate is too large."),
            "max_whole_digits": _("This rate is too large."),
        },
    )


class MonthForm(forms.Form):
    month = DayField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"required": _("Choose the month."), "invalid": _("Choose a month.")},
    )


class UnitForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Home (unit code, building-entrance-door)"),
        queryset=Unit.objects.none(),
        error_messages={
            "required": _("Choose the unit that paid."),
            "invalid_choice": _("Choose a unit of this compound."),
        },
    )

    def __init__(self, *args, compound, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(building__compound=compound).select_related("building")
        self.fields["unit"].queryset = units.order_by("building_id", "entrance", "floor", "door")
        self.fields["unit"].label_from_instance = unit_code


class FeePaymentForm(UnitForm):
    paid_on = DayField(
        label=_("Paid on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the date."), "invalid": _("Enter a date.")},
    )
    amount = AmountField(label=_("Amount (yuan)"))
    method = forms.ChoiceField(
        label=_("Paid by"), choices=FeePayment.Method.choices, widget=forms.RadioSelect
    )
    receipt_no = forms.CharField(label=_("Receipt number (if any)"), max_length=40, required=False)

    def clean_paid_on(self):
        day = self.cleaned_data["paid_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be later than today."))
        return day


class BankStatementForm(forms.Form):
    statement = forms.FileField(
        label=_("Bank statement (CSV or Excel)"),
        help_text=_(
            "Columns 交易日期, 金额, 摘要 (or 附言) with the unit code such as 8-1-501, and "
            "if the bank gives them 对方户名 and 流水号. UTF-8 or GBK."
        ),
        error_messages={"required": _("Choose the statement file.")},
    )

    def clean_statement(self):
        upload = self.cleaned_data["statement"]
        limit = settings.PORTAL_MAX_IMPORT_BYTES
        if upload.size > limit:  # before reading it into memory
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB. Split it into smaller files.")
                % {"mb": limit // 2**20}
            )
        return upload


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=2_000_000)

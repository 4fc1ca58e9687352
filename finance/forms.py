"""Forms of finance: validation and Chinese messages. Amounts are Decimal with two places,
more than zero and at most FINANCE_MAX_AMOUNT; the resolution an expense cites is chosen
from the compound's passed resolutions."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from compounds.models import Membership, Unit
from deliberation.models import Proposal
from finance.banking import unit_code
from finance.models import (
    EXPENSE_CATEGORIES,
    INCOME_CATEGORIES,
    Account,
    Category,
    Entry,
    FeePayment,
    FeeSchedule,
)
from portal.forms import MultipleFileField


class AmountField(forms.DecimalField):
    default_error_messages = {
        "invalid": _("Enter an amount in yuan, such as 1200 or 86.50."),
        "max_decimal_places": _("Amounts have at most two decimal places (fen)."),
        "max_digits": _("This amount is too large."),
        "max_whole_digits": _("This amount is too large."),
        "min_value": _("The amount must be more than zero."),
        "max_value": _("An entry is at most ¥%(limit_value)s; split a larger sum or check it."),
        "required": _("Enter the amount."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault("max_value", Decimal(settings.FINANCE_MAX_AMOUNT))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "step": "0.01"})


class EntryForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Income or expense"),
        choices=Entry.Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether money came in or went out.")},
    )
    occurred_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),  # what type=date reads
        error_messages={"required": _("Enter the date."), "invalid": _("Enter a date.")},
    )
    amount = AmountField(label=_("Amount (yuan)"))
    # An empty first option: nothing looks chosen before the keeper chooses.
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("Choose…")), *Category.choices],
        error_messages={"required": _("Choose a category.")},
    )
    counterparty = forms.CharField(
        label=_("Paid to or received from"),
        max_length=100,
        error_messages={"required": _("Say who paid or was paid.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    mandate = forms.ModelChoiceField(
        label=_("Resolution it follows"),
        queryset=Proposal.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_(
            "Needed for the maintenance fund, and for any expense above the compound's threshold."
        ),
        error_messages={"invalid_choice": _("Choose one of the passed resolutions.")},
    )
    receipts = MultipleFileField(
        label=_("Receipts (photos or PDF)"), required=False, accept="image/*,application/pdf"
    )

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["mandate"].queryset = Proposal.objects.filter(
            compound_id=account.compound_id, decision=Proposal.Decision.APPROVED
        ).order_by("-pk")
        self.fields["mandate"].label_from_instance = lambda p: f"#{p.pk} {p.title}"

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be later than today."))
        if day < self.account.opened_on:
            raise forms.ValidationError(_("The date is before the account was opened."))
        return day

    def clean(self):
        data = super().clean()
        direction, category = data.get("direction"), data.get("category")
        allowed = INCOME_CATEGORIES if direction == Entry.Direction.INCOME else EXPENSE_CATEGORIES
        if direction and category and category not in allowed:
            self.add_error("category", _("This category is not for this kind of entry."))
        if direction == Entry.Direction.INCOME and data.get("mandate"):
            self.add_error("mandate", _("Only an expense cites a resolution."))
        return data

    def entry_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "direction",
                "occurred_on",
                "amount",
                "category",
                "counterparty",
                "description",
                "mandate",
            )
        }


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Comment"), max_length=1000, required=False)


class ReverseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it reversed?"),
        max_length=500,
        error_messages={"required": _("Say why the entry is reversed.")},
    )


class AccountForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Account.Kind.choices)
    name = forms.CharField(
        label=pgettext_lazy("account", "Name"),
        max_length=60,
        error_messages={"required": _("Name the account.")},
    )
    opening_balance = AmountField(label=_("Opening balance (yuan)"), min_value=Decimal(0))
    keeper = forms.ModelChoiceField(
        label=_("Keeper (treasurer)"),
        queryset=get_user_model().objects.none(),
        help_text=_("A member of one of the compound's committees or its party branch."),
        error_messages={
            "required": _("Choose who keeps the account."),
            "invalid_choice": _("Choose one of the members listed."),
        },
    )

    def __init__(self, *args, compound, **kwargs):
        super().__init__(*args, **kwargs)
        members = Membership.objects.current().filter(body__compound=compound)
        self.fields["keeper"].queryset = (
            get_user_model().objects.filter(pk__in=members.values("user_id")).order_by("pk")
        )


class PeriodForm(forms.Form):
    """A ledger export's dates, from the query string: a value that does not fit is left
    out (the export covers everything), never an error page."""

    start = forms.DateField(required=False)
    end = forms.DateField(required=False)

    def bounds(self):
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("start"), self.cleaned_data.get("end")


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
    month = forms.DateField(
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
    paid_on = forms.DateField(
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

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

from compounds.models import Membership
from deliberation.models import MatterItem, Proposal
from finance import books, emergencies
from finance.models import (
    EXPENSE_CATEGORIES,
    INCOME_CATEGORIES,
    Account,
    Campaign,
    Category,
    Entry,
)
from portal.forms import DayField, MultipleFileField


def members_of(compound):
    """Who may collect or keep: current members of the compound's bodies."""
    members = Membership.objects.current().filter(body__compound=compound)
    return get_user_model().objects.filter(pk__in=members.values("user_id")).order_by("pk")


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
    occurred_on = DayField(label=_("Date"))
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
    # 应急使用: offered on the maintenance fund only (finance/emergencies.py).
    emergency = forms.ChoiceField(
        label=_("Emergency use before a resolution"),
        required=False,
        help_text=_(
            "Only for an emergency that cannot wait for the owners' vote: the owners' "
            "committee approves it, community staff confirm it, the owners ratify it later."
        ),
        error_messages={"invalid_choice": _("Choose one of the listed emergencies.")},
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign it follows"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("A campaign of this fund whose households agreed: instead of a resolution."),
        error_messages={"invalid_choice": _("Choose one of this fund's campaigns.")},
    )
    receipts = MultipleFileField(
        label=_("Receipts (photos or PDF)"), required=False, accept="image/*,application/pdf"
    )

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        if account.kind == Account.Kind.MAINTENANCE_FUND:
            self.fields["emergency"].choices = [("", _("No, it is not")), *emergencies.choices()]
        else:
            del self.fields["emergency"]
        self.fields["mandate"].queryset = Proposal.objects.filter(
            compound_id=account.compound_id, decision=Proposal.Decision.APPROVED
        ).order_by("-pk")
        self.fields["mandate"].label_from_instance = lambda p: f"#{p.pk} {p.title}"
        if account.kind == Account.Kind.PROJECT_FUND:  # campaigns raise project funds only
            self.fields["campaign"].queryset = account.campaigns.order_by("-pk")
            self.fields["campaign"].label_from_instance = lambda c: f"#{c.pk} {c.title}"
        else:
            del self.fields["campaign"]

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
        if data.get("emergency"):
            try:
                books.check_emergency(self.account, data)
            except forms.ValidationError as error:
                self.add_error("emergency", error)
        if data.get("campaign"):
            if direction == Entry.Direction.INCOME:
                self.add_error("campaign", _("Only an expense cites a campaign."))
            elif data.get("mandate"):
                self.add_error("campaign", _("Cite a resolution or a campaign, not both."))
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
        } | {"emergency": data.get("emergency") or "", "campaign": data.get("campaign")}


class RedateForm(forms.Form):
    """An entry whose amount follows something else (books.follows_another) is corrected
    in its date and description only."""

    occurred_on = EntryForm.base_fields["occurred_on"]
    description = EntryForm.base_fields["description"]
    receipts = EntryForm.base_fields["receipts"]
    clean_occurred_on = EntryForm.clean_occurred_on

    def __init__(self, *args, account: Account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account

    def entry_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("occurred_on", "description")}


class RatifyForm(forms.Form):
    proposal = forms.ModelChoiceField(
        label=_("Resolution that ratified it"),
        queryset=Proposal.objects.none(),
        empty_label=_("Choose…"),
        error_messages={
            "required": _("Choose the resolution."),
            "invalid_choice": _("Choose one of the passed resolutions."),
        },
    )

    def __init__(self, *args, compound_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = Proposal.objects.filter(
            compound_id=compound_id,
            decision=Proposal.Decision.APPROVED,
            matter_item=MatterItem.USE_FUND,
        ).order_by("-pk")
        self.fields["proposal"].label_from_instance = lambda p: f"#{p.pk} {p.title}"


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
    visibility = forms.ChoiceField(
        label=_("Who reads its ledger"),
        choices=Account.Visibility.choices,
        initial=Account.Visibility.RESIDENTS,
        widget=forms.RadioSelect,
    )
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
        self.fields["keeper"].queryset = members_of(compound)


class PolicyForm(forms.Form):
    """The supervisory committee's choices for the compound's books."""

    approvals_required = forms.TypedChoiceField(
        label=_("Supervisory approvals each entry needs"),
        choices=[(1, _("one member")), (2, _("two members"))],
        coerce=int,
        widget=forms.RadioSelect,
    )
    mandate_threshold = AmountField(
        label=_("Expenses above this sum need a passed resolution (yuan)"),
        help_text=_("Any expense from the maintenance fund needs one, whatever its sum."),
    )


class PeriodForm(forms.Form):
    """A ledger export's dates, from the query string: a value that does not fit is left
    out (the export covers everything), never an error page."""

    start = DayField(required=False)
    end = DayField(required=False)

    def bounds(self):
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("start"), self.cleaned_data.get("end")

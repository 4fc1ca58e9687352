from django import forms
from django.utils.translation import gettext_lazy as _

from compounds.models import Department
from portal.forms import MainlandPhoneField, MultipleFileField
from requests.models import Category, Request, ReturnVisit


class FileRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=Request.Kind.choices,
        initial=Request.Kind.REPAIR,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label=_("Category"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a category.")},
    )
    where = forms.ChoiceField(label=_("Where"), widget=forms.RadioSelect)
    place = forms.CharField(
        label=_("Place in the compound"),
        max_length=100,
        required=False,
        help_text=_("For example the main gate."),
    )
    description = forms.CharField(
        label=_("What is wrong?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say in a few words what is wrong.")},
    )
    urgency = forms.ChoiceField(
        label=_("How urgent?"),
        choices=Request.Urgency.choices,
        initial=Request.Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    photos = MultipleFileField(
        label=_("Photos (up to 4)"), required=False, accept="image/*", capture="environment"
    )

    def __init__(self, *args, categories=(), places=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.pk, c.name) for c in categories]
        self.fields["where"].choices = places


class FileForNeighbourForm(FileRequestForm):
    """Filing for a neighbour without a phone (代报): who they are, how they asked, and a
    home, a common area or a place in the compound."""

    resident_name = forms.CharField(
        label=_("Neighbour's name"),
        max_length=40,
        help_text=_("How to address them on a visit, for example 3单元王奶奶."),
        error_messages={"required": _("Say whom you are filing for.")},
    )
    resident_phone = MainlandPhoneField(
        label=_("Their mobile number, if they have an account"), required=False
    )
    channel = forms.ChoiceField(
        label=_("How did they ask?"),
        choices=[c for c in Request.Channel.choices if c[0] != Request.Channel.APP],
        initial=Request.Channel.PHONE_CALL,
        widget=forms.RadioSelect,
    )
    field_order = ["resident_name", "resident_phone", "channel", "kind", "category", "where"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["where"].widget = forms.Select()
        self.fields["where"].choices = kwargs.get("places", ())


class ActionForm(forms.Form):
    note = forms.CharField(required=False, max_length=1000, label=_("Note"))
    rating = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(i, i) for i in range(1, 6)],
        label=_("Stars"),
    )
    comment = forms.CharField(required=False, max_length=500, label=_("Comment"))
    outcome = forms.ChoiceField(required=False, choices=Request.Outcome.choices, label=_("Outcome"))
    assignee = forms.IntegerField(required=False)
    department = forms.IntegerField(required=False)
    handler_kind = forms.ChoiceField(required=False, choices=Request.Handler.choices)
    method = forms.ChoiceField(required=False, choices=ReturnVisit.Method.choices)
    reached = forms.TypedChoiceField(
        required=False,
        coerce=lambda v: v == "yes",
        choices=[("yes", _("yes")), ("no", _("no"))],
        empty_value=True,
    )


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Department or unit"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=Department.Kind.choices)
    hotline = forms.CharField(label=_("Hotline"), max_length=30, required=False)


class DepartmentStaffForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), empty_label=_("Choose…")
    )
    phone = MainlandPhoneField(label=_("Their mobile number"))
    display_name = forms.CharField(label=_("Name"), max_length=50, required=False)

    def __init__(self, *args, departments=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["department"].queryset = departments


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "route", "hotline", "order"]
        labels = {"order": _("Order")}


CategoryFormSet = forms.modelformset_factory(
    Category, form=CategoryForm, extra=1, can_delete=True, max_num=40, validate_max=True
)


class ServiceLevelsForm(forms.Form):
    """Time limits in hours (half hours allowed), shown and entered the way people say them."""

    emergency_accept = forms.DecimalField(
        label=_("Emergency: accept within (hours)"), min_value=0.5, max_digits=5, decimal_places=1
    )
    emergency_resolve = forms.DecimalField(
        label=_("Emergency: resolve within (hours)"), min_value=0.5, max_digits=5, decimal_places=1
    )
    normal_accept = forms.DecimalField(
        label=_("Normal: accept within (hours)"), min_value=0.5, max_digits=5, decimal_places=1
    )
    normal_resolve = forms.DecimalField(
        label=_("Normal: resolve within (hours)"), min_value=0.5, max_digits=5, decimal_places=1
    )

    def minutes(self) -> dict[str, tuple[int, int]]:
        d = self.cleaned_data
        return {
            urgency: (int(d[f"{urgency}_accept"] * 60), int(d[f"{urgency}_resolve"] * 60))
            for urgency in ("emergency", "normal")
        }

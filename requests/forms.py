from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import MultipleFileField
from requests.models import Request


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
